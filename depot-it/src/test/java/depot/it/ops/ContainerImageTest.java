package depot.it.ops;

import static org.assertj.core.api.Assertions.assertThat;

import depot.it.support.Api;
import depot.it.support.Backend;
import depot.it.support.DepotImage;
import depot.it.support.OneStack;
import depot.it.support.TestServer;
import depot.it.support.Tools;
import depot.it.support.World;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Depot's own container image: built with Jib (from scratch: a jlink'd runtime and the jar), pushed to Depot's own
 * container registry, inspected and pulled back with skopeo; its files then run Depot (in a chroot: no container
 * runtime can start inside CI's own container), which answers the API on the embedded database.
 */
@OneStack
class ContainerImageTest {
    @TempDir Path dir;


    @Test
    void jib_builds_depots_image_into_depots_registry_and_what_comes_back_runs() throws Exception {
        Path skopeo = Tools.require("skopeo", "apt-get install skopeo");
        try (TestServer server = new TestServer(Backend.SQLITE)) {
            World world = new World(server);
            world.project(world.group("acme", "private"), "depot", "private");
            String image = "127.0.0.1:" + server.port() + "/acme/depot/server:0.1.0";

            String digest = DepotImage.push(image, "root", TestServer.ROOT_TOKEN);

            String creds = "root:" + TestServer.ROOT_TOKEN;
            JsonNode manifest = Api.JSON.readTree(Tools.ok(dir, Map.of(), List.of(skopeo.toString(), "inspect",
                    "--tls-verify=false", "--creds", creds, "docker://" + image)).stdout());
            JsonNode config = Api.JSON.readTree(Tools.ok(dir, Map.of(), List.of(skopeo.toString(), "inspect",
                    "--config", "--tls-verify=false", "--creds", creds, "docker://" + image)).stdout());
            assertThat(manifest.get("Digest").asString()).isEqualTo(digest);
            assertThat(manifest.get("Layers")).hasSize(2);
            assertThat(config.get("config").get("Entrypoint").toString()).contains("/app/depot.jar");
            assertThat(config.get("config").get("Env").toString()).contains("DEPOT_DATA_DIR=/data");

            // run it: the layers as pulled back from Depot, unpacked into a root file system (no container runtime
            // can run in CI's own container, so chroot does what it would: the image's files are all there is)
            Path copy = dir.resolve("pulled");
            Tools.ok(dir, Map.of(), List.of(skopeo.toString(), "copy", "--src-tls-verify=false", "--src-creds", creds,
                    "docker://" + image, "dir:" + copy));
            Path rootfs = java.nio.file.Files.createDirectories(dir.resolve("rootfs"));
            for (JsonNode layer : Api.JSON.readTree(copy.resolve("manifest.json").toFile()).get("layers")) {
                String hex = layer.get("digest").asString().substring("sha256:".length());
                Tools.ok(dir, Map.of(), List.of("tar", "-xzf", copy.resolve(hex).toString(), "-C", rootfs.toString()));
            }
            java.nio.file.Files.createDirectories(rootfs.resolve("data/tmp"));
            Tools.Result run = Tools.ok(dir, Map.of("LD_LIBRARY_PATH", DepotImage.LIBRARY_PATH),
                    List.of("chroot", rootfs.toString(), "/opt/java/bin/java", "-Xmx64m", "-Djava.io.tmpdir=/data/tmp",
                            "-jar", "/app/depot.jar", "--version"));
            assertThat(run.stdout()).contains("depot 0.1.0");

            // and it serves: the entrypoint's command with the image's environment, on a port of this host
            int port;
            try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
                port = s.getLocalPort();
            }
            ProcessBuilder pb = new ProcessBuilder("chroot", rootfs.toString(), "/opt/java/bin/java", "-Xmx256m",
                    "-Djava.io.tmpdir=/data/tmp", "-jar", "/app/depot.jar", "serve")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("serve.log").toFile());
            pb.environment().putAll(Map.of("LD_LIBRARY_PATH", DepotImage.LIBRARY_PATH, "DEPOT_DATA_DIR", "/data",
                    "DEPOT_PORT", String.valueOf(port), "DEPOT_INITIAL_ROOT_TOKEN", TestServer.ROOT_TOKEN));
            Process served = pb.start();
            try {
                Api inside = new Api("http://127.0.0.1:" + port, "Private-Token", TestServer.ROOT_TOKEN);
                int status = 0;
                for (int i = 0; i < 300 && status != 200; i++) {
                    try {
                        status = inside.get("/api/v4/user").status();
                    } catch (RuntimeException notYet) {
                        Thread.sleep(100);
                    }
                }
                assertThat(status).as(java.nio.file.Files.readString(dir.resolve("serve.log"))).isEqualTo(200);
                assertThat(inside.get("/-/readiness").status()).isEqualTo(200);
            } finally {
                served.destroyForcibly().waitFor();
            }
        }
    }
}
