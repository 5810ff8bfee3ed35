package depot.it.generic;

import static org.assertj.core.api.Assertions.assertThat;

import depot.it.support.Api;
import depot.it.support.Backend;
import depot.it.support.TestServer;
import depot.it.support.World;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * A large upload hashes only SHA-256 before its 201 and has its MD5, SHA-1 and SHA-512 completed afterwards: no
 * reader ever sees them missing or wrong — right after the upload, after a crash left them pending (the row as a
 * kill between the publish and its completion leaves it), and with many readers at once. SQLite and the filesystem in
 * the default run, PostgreSQL and S3 in the scale-out run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PendingDigestsTest {
    private TestServer server;
    private Api root;
    private long project;

    @BeforeAll
    void start() throws Exception {
        server = new TestServer(Backend.SQLITE);
        World world = new World(server);
        root = server.root();
        project = world.project(world.group("digests", "private"), "big", "private");
    }

    @AfterAll
    void stop() throws Exception {
        server.close();
    }

    @Test
    void the_file_list_has_every_digest_right_after_a_large_upload() throws Exception {
        // given
        byte[] body = random(3 << 20, 1);

        // when
        long id = upload("right-after", body);
        JsonNode file = files(id).get(0);

        // then
        assertDigests(file, body);
    }

    @Test
    void digests_a_crash_left_pending_are_completed_by_the_next_read() throws Exception {
        // given: the row as a kill after the publish and before the completion leaves it
        byte[] body = random(2 << 20, 2);
        long id = upload("crashed", body);
        awaitComplete(sha256(body));
        markPending(sha256(body));

        // when: many readers at once
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Future<JsonNode>> reads = new ArrayList<>();
        for (int i = 0; i < 6; i++) reads.add(pool.submit(() -> files(id).get(0)));

        // then
        for (Future<JsonNode> r : reads) assertDigests(r.get(), body);
        pool.shutdown();
        assertThat(pendingRows()).isZero();
    }

    @Test
    void digests_a_crash_left_pending_are_completed_at_start() throws Exception {
        // given
        byte[] body = random(1 << 20, 3);
        upload("restarted", body);
        awaitComplete(sha256(body));
        markPending(sha256(body));

        // when: what the server does when it starts
        server.services().pendingDigests().resume();

        // then
        awaitComplete(sha256(body));
    }

    private long upload(String name, byte[] body) {
        Api.Response put = root.putBytes("/api/v4/projects/" + project + "/packages/generic/" + name + "/1.0.0/blob.bin",
                body);
        assertThat(put.status()).as(put.body()).isEqualTo(201);
        return root.get("/api/v4/projects/" + project + "/packages?package_name=" + name).json().get(0).get("id").asLong();
    }

    private JsonNode files(long packageId) {
        return root.get("/api/v4/projects/" + project + "/packages/" + packageId + "/package_files").json();
    }

    private void markPending(String sha256) {
        server.services().database().jdbi().useHandle(h -> h.createUpdate(
                "UPDATE package_files SET md5 = '', sha1 = '', sha512 = '' WHERE sha256 = :s").bind("s", sha256).execute());
        assertThat(pendingRows()).isPositive();
    }

    private int pendingRows() {
        return server.services().database().jdbi().withHandle(h -> h.createQuery(
                "SELECT COUNT(*) FROM package_files WHERE md5 = '' OR sha1 = '' OR sha512 = ''").mapTo(Integer.class).one());
    }

    private void awaitComplete(String sha256) throws InterruptedException {
        for (int i = 0; i < 200 && pendingRows() > 0; i++) Thread.sleep(50);
        assertThat(pendingRows()).as("rows still pending").isZero();
        String md5 = server.services().database().jdbi().withHandle(h -> h.createQuery(
                "SELECT md5 FROM package_files WHERE sha256 = :s").bind("s", sha256).mapTo(String.class).one());
        assertThat(md5.trim()).hasSize(32);
    }

    private static void assertDigests(JsonNode file, byte[] body) throws Exception {
        assertThat(file.get("file_sha256").asString()).isEqualTo(sha256(body));
        assertThat(file.get("file_md5").asString()).isEqualTo(hex("MD5", body));
        assertThat(file.get("file_sha1").asString()).isEqualTo(hex("SHA-1", body));
    }

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static String sha256(byte[] body) throws Exception { return hex("SHA-256", body); }

    private static String hex(String algorithm, byte[] body) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(body));
    }
}
