package depot.it.oci;

import static org.assertj.core.api.Assertions.assertThat;

import depot.it.support.Backend;
import depot.it.support.TestServer;
import depot.it.support.Tools;
import depot.it.support.World;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * skopeo pulls an image through a group's dependency proxy from a local Debian docker-registry upstream; with the
 * upstream stopped, a second pull is served from the cache. Group members and group deploy tokens may pull;
 * others may not.
 */
class OciDependencyProxyTest {
    @TempDir Path dir;

    @Test
    void skopeo_pulls_through_the_proxy_and_again_from_the_cache_when_the_upstream_is_gone() throws Exception {
        Path skopeo = Tools.require("skopeo", "apt-get install skopeo");
        Path registry = Tools.require("docker-registry", "apt-get install docker-registry");
        int upstreamPort;
        try (ServerSocket s = new ServerSocket(0)) {
            upstreamPort = s.getLocalPort();
        }
        Path config = Files.writeString(dir.resolve("registry.yml"), "version: 0.1\nstorage:\n  filesystem:\n"
                + "    rootdirectory: " + dir.resolve("upstream") + "\nhttp:\n  addr: 127.0.0.1:" + upstreamPort
                + "\nlog:\n  level: warn\n");
        Process upstream = new ProcessBuilder(registry.toString(), "serve", config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("registry.log").toFile()).start();
        Path policy = depot.it.support.OciLayouts.acceptAnything(dir);
        try (TestServer server = new TestServer(Backend.SQLITE,
                Map.of("dependency_proxy_upstream", "http://127.0.0.1:" + upstreamPort))) {
            World world = new World(server);
            long group = world.group("acme", "private");
            World.Person guest = world.user("guest", "read_registry");
            world.member("groups", group, guest.id(), 10);
            World.Person outsider = world.user("outsider", "read_registry");
            JsonNode deploy = world.deployToken("groups", group, "read_registry");
            String host = "127.0.0.1:" + server.port();
            String proxied = "docker://" + host + "/acme/dependency_proxy/containers/hello:1";
            String pushed = depot.it.support.OciLayouts.write(dir.resolve("layout"), "1", 200000);
            waitUntilUp(upstreamPort);
            Tools.ok(dir, Map.of(), List.of(skopeo.toString(), "--policy", policy.toString(), "copy",
                    "--dest-tls-verify=false", "oci:" + dir.resolve("layout") + ":1",
                    "docker://127.0.0.1:" + upstreamPort + "/library/hello:1"));

            Tools.ok(dir, Map.of(), List.of(skopeo.toString(), "--policy", policy.toString(), "copy",
                    "--src-tls-verify=false", "--src-creds", "guest:" + guest.token(), proxied,
                    "oci:" + dir.resolve("first") + ":1"));
            Tools.Result refused = Tools.run(dir, Map.of(), List.of(skopeo.toString(), "--policy", policy.toString(),
                    "copy", "--src-tls-verify=false", "--src-creds", "outsider:" + outsider.token(), proxied,
                    "oci:" + dir.resolve("refused") + ":1"));
            upstream.destroy();
            assertThat(upstream.waitFor(20, TimeUnit.SECONDS)).isTrue();
            Tools.ok(dir, Map.of(), List.of(skopeo.toString(), "--policy", policy.toString(), "copy",
                    "--src-tls-verify=false", "--src-creds", deploy.get("username").asString() + ":"
                            + deploy.get("token").asString(), proxied, "oci:" + dir.resolve("second") + ":1"));
            Tools.Result uncached = Tools.run(dir, Map.of(), List.of(skopeo.toString(), "--policy", policy.toString(),
                    "copy", "--src-tls-verify=false", "--src-creds", "guest:" + guest.token(),
                    "docker://" + host + "/acme/dependency_proxy/containers/hello:2", "oci:" + dir.resolve("none") + ":2"));

            assertThat(Files.readString(dir.resolve("first/index.json"))).contains(pushed);
            assertThat(Files.readString(dir.resolve("second/index.json"))).contains(pushed);
            try (var files = Files.list(dir.resolve("layout/blobs/sha256"))) {
                for (Path blob : files.toList()) {
                    Path name = blob.getFileName();
                    assertThat(Files.mismatch(blob, dir.resolve("first/blobs/sha256").resolve(name))).isEqualTo(-1L);
                    assertThat(Files.mismatch(blob, dir.resolve("second/blobs/sha256").resolve(name))).isEqualTo(-1L);
                }
            }
            assertThat(refused.exit()).isNotZero();
            assertThat(uncached.exit()).isNotZero();
            assertThat(uncached.stderr()).contains("manifest unknown");
        } finally {
            upstream.destroyForcibly();
        }
    }

