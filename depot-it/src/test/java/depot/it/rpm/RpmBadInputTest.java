package depot.it.rpm;

import static org.assertj.core.api.Assertions.assertThat;

import depot.format.rpm.RpmWriter;
import depot.it.support.Api;
import depot.it.support.Backend;
import depot.it.support.DepotProcess;
import depot.it.support.TestServer;
import depot.it.support.World;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile uploads to the RPM repository: each is refused with a 400 whose plain-text body says why, nothing is
 * published and the repodata does not change; versions one file name apart are a 409; and headers at the size limit,
 * four at once, cost a 256 MiB server bounded memory while it keeps answering.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RpmBadInputTest {
    private TestServer server;
    private Api root;
    private String packages;
    @TempDir Path dir;

    @BeforeAll
    void setUp() throws Exception {
        server = new TestServer(Backend.SQLITE);
        root = server.root();
        World world = new World(server);
        long project = world.project(world.group("bad", "private"), "rpms", "private");
        packages = "/api/v4/projects/" + project + "/packages/";
    }

    @AfterAll
    void tearDown() throws Exception {
        if (server != null) server.close();
    }

    /** Where an RPM's main header starts: after the lead and the signature header, padded to 8. */
    static int mainHeaderAt(byte[] rpm) {
        ByteBuffer b = ByteBuffer.wrap(rpm);
        int n = b.getInt(96 + 8), size = b.getInt(96 + 12);
        int end = 96 + 16 + 16 * n + size;
        return end + (8 - end % 8) % 8;
    }

    /** The RPM with the int at {@code at} of its main header (counted from the header's start) replaced. */
    static byte[] lie(byte[] rpm, int at, int value) {
        int main = mainHeaderAt(rpm);
        byte[] copy = rpm.clone();
        ByteBuffer.wrap(copy).putInt(main + at, value);
        return copy;
    }

    @Test
    void hostile_packages_are_refused_with_a_reason_and_store_nothing() {
        byte[] good = Rpms.simple("fine", "1.0", new byte[] {1});
        Map<String, byte[]> hostile = new LinkedHashMap<>();
        hostile.put("not an RPM", "PK\3\4 a zip, not an rpm".getBytes(StandardCharsets.UTF_8));
        hostile.put("empty", new byte[0]);
        hostile.put("cut in the header", Arrays.copyOf(good, 300));
        hostile.put("index count that lies", lie(good, 8, 0x7fffffff));
        hostile.put("huge tag data", lie(good, 12, 1 << 30));
        hostile.put("an entry outside the data", lie(good, 16 + 8, 1 << 24));
        hostile.put("traversal in the name", RpmWriter.minimal("../../../etc/passwd", "1", "1", "noarch").build());
        hostile.put("traversal in the arch", RpmWriter.minimal("sly", "1", "1", "../x").build());
        hostile.put("a name with a newline", RpmWriter.minimal("a\nb", "1", "1", "noarch").build());
        hostile.put("cut short", Arrays.copyOf(good, good.length - 2));
        hostile.put("padded", Arrays.copyOf(good, good.length + 4096));
        String text = new String(good, StandardCharsets.ISO_8859_1);
        hostile.put("changed after it was built", text.replace("a test package", "a test packagE").getBytes(StandardCharsets.ISO_8859_1));
        String before = root.get(packages + "rpm/repodata/repomd.xml").body();
        for (Map.Entry<String, byte[]> h : hostile.entrySet()) {
            Api.Response r = Rpms.upload(root, packages, "hostile.rpm", h.getValue());
            assertThat(r.status()).as(h.getKey() + ": " + r.body()).isEqualTo(400);
            assertThat(r.header("Content-Type")).as(h.getKey()).startsWith("text/plain");
            assertThat(r.body()).as(h.getKey()).isNotBlank().doesNotContain("Exception");
        }
        Api.Response notRpm = root.putBytes(packages + "rpm/readme.txt", good);
        assertThat(notRpm.status()).isEqualTo(400);
        assertThat(root.get(packages + "?package_type=rpm").json().size()).isZero();
        assertThat(root.get(packages + "rpm/repodata/repomd.xml").body()).isEqualTo(before);
    }

    @Test
    void versions_one_file_name_apart_are_refused_and_a_file_name_is_the_packages_own() throws Exception {
        byte[] first = RpmWriter.minimal("epochpkg", "3.0", "1", "noarch").int32(1003, 2).build();
        Api.Response stored = Rpms.upload(root, packages, "anything-at-all.rpm", first);
        assertThat(stored.status()).as(stored.body()).isEqualTo(201);
        // stored under the name dnf expects, whatever the upload was called
        assertThat(stored.json().get("file_name").asString()).isEqualTo("epochpkg-3.0-1.noarch.rpm");
        Api.Response clash = Rpms.upload(root, packages, "e.rpm", RpmWriter.minimal("epochpkg", "3.0", "1", "noarch").build());
        assertThat(clash.status()).as(clash.body()).isEqualTo(409);
        assertThat(clash.body()).contains("belongs to version 2:3.0-1");
        var served = root.stream(root.request(packages + "rpm/Packages/epochpkg-3.0-1.noarch.rpm").GET());
        assertThat(served.statusCode()).isEqualTo(200);
        try (var in = served.body()) {
            // Depot signed it: a new signature header, the main header and payload as they were
            byte[] bytes = in.readAllBytes();
            int main = mainHeaderAt(first);
            assertThat(Arrays.copyOfRange(bytes, bytes.length - (first.length - main), bytes.length))
                    .isEqualTo(Arrays.copyOfRange(first, main, first.length));
        }
    }

    @Test
    void the_same_upload_twice_gives_the_same_bytes_and_a_packagers_signature_is_kept() throws Exception {
        World world = new World(server);
        String packages = "/api/v4/projects/" + world.project(world.group("signed", "private"), "rpms", "private") + "/packages/";
        byte[] unsigned = Rpms.simple("twice", "1.0", new byte[] {7});
        String first = Rpms.upload(root, packages, "t.rpm", unsigned).json().get("sha256").asString();
        String again = Rpms.upload(root, packages, "t.rpm", unsigned).json().get("sha256").asString();
        // Depot's signature is made at the package's build time: a CI retry changes nothing a client cached
        assertThat(again).isEqualTo(first);
        byte[] signed = RpmWriter.minimal("presigned", "1.0", "1", "noarch").signed().build();
        Api.Response kept = Rpms.upload(root, packages, "p.rpm", signed);
        assertThat(kept.status()).as(kept.body()).isEqualTo(201);
        var served = root.stream(root.request(packages + "rpm/Packages/presigned-1.0-1.noarch.rpm").GET());
        try (var in = served.body()) {
            assertThat(in.readAllBytes()).isEqualTo(signed);
        }
    }

    @Test
    void headers_at_the_limit_four_at_once_cost_a_small_server_bounded_memory() throws Exception {
        // the packaged jar on its defaults (SQLite and files) on either stack: the scale-out run would repeat it
        // (HostileArchivesUnderLoadTest runs the same kind of load on PostgreSQL and S3)
        org.junit.jupiter.api.Assumptions.assumeFalse(TestServer.SCALE_OUT, "runs on the embedded stack only");
        int port = DepotProcess.freePort();
        String token = "rpm-bombs-root-token";
        // 60,000 files of 120-byte names (~7.5 MiB of header), whose directory indexes point past the directories
        String[] names = new String[60_000];
        long[] index = new long[names.length];
        for (int i = 0; i < names.length; i++) {
            names[i] = "f" + i + "x".repeat(110);
            index[i] = i;
        }
        byte[] bomb = RpmWriter.minimal("bomb", "1", "1", "noarch").strings(1117, names).strings(1118, "/")
                .int32(1116, index).build();
        try (DepotProcess depot = new DepotProcess(port, dir.resolve("data"), dir.resolve("depot.log"),
                Map.of("DEPOT_INITIAL_ROOT_TOKEN", token, "DEPOT_AUTH_FAILURE_LIMIT", "0"))) {
            depot.start();
            depot.awaitReady();
            Api api = depot.api(token);
            World world = new World(api);
            long p = world.project(world.group("bombs", "private"), "p", "private");
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<Api.Response>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(pool.submit(() -> Rpms.upload(api, "/api/v4/projects/" + p + "/packages/", "bomb.rpm", bomb)));
            }
            try {
                for (Future<Api.Response> a : answers) {
                    Api.Response r = a.get(2, TimeUnit.MINUTES);
                    assertThat(r.status()).as(r.body()).isEqualTo(400);
                    assertThat(r.body()).contains("file list is inconsistent");
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(api.get("/-/health").status()).isEqualTo(200);
            assertThat(api.get("/api/v4/projects/" + p + "/packages?package_type=rpm").json().size()).isZero();
        }
    }
}
