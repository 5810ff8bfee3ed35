package depot.it.npm;

import static org.assertj.core.api.Assertions.assertThat;

import depot.it.support.Api;
import depot.it.support.Backend;
import depot.it.support.NodeTools;
import depot.it.support.TestServer;
import depot.it.support.Tools;
import depot.it.support.World;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The real npm, yarn 1, yarn 4 and pnpm against a private project, its group and the instance endpoint. */
class NpmClientsTest {
    @TempDir Path dir;

    @Test
    void npm_publishes_tags_deprecates_unpublishes_and_installs_from_every_scope() throws Exception {
        Path npm = NodeTools.npm();
        try (TestServer server = new TestServer(Backend.SQLITE)) {
            World world = new World(server);
            long project = world.project(world.group("acme", "private"), "web", "private");
            String projectUrl = server.url() + "/api/v4/projects/" + project + "/packages/npm/";
            Map<String, String> env = npmEnv(projectUrl, TestServer.ROOT_TOKEN);

            Path lib = writePackage("lib", "@acme/hello", "1.0.0", "module.exports = () => 'hello 1.0.0';");
            Tools.ok(lib, env, List.of(npm.toString(), "publish"));
            writePackage("lib", "@acme/hello", "1.1.0", "module.exports = () => 'hello 1.1.0';");
            Tools.ok(lib, env, List.of(npm.toString(), "publish", "--tag", "beta"));
            writePackage("lib", "@acme/hello", "1.2.0", "module.exports = () => 'hello 1.2.0';");
            Tools.ok(lib, env, List.of(npm.toString(), "publish", "--tag", "next"));

            Tools.ok(dir, env, List.of(npm.toString(), "dist-tag", "add", "@acme/hello@1.1.0", "stable"));
            Tools.ok(dir, env, List.of(npm.toString(), "dist-tag", "rm", "@acme/hello", "beta"));
            Tools.Result tags = Tools.ok(dir, env, List.of(npm.toString(), "dist-tag", "ls", "@acme/hello"));
            Tools.ok(dir, env, List.of(npm.toString(), "deprecate", "@acme/hello@1.0.0", "use 1.1"));
            Tools.Result deprecated = Tools.ok(dir, env, List.of(npm.toString(), "view", "@acme/hello@1.0.0",
                    "deprecated"));
            Tools.ok(dir, env, List.of(npm.toString(), "unpublish", "@acme/hello@1.2.0"));
            Path gone = writePackage("gone", "@acme/gone", "0.1.0", "module.exports = 0;");
            Tools.ok(gone, env, List.of(npm.toString(), "publish"));
            writePackage("gone", "@acme/gone", "0.2.0", "module.exports = 0;");
            Tools.ok(gone, env, List.of(npm.toString(), "publish"));
            Tools.ok(dir, env, List.of(npm.toString(), "unpublish", "@acme/gone", "--force"));
            Tools.Result whoami = Tools.ok(dir, env, List.of(npm.toString(), "whoami"));
            Tools.Result search = Tools.ok(dir, env, List.of(npm.toString(), "search", "--json", "hello"));

            assertThat(tags.stdout()).contains("stable: 1.1.0").contains("latest: 1.0.0").doesNotContain("beta");
            assertThat(deprecated.stdout()).contains("use 1.1");
            assertThat(whoami.stdout().trim()).isEqualTo("root");
            assertThat(Api.JSON.readTree(search.stdout()).findValuesAsString("name")).contains("@acme/hello");
            JsonNode packument = server.root().get("/api/v4/projects/" + project + "/packages/npm/@acme%2fhello").json();
            assertThat(packument.get("versions").propertyNames()).containsExactly("1.0.0", "1.1.0");
            assertThat(packument.get("dist-tags").propertyNames()).containsExactlyInAnyOrder("latest", "stable");
            assertThat(server.root().get("/api/v4/projects/" + project + "/packages/npm/@acme%2fgone").status())
                    .isEqualTo(404);

            List<String> scopes = List.of(projectUrl, server.url() + "/api/v4/groups/acme/-/packages/npm/",
                    server.url() + "/api/v4/packages/npm/");
            for (String registry : scopes) {
                Path app = writeApp("app-" + scopes.indexOf(registry));
                Map<String, String> appEnv = npmEnv(registry, TestServer.ROOT_TOKEN);
                Tools.ok(app, appEnv, List.of(npm.toString(), "install", "@acme/hello@1.1.0"));
                Tools.ok(app, appEnv, List.of(npm.toString(), "install", "@acme/hello@latest"));
                Tools.Result run = Tools.ok(app, appEnv, List.of(NodeTools.node().toString(), "-e",
                        "console.log(require('@acme/hello')())"));
                assertThat(run.stdout().trim()).as(registry).isEqualTo("hello 1.0.0");
            }
        }
    }

