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
    private static final Path MAKE_LAYOUT = Path.of("..", "..", "shared", "tools", "make_oci_layout.py")
            .toAbsolutePath().normalize();
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
        Path policy = Files.writeString(dir.resolve("policy.json"), "{\"default\":[{\"type\":\"insecureAcceptAnything\"}]}");
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
            String pushed = Tools.ok(dir, Map.of(), List.of("python3", MAKE_LAYOUT.toString(),
                    dir.resolve("layout").toString(), "1", "200000")).stdout().trim();
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
