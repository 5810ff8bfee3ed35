package depot.it.debian;

import static org.assertj.core.api.Assertions.assertThat;

import depot.it.support.Api;
import depot.it.support.Backend;
import depot.it.support.DepotProcess;
import depot.it.support.TestServer;
import depot.it.support.World;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile uploads to the Debian repository: each is refused with a 400 whose plain-text body says why, nothing is
 * published and the indexes do not change; a control file's own Filename is never what the index says; and xz bombs
 * in the control member, four at once, cost a 256 MiB server bounded time while it keeps answering.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DebianBadInputTest {
    private TestServer server;
    private Api root;
    private String packages;
    private long project;
    @TempDir Path dir;

    @BeforeAll
    void setUp() throws Exception {
        server = new TestServer(Backend.SQLITE);
        root = server.root();
        World world = new World(server);
        project = world.project(world.group("bad", "private"), "debs", "private");
        packages = "/api/v4/projects/" + project + "/packages/";
    }

    @AfterAll
    void tearDown() throws Exception {
        if (server != null) server.close();
    }

    private static final String CONTROL = "Version: 1.0\nArchitecture: amd64\nMaintainer: M <m@depot.test>\nDescription: d\n d.\n";

    /** A control.tar.xz whose first entry inflates to {@code junk} bytes of zeros before the control file. */
    static byte[] xzBomb(long junk) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new XZCompressorOutputStream(out, 0))) {
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            TarArchiveEntry e = new TarArchiveEntry("./junk");
            e.setSize(junk);
            tar.putArchiveEntry(e);
            byte[] zeros = new byte[1 << 20];
            for (long n = 0; n < junk; n += zeros.length) tar.write(zeros, 0, (int) Math.min(zeros.length, junk - n));
            tar.closeArchiveEntry();
            byte[] control = ("Package: bomb\n" + CONTROL).getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry c = new TarArchiveEntry("./control");
            c.setSize(control.length);
            tar.putArchiveEntry(c);
            tar.write(control);
            tar.closeArchiveEntry();
        }
        return out.toByteArray();
    }

    static byte[] withControlMember(String name, byte[] control) {
        Map<String, byte[]> members = new LinkedHashMap<>();
        members.put("debian-binary", "2.0\n".getBytes(StandardCharsets.US_ASCII));
        members.put(name, control);
        members.put("data.tar.gz", new byte[] {0x1f, (byte) 0x8b});
        return Debs.members(members);
    }

    @Test
    void hostile_packages_are_refused_with_a_reason_and_store_nothing() throws Exception {
        Map<String, byte[]> hostile = new LinkedHashMap<>();
        hostile.put("not an ar archive", "<html>not a package</html>".getBytes(StandardCharsets.UTF_8));
        hostile.put("a name with a newline", Debs.deb("Package: good\n ../../etc\n" + CONTROL, Map.of()));
        hostile.put("a traversal name", Debs.deb("Package: ../../etc/passwd\n" + CONTROL, Map.of()));
        hostile.put("a version with a newline", Debs.deb("Package: good\nVersion: 1.0\n 2.0\nArchitecture: amd64\n", Map.of()));
        hostile.put("an architecture with a slash", Debs.deb("Package: good\nVersion: 1.0\nArchitecture: ../amd64\n", Map.of()));
        hostile.put("two paragraphs", Debs.deb("Package: good\n" + CONTROL + "\nPackage: other\n", Map.of()));
        hostile.put("control.tar of an unknown compression", withControlMember("control.tar.rar", new byte[10]));
        hostile.put("an xz bomb in control.tar", withControlMember("control.tar.xz", xzBomb(200L << 20)));
        hostile.put("data before control", Debs.members(Map.of("debian-binary", "2.0\n".getBytes(StandardCharsets.US_ASCII))));
        String before = root.get(packages + "debian/dists/stable/InRelease").body();
        for (Map.Entry<String, byte[]> h : hostile.entrySet()) {
            Api.Response r = Debs.upload(root, packages, "good.deb", "stable", h.getValue());
            assertThat(r.status()).as(h.getKey() + ": " + r.body()).isEqualTo(400);
            assertThat(r.header("Content-Type")).as(h.getKey()).startsWith("text/plain");
            assertThat(r.body()).as(h.getKey()).isNotBlank().doesNotContain("Exception");
        }
        assertThat(root.get(packages + "?package_type=debian").json().size()).isZero();
        assertThat(root.get(packages + "debian/dists/stable/InRelease").body()).isEqualTo(before);

        // a control file's Filename, Size and checksums are the index's own, whatever the package says
        Api.Response ok = Debs.upload(root, packages, "../../x.deb", "stable", Debs.deb("Package: sly\n"
                + "Filename: ../../../etc/passwd\nSHA256: 00\nSize: 1\n" + CONTROL, Map.of("./f", new byte[] {1})));
        assertThat(ok.status()).as(ok.body()).isEqualTo(201);
        String index = root.get(packages + "debian/dists/stable/main/binary-amd64/Packages").body();
        assertThat(index).contains("Filename: pool/stable/main/s/sly/sly_1.0_amd64.deb\n").doesNotContain("passwd")
                .doesNotContain("SHA256: 00\n").doesNotContain("Size: 1\n");
    }

    @Test
    void source_files_that_do_not_match_their_dsc_are_refused() {
        String tar = "upstream bytes";
        String dsc = "Format: 3.0 (native)\nSource: srcpkg\nBinary: srcpkg\nVersion: 1.0\nChecksums-Sha256:\n "
                + "0".repeat(64) + " " + tar.length() + " srcpkg_1.0.tar.xz\n";
        assertThat(Debs.upload(root, packages, "srcpkg_1.0.dsc", "stable", dsc.getBytes(StandardCharsets.UTF_8)).status())
                .isEqualTo(201);
        Api.Response lie = Debs.upload(root, packages, "srcpkg_1.0.tar.xz", "stable", tar.getBytes(StandardCharsets.UTF_8));
        assertThat(lie.status()).as(lie.body()).isEqualTo(400);
        assertThat(lie.body()).contains("is not the file srcpkg_1.0.dsc names");
        Api.Response stray = Debs.upload(root, packages, "other_1.0.tar.xz", "stable", new byte[] {1});
        assertThat(stray.status()).as(stray.body()).isEqualTo(400);
        assertThat(stray.body()).contains("upload the .dsc first");
        // until its files are here, the source package is not in the index
        assertThat(root.get(packages + "debian/dists/stable/main/source/Sources").body()).doesNotContain("srcpkg");
    }

    @Test
    void versions_one_file_name_apart_suites_that_clash_and_a_deleted_distribution_are_refused() throws Exception {
        World world = new World(server);
        long project = world.project(world.group("clash", "private"), "debs", "private");
        String packages = "/api/v4/projects/" + project + "/packages/";
        // 2:3.0-1 and 3.0-1 would both be epochpkg_3.0-1_amd64.deb in the pool
        byte[] first = Debs.simple("epochpkg", "2:3.0-1", "amd64", new byte[] {1});
        byte[] second = Debs.simple("epochpkg", "3.0-1", "amd64", new byte[] {2});
        assertThat(Debs.upload(root, packages, "e.deb", "epochs", first).status()).isEqualTo(201);
        Api.Response clash = Debs.upload(root, packages, "e.deb", "epochs", second);
        assertThat(clash.status()).as(clash.body()).isEqualTo(409);
        assertThat(clash.body()).contains("belongs to version 2:3.0-1");
        assertThat(root.get(packages + "debian/dists/epochs/main/binary-amd64/Packages").body()).containsOnlyOnce("Package: epochpkg");

        // a suite is unique among the owner's codenames and suites, as in GitLab
        String api = "/api/v4/projects/" + project + "/debian_distributions";
        assertThat(root.post(api, Map.of("codename", "bookworm", "suite", "stable")).status()).isEqualTo(201);
        assertThat(root.post(api, Map.of("codename", "bullseye", "suite", "bookworm")).status()).isEqualTo(409);
        assertThat(root.post(api, Map.of("codename", "trixie", "suite", "stable")).status()).isEqualTo(409);
        assertThat(root.post(api, Map.of("codename", "stable")).status()).isEqualTo(409);
        assertThat(root.post(api, Map.of("codename", "sid")).status()).isEqualTo(201);
        assertThat(root.put(api + "/sid", Map.of("suite", "stable")).status()).isEqualTo(409);

        // deleting a distribution takes its pool with it
        String pool = packages + "debian/" + Debs.pool("epochs", "epochpkg", "2:3.0-1", "amd64");
        assertThat(root.get(pool).status()).isEqualTo(200);
        assertThat(root.delete(api + "/epochs").status()).isEqualTo(204);
        assertThat(root.get(pool).status()).isEqualTo(404);
        assertThat(root.get(packages + "debian/dists/epochs/InRelease").status()).isEqualTo(404);
    }

    @Test
    void xz_bombs_four_at_once_cost_a_small_server_bounded_time_and_memory() throws Exception {
        // the packaged jar on its defaults (SQLite and files) on either stack: the scale-out run would repeat it
        // (HostileArchivesUnderLoadTest runs the same kind of load on PostgreSQL and S3)
        org.junit.jupiter.api.Assumptions.assumeFalse(TestServer.SCALE_OUT, "runs on the embedded stack only");
        int port = DepotProcess.freePort();
        String token = "debian-bombs-root-token";
        try (DepotProcess depot = new DepotProcess(port, dir.resolve("data"), dir.resolve("depot.log"),
                Map.of("DEPOT_INITIAL_ROOT_TOKEN", token, "DEPOT_AUTH_FAILURE_LIMIT", "0"))) {
            depot.start();
            depot.awaitReady();
            Api api = depot.api(token);
            World world = new World(api);
            long p = world.project(world.group("bombs", "private"), "p", "private");
            byte[] bomb = withControlMember("control.tar.xz", xzBomb(1L << 30));
            List<String> health = new CopyOnWriteArrayList<>();
            AtomicBoolean running = new AtomicBoolean(true);
            Thread monitor = new Thread(() -> {
                HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
                while (running.get()) {
                    try {
                        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(depot.url() + "/-/health"))
                                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() != 200) health.add("status " + r.statusCode());
                        Thread.sleep(200);
                    } catch (IOException e) {
                        health.add(e.toString());
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            monitor.start();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<Api.Response>> answers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                answers.add(pool.submit(() -> Debs.upload(api, "/api/v4/projects/" + p + "/packages/", "bomb.deb", "stable", bomb)));
            }
            try {
                for (Future<Api.Response> a : answers) {
                    Api.Response r = a.get(2, TimeUnit.MINUTES);
                    assertThat(r.status()).as(r.body()).isEqualTo(400);
                }
            } finally {
                pool.shutdownNow();
                running.set(false);
                monitor.join();
            }
            assertThat(health).as("health checks that failed").isEmpty();
            assertThat(api.get("/api/v4/projects/" + p + "/packages?package_type=debian").json().size()).isZero();
        }
    }
}