    /**
     * An upstream that wants a token (here another Depot, with a private image): the proxy answers its Bearer
     * challenge by fetching a token with the configured credentials, as it would from a public registry's token
     * service; with wrong credentials nothing is served.
     */
    @Test
    void the_proxy_follows_the_upstreams_token_flow_with_the_configured_credentials() throws Exception {
        try (TestServer upstream = new TestServer(Backend.SQLITE)) {
            World up = new World(upstream);
            up.project(up.group("vendor", "private"), "tools", "private");
            String digest = depot.it.support.OciRequests.image(upstream.root(), "vendor/tools/cli", "2.0", "vendor");
            String layer = depot.it.support.OciRequests.digest("layer vendor".getBytes());
            String manifestPath = "/v2/acme/dependency_proxy/containers/vendor/tools/cli/manifests/2.0";
            try (TestServer good = proxy(upstream, TestServer.ROOT_TOKEN);
                 TestServer bad = proxy(upstream, "dpat-wrong-token-000000000000000000")) {
                depot.it.support.Api.Response manifest = good.root().get(manifestPath);
                depot.it.support.Api.Response blob = good.root()
                        .get("/v2/acme/dependency_proxy/containers/vendor/tools/cli/blobs/" + layer);
                depot.it.support.Api.Response refused = bad.root().get(manifestPath);

                assertThat(manifest.status()).as(manifest.body()).isEqualTo(200);
                assertThat(manifest.header("Docker-Content-Digest")).isEqualTo(digest);
                assertThat(blob.body()).isEqualTo("layer vendor");
                assertThat(refused.status()).isEqualTo(404);
                assertThat(refused.json().get("errors").get(0).get("code").asString()).isEqualTo("MANIFEST_UNKNOWN");
            }
        }
    }

    /** Who may pull through a private group's proxy: its members, its deploy tokens, its projects' jobs, admins. */
    @Test
    void proxy_pulls_are_allowed_to_the_groups_members_deploy_tokens_and_jobs_only() throws Exception {
        try (TestServer upstream = new TestServer(Backend.SQLITE)) {
            World up = new World(upstream);
            up.project(up.group("pub", "public"), "img", "public");
            depot.it.support.OciRequests.image(upstream.root(), "pub/img", "1", "public");
            try (TestServer server = new TestServer(Backend.SQLITE, Map.of("dependency_proxy_upstream", upstream.url()))) {
                World world = new World(server);
                long group = world.group("acme", "private");
                long project = world.project(group, "app", "private");
                World.Person guest = world.user("guest", "read_registry");
                world.member("groups", group, guest.id(), 10);
                World.Person narrow = world.user("narrow", "read_package_registry");
                world.member("groups", group, narrow.id(), 30);
                World.Person projectOnly = world.user("projectonly", "read_registry");
                world.member("projects", project, projectOnly.id(), 30);
                World.Person outsider = world.user("outsider", "read_registry");
                JsonNode groupDeploy = world.deployToken("groups", group, "read_registry");
                JsonNode packageDeploy = world.deployToken("groups", group, "read_package_registry");
                JsonNode projectDeploy = world.deployToken("projects", project, "read_registry");
                String job = world.job(project, projectOnly.id()).get("token").asString();
                String path = "/v2/acme/dependency_proxy/containers/pub/img/manifests/1";
                Map<String, Integer> expected = new java.util.LinkedHashMap<>();
                Map<String, depot.it.support.Api> callers = new java.util.LinkedHashMap<>();
                callers.put("anonymous", server.anonymous());
                expected.put("anonymous", 401);
                callers.put("admin", server.root());
                expected.put("admin", 200);
                callers.put("group guest", guest.api(server));
                expected.put("group guest", 200);
                callers.put("group developer with a package-only token", narrow.api(server));
                expected.put("group developer with a package-only token", 403);
                callers.put("project-only member", projectOnly.api(server));
                expected.put("project-only member", 403);
                callers.put("outsider", outsider.api(server));
                expected.put("outsider", 404);
                callers.put("group deploy token (read_registry)", basic(server, groupDeploy));
                expected.put("group deploy token (read_registry)", 200);
                callers.put("group deploy token (read_package_registry)", basic(server, packageDeploy));
                expected.put("group deploy token (read_package_registry)", 403);
                callers.put("project deploy token", basic(server, projectDeploy));
                expected.put("project deploy token", 404);
                callers.put("CI job of a project in the group", server.as("Job-Token", job));
                expected.put("CI job of a project in the group", 200);

                for (var e : callers.entrySet()) {
                    depot.it.support.Api.Response r = e.getValue().get(path);
                    assertThat(r.status()).as(e.getKey() + ": " + r.body()).isEqualTo(expected.get(e.getKey()));
                }
                depot.it.support.Api.Response token = depot.it.support.OciRequests.token(server, "guest", guest.token(),
                        "repository:acme/dependency_proxy/containers/pub/img:pull");
                depot.it.support.Api.Response viaToken = server.as("Authorization", "Bearer "
                        + token.json().get("token").asString()).get(path);
                assertThat(viaToken.status()).isEqualTo(200);
            }
        }
    }

    private static depot.it.support.Api basic(TestServer server, JsonNode deployToken) {
        String pair = deployToken.get("username").asString() + ":" + deployToken.get("token").asString();
        return server.as("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(pair.getBytes()));
    }

    private static TestServer proxy(TestServer upstream, String password) throws Exception {
        TestServer server = new TestServer(Backend.SQLITE, Map.of("dependency_proxy_upstream", upstream.url(),
                "dependency_proxy_username", "root", "dependency_proxy_password", password));
        World world = new World(server);
        world.group("acme", "private");
        return server;
    }

    private void waitUntilUp(int port) throws Exception {
        for (int i = 0; i < 100; i++) {
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                return;
            } catch (java.io.IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("docker-registry did not start: " + Files.readString(dir.resolve("registry.log")));
    }
}
