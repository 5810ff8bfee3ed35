package depot.it.go;

import static org.assertj.core.api.Assertions.assertThat;

import depot.it.support.Api;
import depot.it.support.Backend;
import depot.it.support.TestCerts;
import depot.it.support.TestServer;
import depot.it.support.Tools;
import depot.it.support.World;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The machine's go command against Depot over HTTPS, with Depot as the only proxy and credentials from netrc (the
 * default GOAUTH; since Go 1.24 the machine is matched with its port), which go sends over HTTPS only: a module zipped by tools/go-mod-zip and uploaded with curl, a
 * {@code /v2} module that requires it uploaded with a deploy token, then {@code go get}, {@code go build} and a run of
 * a program using both through the group proxy (a personal token), {@code go mod download} through the instance
 * (a CI job token) and the project by id and by path; the h1: hashes go writes to go.sum are the ones Depot printed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GoClientsTest {
    private static final String GREET = "depot.test/acme/greet";
    private static final String WORDS = "depot.test/acme/Words/v2";
    private TestServer server;
    private TestCerts certs;
    private Path go;
    private World world;
    private long lib;
    private long words;
    private String devToken;
    private String job;
    private String deployUser;
    private String deployToken;
    @TempDir Path dir;

    @BeforeAll
    void setUp() throws Exception {
        go = Tools.require("go", "the machine's Go toolchain (1.24+)");
        certs = TestCerts.create();
        server = new TestServer(Backend.SQLITE, certs.settings());
        world = new World(server);
        long group = world.group("acme", "private");
        lib = world.project(group, "lib", "private");
        words = world.project(group, "words", "private");
        World.Person dev = world.user("dev", "api");
        world.member("groups", group, dev.id(), 30);
        devToken = dev.token();
        job = world.job(lib, dev.id()).get("token").asString();
        var deploy = world.deployToken("projects", words, "read_package_registry", "write_package_registry");
        deployUser = deploy.get("username").asString();
        deployToken = deploy.get("token").asString();
    }

    @AfterAll
    void tearDown() throws Exception {
        if (server != null) server.close();
    }

    private Map<String, String> env(String proxy, String cache, String login, String password) throws Exception {
        Path home = Files.createDirectories(dir.resolve("home-" + cache));
        Files.writeString(home.resolve(".netrc"), "machine localhost:" + server.tlsPort() + " login " + login + " password " + password + "\n");
        Map<String, String> env = new HashMap<>();
        env.put("HOME", home.toString());
        env.put("GOPATH", dir.resolve("gopath-" + cache).toString());
        env.put("GOCACHE", Path.of("target", "go-tools", "build-cache").toAbsolutePath().toString());
        env.put("GOPROXY", server.tlsUrl() + proxy);
        env.put("GONOSUMDB", "depot.test");
        env.put("GOFLAGS", "-mod=mod -modcacherw");
        env.put("GOTOOLCHAIN", "local");
        env.put("GOTELEMETRY", "off");
        env.put("GOAUTH", "netrc");
        env.put("SSL_CERT_FILE", certs.ca().toString());
        env.remove("NETRC");
        return env;
    }

    private String upload(Path moduleDir, String module, String version, long project) throws Exception {
        Path zip = dir.resolve(version + "-" + project + ".zip");
        Path script = Path.of("..", "tools", "go-mod-zip").toAbsolutePath().normalize();
        Tools.ok(dir, Map.of(), List.of("python3", script.toString(), moduleDir.toString(), version, zip.toString()));
        return zip.toString();
    }

    @Test
    void go_gets_builds_and_downloads_through_project_group_and_instance_over_https() throws Exception {
        Path greet = Files.createDirectories(dir.resolve("greet"));
        Files.writeString(greet.resolve("go.mod"), "module " + GREET + "\n\ngo 1.21\n");
        Files.writeString(greet.resolve("greet.go"), "package greet\n\n// Hello greets.\nfunc Hello(name string) string { return \"hello, \" + name }\n");
        String zip = upload(greet, GREET, "v1.0.0", lib);
        // the README's curl recipe, over HTTPS, with the project addressed by path
        Tools.Result curl = Tools.run(dir, Map.of(), List.of("curl", "--silent", "--show-error", "--fail-with-body",
                "--cacert", certs.ca().toString(), "-H", "Private-Token: " + devToken, "--upload-file", zip,
                server.tlsUrl() + "/api/v4/projects/acme%2Flib/packages/go/upload?module=" + GREET + "&version=v1.0.0"));
        assertThat(curl.exit()).as(curl.stdout() + curl.stderr()).isZero();
        String greetH1 = Api.JSON.readTree(curl.stdout()).get("h1").asString();

        Path wordsDir = Files.createDirectories(dir.resolve("words"));
        Files.writeString(wordsDir.resolve("go.mod"), "module " + WORDS + "\n\ngo 1.21\n\nrequire " + GREET + " v1.0.0\n");
        Files.writeString(wordsDir.resolve("words.go"), "package words\n\nimport \"" + GREET + "\"\n\n"
                + "// Shout greets loudly.\nfunc Shout(name string) string { return greet.Hello(name) + \"!\" }\n");
        Api deploy = server.as("Deploy-Token", deployToken);
        Api.Response up = Modules.upload(deploy, "/api/v4/projects/" + words + "/packages/go", WORDS, "v2.1.0",
                Files.readAllBytes(Path.of(upload(wordsDir, WORDS, "v2.1.0", words))));
        assertThat(up.status()).as(up.body()).isEqualTo(201);
        String wordsH1 = up.json().get("h1").asString();
        String wordsModH1 = up.json().get("go_mod_h1").asString();

        // a program using both, through the group proxy
        Path app = Files.createDirectories(dir.resolve("app"));
        Files.writeString(app.resolve("go.mod"), "module example.local/app\n\ngo 1.21\n");
        Files.writeString(app.resolve("main.go"), "package main\n\nimport (\n\t\"fmt\"\n\n\t\"" + GREET + "\"\n\twords \""
                + WORDS + "\"\n)\n\nfunc main() { fmt.Println(words.Shout(\"depot\"), greet.Hello(\"go\")) }\n");
        Map<String, String> group = env("/api/v4/groups/acme/-/packages/go", "group", "dev", devToken);
        Tools.ok(app, group, List.of(go.toString(), "get", WORDS + "@v2.1.0"));
        Tools.ok(app, group, List.of(go.toString(), "build", "-o", "app", "."));
        assertThat(Tools.ok(app, Map.of(), List.of(app.resolve("app").toString())).stdout().trim())
                .isEqualTo("hello, depot! hello, go");
        String sum = Files.readString(app.resolve("go.sum"));
        assertThat(sum).contains(GREET + " v1.0.0 " + greetH1 + "\n").contains(WORDS + " v2.1.0 " + wordsH1 + "\n")
                .contains(WORDS + " v2.1.0/go.mod " + wordsModH1 + "\n");

        // the instance proxy with a CI job token, the project proxy by id with the deploy token, by path as dev
        Map<String, String> scopes = new java.util.LinkedHashMap<>();
        List<Map<String, String>> envs = new ArrayList<>(List.of(
                env("/api/v4/packages/go", "instance", "gitlab-ci-token", job),
                env("/api/v4/projects/" + words + "/packages/go", "project-id", deployUser, deployToken),
                env("/api/v4/projects/acme%2Flib/packages/go", "project-path", "dev", devToken)));
        // a job token reads its own project's modules; the deploy token its project's
        List<String> modules = List.of(GREET + "@v1.0.0", WORDS + "@latest", GREET + "@latest");
        for (int i = 0; i < envs.size(); i++) {
            Tools.Result r = Tools.ok(dir, envs.get(i), List.of(go.toString(), "mod", "download", "-json", modules.get(i)));
            var json = Api.JSON.readTree(r.stdout());
            scopes.put(envs.get(i).get("GOPROXY"), json.path("Sum").asString());
            assertThat(json.path("Error").isMissingNode()).as(r.stdout()).isTrue();
        }
        assertThat(scopes.values()).containsExactly(greetH1, wordsH1, greetH1);
        // without credentials, the private group answers 401 and go says so
        Map<String, String> none = env("/api/v4/groups/acme/-/packages/go", "anonymous", "nobody", "wrong");
        Files.delete(Path.of(none.get("HOME"), ".netrc"));
        Tools.Result denied = Tools.run(dir, none, List.of(go.toString(), "mod", "download", GREET + "@v1.0.0"));
        assertThat(denied.exit()).isNotZero();
        assertThat(denied.stderr()).contains("401");
    }
}
