package depot.it.npm;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import depot.it.support.Api;
import depot.it.support.Backend;
import depot.it.support.NodeTools;
import depot.it.support.TestServer;
import depot.it.support.Tools;
import depot.it.support.World;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A group and the instance reading through npm upstreams: Verdaccio on loopback holds a real package tree (chalk 4
 * and its dependencies, and a scoped package), packed once per checkout from the machine's npm registry and
 * published into it by the test; npm and pnpm install it through Depot, and again with Verdaccio gone. A tarball
 * whose bytes do not match its integrity is refused with nothing kept; names and scopes Depot holds are never read
 * from an upstream.
 */
class NpmUpstreamTest {
    private static final List<String> TREE = List.of("chalk@4.1.2", "ansi-styles@4.3.0", "supports-color@7.2.0",
            "color-convert@2.0.1", "color-name@1.1.4", "has-flag@4.0.0", "@tootallnate/once@2.0.0");
    private static TestServer server;
    private static World world;
    private static Path packed;
    @TempDir static Path dir;

    @BeforeAll
    static void start() throws Exception {
        NodeTools.npm();
        packed = NodeTools.packed("upstream-tree", TREE.toArray(String[]::new));
        server = new TestServer(Backend.SQLITE, Map.of("upstream_local_network", "true"));
        world = new World(server);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) server.close();
    }

    @Test
    void npm_and_pnpm_install_a_tree_that_lives_only_upstream_and_again_when_the_upstream_is_gone() throws Exception {
        Verdaccio upstream = verdaccio();
        long group = world.group("tree", "private");
        try {
            long id = server.root().post("/api/v4/groups/tree/-/upstreams", Map.of("package_type", "npm",
                    "name", "loopback verdaccio", "url", upstream.url + "/")).json().get("id").asLong();
            World.Person dev = world.user("tree-dev", "read_api");
            world.member("groups", group, dev.id(), 30);
            JsonNode deploy = world.deployToken("groups", group, "read_package_registry");
            String byPath = server.url() + "/api/v4/groups/tree/-/packages/npm/";
            String byId = server.url() + "/api/v4/groups/" + group + "/-/packages/npm/";

            assertThat(npmInstall(byPath, dev.token(), "first")).isEqualTo("ok 2");
            assertThat(pnpmInstall(byId, deploy.get("token").asString(), "first")).isEqualTo("ok 2");

            JsonNode entries = server.root().get("/api/v4/groups/" + group + "/-/upstreams/" + id
                    + "/cache_entries?per_page=100").json();
            List<String> files = new ArrayList<>();
            for (JsonNode e : entries) if (e.get("kind").asString().equals("file")) files.add(e.get("relative_path").asString());
            assertThat(files).hasSize(7).contains("chalk/-/chalk-4.1.2.tgz", "@tootallnate%2fonce/-/once-2.0.0.tgz");

            server.root().put("/api/v4/groups/tree/-/upstreams/" + id, Map.of("metadata_cache_validity_hours", 0));
            upstream.process.destroy();
            assertThat(upstream.process.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(npmInstall(byPath, dev.token(), "second")).isEqualTo("ok 2");
            assertThat(pnpmInstall(byId, deploy.get("token").asString(), "second")).isEqualTo("ok 2");
            Api.Response packument = dev.api(server).get("/api/v4/groups/tree/-/packages/npm/chalk");
            assertThat(packument.header("X-Depot-Upstream-Cache")).isEqualTo("stale");
            assertThat(dev.api(server).send(dev.api(server).request("/api/v4/groups/tree/-/packages/npm/chalk")
                    .header("If-None-Match", packument.header("ETag")).GET()).status()).isEqualTo(304);
            assertThat(packument.json().at("/versions/4.1.2/dist/tarball").asString())
                    .isEqualTo(byPath + "chalk/-/chalk-4.1.2.tgz");
            // npm asked for the abbreviated document, and the upstream's abbreviated one is what it got
            Api.Response abbreviated = dev.api(server).send(dev.api(server).request("/api/v4/groups/tree/-/packages/npm/chalk")
                    .header("Accept", "application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8, */*").GET());
            assertThat(abbreviated.status()).isEqualTo(200);
            assertThat(abbreviated.json().at("/versions/4.1.2/dist/tarball").asString())
                    .isEqualTo(byPath + "chalk/-/chalk-4.1.2.tgz");
            assertThat(abbreviated.body().length()).as("smaller than the full packument").isLessThan(packument.body().length());
            Api.Response never = dev.api(server).get("/api/v4/groups/tree/-/packages/npm/left-pad");
            assertThat(never.status()).as("a name never fetched, with the upstream gone").isEqualTo(502);
            assertThat(never.json().get("error").asString()).contains("upstream");
        } finally {
            upstream.process.destroy();
        }
    }

    @Test
    void a_tarball_whose_bytes_do_not_match_its_integrity_is_refused_and_nothing_is_kept() throws Exception {
        byte[] tarball = Files.readAllBytes(packed.resolve("has-flag-4.0.0.tgz"));
        HttpServer upstream = fakeRegistry("sha512-" + java.util.Base64.getEncoder().encodeToString(new byte[64]), tarball);
        try {
            long group = world.group("tampered", "private");
            long id = server.root().post("/api/v4/groups/" + group + "/-/upstreams", Map.of("package_type", "npm",
                    "url", "http://127.0.0.1:" + upstream.getAddress().getPort())).json().get("id").asLong();
            String mount = "/api/v4/groups/tampered/-/packages/npm/";

            Api.Response refused = server.root().get(mount + "has-flag/-/has-flag-4.0.0.tgz");

            assertThat(refused.status()).isEqualTo(502);
            assertThat(refused.json().get("error").asString()).contains("SHA-512").contains("nothing was cached");
            JsonNode entries = server.root().get("/api/v4/groups/" + group + "/-/upstreams/" + id + "/cache_entries").json();
            for (JsonNode e : entries) assertThat(e.get("kind").asString()).isEqualTo("metadata");
        } finally {
            upstream.stop(0);
        }
    }

    @Test
    void names_and_scopes_depot_holds_are_never_read_from_an_upstream_at_a_group_or_the_instance() throws Exception {
        byte[] tarball = Files.readAllBytes(packed.resolve("has-flag-4.0.0.tgz"));
        HttpServer upstream = fakeRegistry(null, tarball);
        String url = "http://127.0.0.1:" + upstream.getAddress().getPort();
        long instanceUpstream = server.root().post("/api/v4/upstreams", Map.of("package_type", "npm", "url", url))
                .json().get("id").asLong();
        try {
            long group = world.group("claims", "public");
            long hidden = world.project(group, "internal", "private");
            server.root().post("/api/v4/groups/" + group + "/-/upstreams", Map.of("package_type", "npm", "url", url));
            publish("/api/v4/projects/" + hidden + "/packages/npm/", "has-flag", "0.0.1");
            publish("/api/v4/projects/" + hidden + "/packages/npm/", "@internal/tool", "1.0.0");
            World.Person stranger = world.user("claims-outsider", "read_api");
            Api api = stranger.api(server);
            String mount = "/api/v4/groups/claims/-/packages/npm/";

            assertThat(api.get(mount + "has-flag").status()).as("a name a hidden project holds").isEqualTo(404);
            assertThat(api.get(mount + "@internal%2fother").status()).as("a scope a project of the group uses")
                    .isEqualTo(404);
            assertThat(api.get(mount + "@claims%2fanything").status()).as("the group's own scope").isEqualTo(404);
            assertThat(api.get(mount + "color-name").status()).isEqualTo(200);
            assertThat(server.root().get(mount + "has-flag").json().at("/versions").has("0.0.1")).isTrue();
            assertThat(server.root().get(mount + "has-flag").json().at("/versions").has("4.0.0")).isFalse();

            assertThat(api.get("/api/v4/packages/npm/has-flag").status()).as("claimed at the instance").isEqualTo(404);
            assertThat(api.get("/api/v4/packages/npm/@claims%2fanything").status()).isEqualTo(404);
            assertThat(server.anonymous().get("/api/v4/packages/npm/color-name").status())
                    .as("anonymous callers are asked to sign in, never proxied").isEqualTo(401);
            Api.Response proxied = api.get("/api/v4/packages/npm/color-name");
            assertThat(proxied.status()).isEqualTo(200);
            assertThat(proxied.json().at("/versions/4.0.0/dist/tarball").asString())
                    .isEqualTo(server.url() + "/api/v4/packages/npm/color-name/-/color-name-4.0.0.tgz");
            Api.Response fetched = api.get("/api/v4/packages/npm/color-name/-/color-name-4.0.0.tgz");
            assertThat(fetched.status()).isEqualTo(200);
            assertThat(fetched.header("X-Content-Type-Options")).isEqualTo("nosniff");
        } finally {
            server.root().delete("/api/v4/upstreams/" + instanceUpstream);
            upstream.stop(0);
        }
    }

    private static void publish(String mount, String name, String version) {
        Api.Response r = server.root().putBytes(mount + depot.it.support.NpmDocs.escaped(name), depot.it.support.NpmDocs
                .publish(name, version, depot.it.support.NpmDocs.tarball(name, version)).getBytes(StandardCharsets.UTF_8));
        assertThat(r.status()).as(r.body()).isBetween(200, 201);
    }

    /**
     * A registry that answers every name with one version, 4.0.0, whose tarball is {@code tarball} and whose
     * integrity is {@code integrity} (null: the tarball's own).
     */
    private static HttpServer fakeRegistry(String integrity, byte[] tarball) throws Exception {
        String real = "sha512-" + java.util.Base64.getEncoder().encodeToString(
                java.security.MessageDigest.getInstance("SHA-512").digest(tarball));
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        s.createContext("/", ex -> {
            String path = ex.getRequestURI().getRawPath();
            byte[] body;
            if (path.endsWith(".tgz")) {
                body = tarball;
            } else {
                String name = java.net.URLDecoder.decode(path.substring(1), StandardCharsets.UTF_8);
                String self = "http://127.0.0.1:" + ex.getLocalAddress().getPort();
                body = ("{\"name\":\"" + name + "\",\"dist-tags\":{\"latest\":\"4.0.0\"},\"versions\":{\"4.0.0\":{"
                        + "\"name\":\"" + name + "\",\"version\":\"4.0.0\",\"dist\":{\"tarball\":\"" + self
                        + "/files/4.0.0.tgz\",\"integrity\":\"" + (integrity == null ? real : integrity)
                        + "\"}}}}").getBytes(StandardCharsets.UTF_8);
            }
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        s.start();
        return s;
    }

    private record Verdaccio(Process process, String url) {}

    /** A new Verdaccio on loopback holding the packed tree (published with a token it does not check). */
    private static Verdaccio verdaccio() throws Exception {
        Path bin = NodeTools.verdaccio();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path home = Files.createTempDirectory(dir, "verdaccio-");
        Path config = Files.writeString(home.resolve("config.yaml"), "storage: " + home.resolve("storage") + "\n"
                + "auth:\n  htpasswd:\n    file: " + home.resolve("htpasswd") + "\n    max_users: -1\nuplinks: {}\n"
                + "packages:\n  '**':\n    access: $all\n    publish: $all\nlog: { type: stdout, format: pretty, level: warn }\n");
        Process p = new ProcessBuilder(bin.toString(), "--config", config.toString(), "--listen", "127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(home.resolve("log").toFile()).start();
        String url = "http://127.0.0.1:" + port;
        Tools.awaitPort(p, port, home.resolve("log"), 60_000);
        Path npmrc = Files.writeString(home.resolve("npmrc"), "//127.0.0.1:" + port + "/:_authToken=unchecked\n");
        Map<String, String> env = Map.of("NPM_CONFIG_USERCONFIG", npmrc.toString(), "NPM_CONFIG_GLOBALCONFIG", "/dev/null",
                "NPM_CONFIG_CACHE", home.resolve("cache").toString(), "HOME", home.toString());
        try (var files = Files.list(packed)) {
            for (Path tgz : files.filter(f -> f.toString().endsWith(".tgz")).toList()) {
                Tools.ok(home, env, List.of(NodeTools.npm().toString(), "publish", tgz.toString(), "--registry",
                        url + "/"));
            }
        }
        return new Verdaccio(p, url);
    }

    /** npm installs chalk and @tootallnate/once from {@code registry} into a new app; what the app prints. */
    private static String npmInstall(String registry, String token, String round) throws Exception {
        Path app = app("npm-" + round, registry, token);
        Map<String, String> env = new HashMap<>(Map.of("NPM_CONFIG_GLOBALCONFIG", "/dev/null", "NPM_CONFIG_USERCONFIG",
                Files.writeString(app.resolve("user-npmrc"), "").toString(), "NPM_CONFIG_CACHE", app.resolve("cache").toString(), "NPM_CONFIG_UPDATE_NOTIFIER", "false",
                "NPM_CONFIG_FUND", "false", "NPM_CONFIG_AUDIT", "false", "HOME", app.toString()));
        Tools.ok(app, env, List.of(NodeTools.npm().toString(), "install", "chalk@4.1.2", "@tootallnate/once@2.0.0"));
        return runs(app);
    }

    private static String pnpmInstall(String registry, String token, String round) throws Exception {
        Path app = app("pnpm-" + round, registry, token);
        Map<String, String> env = Map.of("HOME", app.toString(), "XDG_CONFIG_HOME", app.resolve(".config").toString());
        List<String> add = new ArrayList<>(NodeTools.pnpm());
        add.addAll(List.of("add", "chalk@4.1.2", "@tootallnate/once@2.0.0", "--store-dir", app.resolve("store").toString()));
        Tools.ok(app, env, add);
        return runs(app);
    }

    private static Path app(String folder, String registry, String token) throws Exception {
        Path app = Files.createDirectories(dir.resolve(folder));
        Files.writeString(app.resolve("package.json"), "{\"name\":\"" + folder + "\",\"version\":\"1.0.0\",\"private\":true}");
        Files.writeString(app.resolve(".npmrc"), "registry=" + registry + "\n" + registry.replaceFirst("^https?:", "")
                + ":_authToken=" + token + "\n");
        return app;
    }

    private static String runs(Path app) throws Exception {
        return Tools.ok(app, Map.of("FORCE_COLOR", "0"), List.of(NodeTools.node().toString(), "-e",
                "const chalk = require('chalk'); const once = require('@tootallnate/once');"
                        + " console.log(chalk.bold('ok'), typeof (once.default || once) === 'function' ? 2 : 0)"))
                .stdout().trim();
    }
}
