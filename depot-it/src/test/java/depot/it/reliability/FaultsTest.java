package depot.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import depot.it.support.Api;
import depot.it.support.Backend;
import depot.it.support.TestServer;
import depot.it.support.Tools;
import depot.it.support.World;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The parts under Depot failing: the disk filling up during an upload, the database going away and coming back,
 * and clients that send their requests a byte at a time.
 */
class FaultsTest {
    @TempDir Path dir;

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static long files(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) return 0;
        try (var s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).count();
        }
    }

    @Test
    void a_full_disk_refuses_the_upload_with_507_keeps_what_was_stored_and_recovers_when_space_frees() throws Exception {
        Path blobs = Files.createDirectories(dir.resolve("small-disk"));
        Tools.Result mount = Tools.run(dir, Map.of(), List.of("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", blobs.toString()));
        if (mount.exit() != 0) Tools.unavailable("mounting a 4 MiB tmpfs (needs root): " + mount.stderr().trim());
        try (TestServer server = new TestServer(Backend.SQLITE, Map.of("blob_store", "fs", "blob_dir", blobs.toString()))) {
            World world = new World(server);
            long project = world.project(world.group("full", "private"), "p", "private");
            Api root = server.root();
            String base = "/api/v4/projects/" + project + "/packages/";
            byte[] first = random(2_500_000, 1);
            byte[] second = random(2_500_000, 2);

            Api.Response stored = root.putBytes(base + "generic/first/1.0.0/a.bin", first);
            Api.Response full = root.putBytes(base + "generic/second/1.0.0/b.bin", second);
            Api.Response fullMaven = root.putBytes(base + "maven/com/acme/second/1.0/second-1.0.jar", second);
            long tmpAfterFailure = files(blobs.resolve("tmp"));
            Api.Response listed = root.get(base);
            byte[] firstBack = root.stream(root.request(base + "generic/first/1.0.0/a.bin").GET()).body().readAllBytes();

            long firstId = listed.json().get(0).get("id").asLong();
            assertThat(root.delete(base + firstId).status()).isEqualTo(204);
            var gc = server.services().maintenance().gc(0, p -> {});
            // the space of a deleted blob that a download had mapped comes back when the JVM unmaps it, just after
            // gc's collection: a client retries, as one does after a 507
            Api.Response retried = root.putBytes(base + "generic/second/1.0.0/b.bin", second);
            for (int i = 0; i < 10 && retried.status() == 507; i++) {
                Thread.sleep(200);
                retried = root.putBytes(base + "generic/second/1.0.0/b.bin", second);
            }

            assertThat(stored.status()).isEqualTo(201);
            assertThat(full.status()).isEqualTo(507);
            assertThat(full.json().get("message").asString()).contains("full").contains("nothing was stored");
            assertThat(fullMaven.status()).isEqualTo(507);
            assertThat(fullMaven.body()).contains("full");
            assertThat(tmpAfterFailure).as("temporary files left by the failed uploads").isZero();
            assertThat(listed.json()).hasSize(1);
            assertThat(firstBack).isEqualTo(first);
            assertThat(gc.deleted()).as("blobs gc freed").isEqualTo(1);
            assertThat(retried.status()).as(retried.body()).isEqualTo(201);
            assertThat(root.stream(root.request(base + "generic/second/1.0.0/b.bin").GET()).body().readAllBytes())
                    .isEqualTo(second);
        } finally {
            Tools.run(dir, Map.of(), List.of("umount", "-l", blobs.toString()));
        }
    }

    @Test
    void the_database_going_away_gives_503s_and_depot_recovers_without_a_restart() throws Exception {
        Path pgData = dir.resolve("pg");
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        EmbeddedPostgres pg = EmbeddedPostgres.builder().setPort(port).setDataDirectory(pgData)
                .setCleanDataDirectory(false).start();
        String url = pg.getJdbcUrl("postgres", "postgres");
        try (TestServer server = new TestServer(Backend.POSTGRES, Map.of("database_url", url))) {
            World world = new World(server);
            long project = world.project(world.group("outage", "private"), "p", "private");
            Api root = server.root();
            String file = "/api/v4/projects/" + project + "/packages/generic/kept/1.0.0/k.txt";
            assertThat(root.putBytes(file, "kept".getBytes()).status()).isEqualTo(201);

            pg.close();
            Api.Response read = root.get(file);
            Api.Response write = root.putBytes("/api/v4/projects/" + project + "/packages/generic/new/1.0.0/n.txt",
                    "new".getBytes());
            Api.Response ready = server.anonymous().get("/-/readiness");
            pg = EmbeddedPostgres.builder().setPort(port).setDataDirectory(pgData).setCleanDataDirectory(false).start();
            int after = 0;
            for (int i = 0; i < 60 && after != 200; i++) {
                after = root.get(file).status();
                if (after != 200) Thread.sleep(500);
            }

            assertThat(read.status()).isEqualTo(503);
            assertThat(read.header("Retry-After")).isNotNull();
            assertThat(read.json().get("message").asString()).contains("database");
            assertThat(write.status()).isEqualTo(503);
            assertThat(ready.status()).isEqualTo(503);
            assertThat(after).isEqualTo(200);
            assertThat(root.get(file).body()).isEqualTo("kept");
            assertThat(root.get("/api/v4/projects/" + project + "/packages/generic/new/1.0.0/n.txt").status())
                    .isEqualTo(404);
            assertThat(root.putBytes("/api/v4/projects/" + project + "/packages/generic/new/1.0.0/n.txt",
                    "new".getBytes()).status()).isEqualTo(201);
        } finally {
            pg.close();
        }
    }

    @Test
    void clients_that_trickle_their_requests_do_not_starve_the_others() throws Exception {
        try (TestServer server = new TestServer(Backend.SQLITE)) {
            World world = new World(server);
            long project = world.project(world.group("slow", "private"), "p", "private");
            String file = "/api/v4/projects/" + project + "/packages/generic/f/1.0.0/f.txt";
            assertThat(server.root().putBytes(file, "fast".getBytes()).status()).isEqualTo(201);
            List<Socket> slow = new ArrayList<>();
            try {
                for (int i = 0; i < 800; i++) {
                    // the trickling client is another address (all of 127/8 is loopback)
                    Socket s = new Socket("127.0.0.1", server.port(), java.net.InetAddress.getByName("127.0.0.2"), 0);
                    OutputStream out = s.getOutputStream();
                    if (i % 2 == 0) {
                        // slow headers: a request line and half a header, then nothing
                        out.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
                    } else {
                        // slow body: an upload that announces 1 MB and sends one byte (it holds a request thread)
                        out.write(("PUT /api/v4/projects/" + project + "/packages/generic/slow/1.0." + i
                                + "/s.bin HTTP/1.1\r\nHost: 127.0.0.1\r\nPrivate-Token: " + TestServer.ROOT_TOKEN
                                + "\r\nContent-Length: 1000000\r\n\r\nx").getBytes(StandardCharsets.US_ASCII));
                    }
                    out.flush();
                    slow.add(s);
                }
                HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
                List<Integer> statuses = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    statuses.add(client.send(HttpRequest.newBuilder(URI.create(server.url() + file))
                            .header("Private-Token", TestServer.ROOT_TOKEN).timeout(Duration.ofSeconds(10)).build(),
                            HttpResponse.BodyHandlers.ofString()).statusCode());
                }
                assertThat(statuses).containsOnly(200);
            } finally {
                for (Socket s : slow) s.close();
            }
        }
    }
}