    @Test
    void yarn_1_yarn_4_and_pnpm_publish_and_install() throws Exception {
        NodeTools.installed();
        try (TestServer server = new TestServer(Backend.SQLITE)) {
            World world = new World(server);
            long project = world.project(world.group("acme", "private"), "web", "private");
            String projectUrl = server.url() + "/api/v4/projects/" + project + "/packages/npm/";
            String groupUrl = server.url() + "/api/v4/groups/acme/-/packages/npm/";
            String instanceUrl = server.url() + "/api/v4/packages/npm/";
            // pnpm and yarn 1 send credentials only to URLs under the .npmrc's path: tarball URLs must keep its form
            String projectPathUrl = server.url() + "/api/v4/projects/acme%2Fweb/packages/npm/";

            // yarn 4 publishes and installs (from the group)
            Path y4lib = writePackage("y4lib", "@acme/from-yarn", "2.0.0", "module.exports = () => 'yarn 4';");
            writeYarnrc(y4lib, projectUrl);
            Files.writeString(y4lib.resolve("yarn.lock"), "");
            Map<String, String> y4env = Map.of("HOME", dir.resolve("home-y4").toString());
            Tools.ok(y4lib, y4env, with(NodeTools.yarn4(), "install"));
            Tools.ok(y4lib, y4env, with(NodeTools.yarn4(), "npm", "publish"));
            Path y4app = writeApp("y4app");
            writeYarnrc(y4app, groupUrl);
            Files.writeString(y4app.resolve("yarn.lock"), "");
            Tools.ok(y4app, y4env, with(NodeTools.yarn4(), "add", "@acme/from-yarn@2.0.0"));

            // pnpm publishes and installs (from the instance)
            Path pnlib = writePackage("pnlib", "@acme/from-pnpm", "3.0.0", "module.exports = () => 'pnpm';");
            writeNpmrc(pnlib.resolve(".npmrc"), projectUrl, TestServer.ROOT_TOKEN);
            Map<String, String> pnEnv = Map.of("HOME", dir.resolve("home-pn").toString(),
                    "XDG_CONFIG_HOME", dir.resolve("home-pn/.config").toString());
            Tools.ok(pnlib, pnEnv, with(NodeTools.pnpm(), "publish", "--no-git-checks"));
            Path pnapp = writeApp("pnapp");
            writeNpmrc(pnapp.resolve(".npmrc"), instanceUrl, TestServer.ROOT_TOKEN);
            Tools.ok(pnapp, pnEnv, with(NodeTools.pnpm(), "add", "@acme/from-pnpm@3.0.0", "--store-dir",
                    dir.resolve("pnpm-store").toString()));
            Path pnGroupApp = writeApp("pngroupapp");
            writeNpmrc(pnGroupApp.resolve(".npmrc"), groupUrl, TestServer.ROOT_TOKEN);
            Tools.ok(pnGroupApp, pnEnv, with(NodeTools.pnpm(), "add", "@acme/from-yarn@2.0.0", "--store-dir",
                    dir.resolve("pnpm-store-group").toString()));

            // yarn 1 installs both (from the project, addressed by its path)
            Path y1app = writeApp("y1app");
            writeNpmrc(y1app.resolve(".npmrc"), projectPathUrl, TestServer.ROOT_TOKEN);
            Tools.ok(y1app, Map.of("HOME", dir.resolve("home-y1").toString(), "YARN_CACHE_FOLDER",
                    dir.resolve("yarn1-cache").toString()), with(NodeTools.yarn1(), "add", "@acme/from-yarn@2.0.0",
                    "@acme/from-pnpm@3.0.0", "--non-interactive", "--no-progress"));

            for (Path app : List.of(y4app, pnapp, pnGroupApp, y1app)) {
                for (String name : app.equals(y1app) ? List.of("from-yarn", "from-pnpm")
                        : List.of(app.equals(y4app) || app.equals(pnGroupApp) ? "from-yarn" : "from-pnpm")) {
                    Tools.Result run = Tools.ok(app, Map.of(), List.of(NodeTools.node().toString(), "-e",
                            "console.log(require('@acme/" + name + "')())"));
                    assertThat(run.stdout().trim()).as(app + " " + name)
                            .isEqualTo(name.equals("from-yarn") ? "yarn 4" : "pnpm");
                }
            }
            assertThat(Files.readString(y1app.resolve("yarn.lock"))).contains(projectPathUrl + "@acme/from-pnpm/-/");
            // every document keeps the request's form: by path stays by path, by id stays by id
            assertThat(server.root().get("/api/v4/projects/acme%2Fweb/packages/npm/@acme%2ffrom-pnpm").body())
                    .contains(projectPathUrl + "@acme/from-pnpm/-/").doesNotContain("/projects/" + project + "/");
            assertThat(server.root().get("/api/v4/projects/" + project + "/packages/npm/@acme%2ffrom-pnpm").body())
                    .contains(projectUrl + "@acme/from-pnpm/-/");
            assertThat(server.root().get("/api/v4/groups/acme/-/packages/npm/@acme%2ffrom-pnpm").body())
                    .contains(groupUrl + "@acme/from-pnpm/-/");
            assertThat(server.root().get("/api/v4/projects/" + project + "/packages?package_type=npm").json())
                    .hasSize(2);
        }
    }

    private static List<String> with(List<String> command, String... args) {
        List<String> out = new ArrayList<>(command);
        out.addAll(List.of(args));
        return out;
    }

    private Path writePackage(String folder, String name, String version, String code) throws Exception {
        Path p = Files.createDirectories(dir.resolve(folder));
        Files.writeString(p.resolve("package.json"), "{\"name\":\"" + name + "\",\"version\":\"" + version
                + "\",\"description\":\"test package " + name + "\",\"main\":\"index.js\",\"license\":\"MIT\"}");
        Files.writeString(p.resolve("index.js"), code + "\n");
        Files.writeString(p.resolve("README.md"), "# " + name + "\n");
        return p;
    }

    private Path writeApp(String folder) throws Exception {
        Path p = Files.createDirectories(dir.resolve(folder));
        Files.writeString(p.resolve("package.json"), "{\"name\":\"" + folder + "\",\"version\":\"1.0.0\",\"private\":true}");
        return p;
    }

    /** An isolated npm: its own user config (registry, scope and token for {@code registry}), cache and home. */
    private Map<String, String> npmEnv(String registry, String token) throws Exception {
        Path npmrc = Files.createTempFile(dir, "npmrc-", "");
        writeNpmrc(npmrc, registry, token);
        Map<String, String> env = new HashMap<>();
        env.put("NPM_CONFIG_USERCONFIG", npmrc.toString());
        env.put("NPM_CONFIG_GLOBALCONFIG", "/dev/null");
        env.put("NPM_CONFIG_CACHE", dir.resolve("npm-cache").toString());
        env.put("NPM_CONFIG_UPDATE_NOTIFIER", "false");
        env.put("NPM_CONFIG_FUND", "false");
        env.put("HOME", dir.resolve("home").toString());
        return env;
    }

    private static void writeNpmrc(Path file, String registry, String token) throws Exception {
        String hostPath = registry.replaceFirst("^https?:", "");
        Files.writeString(file, "registry=" + registry + "\n@acme:registry=" + registry + "\n" + hostPath
                + ":_authToken=" + token + "\n");
    }

    private static void writeYarnrc(Path project, String registry) throws Exception {
        Files.writeString(project.resolve(".yarnrc.yml"), String.join("\n",
                "enableTelemetry: false",
                "enableGlobalCache: false",
                // CI=true makes yarn refuse to write a lockfile; these projects are new
                "enableImmutableInstalls: false",
                "nodeLinker: node-modules",
                "unsafeHttpWhitelist: [\"127.0.0.1\"]",
                "npmRegistryServer: \"" + registry + "\"",
                "npmMinimalAgeGate: 0",
                "npmScopes:",
                "  acme:",
                "    npmRegistryServer: \"" + registry + "\"",
                "    npmPublishRegistry: \"" + registry + "\"",
                "    npmAuthToken: \"" + TestServer.ROOT_TOKEN + "\"",
                "    npmAlwaysAuth: true",
                "    npmMinimalAgeGate: 0",
                ""));
    }
}
