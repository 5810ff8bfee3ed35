package depot.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import depot.it.formats.CrashPublish;
import depot.it.formats.FormatTestKit;
import depot.it.formats.FormatTestKits;
import depot.it.support.Api;
import depot.it.support.Backend;
import depot.it.support.DepotProcess;
import depot.it.support.ObjectStore;
import depot.it.support.TestServer;
import depot.it.support.Tools;
import depot.it.support.World;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Crash safety: six threads publish packages of every format whose {@link FormatTestKit} has a crash publisher, each
 * publish of a format picked at random, to a Depot process that is killed with SIGKILL at random moments, round after
 * round. After each restart, every acknowledged publish is there byte for byte, a publish that was cut off is either
 * whole or absent, every listed package has its files, fsck is clean, and gc removes every blob the crashes left
 * unreferenced. On SQLite and the filesystem in the default run, on PostgreSQL and S3 in the scale-out run.
 */
class CrashSafetyTest {
    private static final String TOKEN = "dpat-crash-root-token-00000000000000";
    private static final int ROUNDS = 5;
    private static final int THREADS = 6;
    @TempDir Path dir;

    @Test
    void acknowledged_publishes_survive_sigkill_and_nothing_half_written_is_visible() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("DEPOT_INITIAL_ROOT_TOKEN", TOKEN);
        env.put("DEPOT_INITIAL_ROOT_PASSWORD", "crash-password-1");
        int port = DepotProcess.freePort();
        env.put("DEPOT_EXTERNAL_URL", "http://127.0.0.1:" + port);
        Path tmp;
        if (TestServer.SCALE_OUT) {
            env.put("DEPOT_DATABASE_URL", Backend.POSTGRES.newDatabaseUrl());
            Map<String, String> bucket = ObjectStore.newBucket();
            bucket.forEach((k, v) -> env.put("DEPOT_" + k.toUpperCase(), v));
            tmp = ObjectStore.temporaryDir(bucket.get("s3_bucket"));
        } else {
            tmp = dir.resolve("data/blobs/tmp");
        }
        DepotProcess depot = new DepotProcess(port, dir.resolve("data"), dir.resolve("depot.log"), env);
        depot.start();
        depot.awaitReady();
        Api root = depot.api(TOKEN);
        World world = new World(root);
        long project = world.project(world.group("crash", "private"), "p", "private");
        String packages = "/api/v4/projects/" + project + "/packages/";
        List<CrashPublish.Publisher> publishers = FormatTestKits.all().stream()
                .flatMap(kit -> kit.crashPublisher().stream()).toList();

        List<CrashPublish> acknowledged = new ArrayList<>();
        List<CrashPublish> cutOff = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        AtomicInteger counter = new AtomicInteger();
        Random random = new Random(20261127);
        for (int round = 1; round <= ROUNDS; round++) {
            AtomicBoolean stop = new AtomicBoolean();
            ConcurrentLinkedQueue<CrashPublish> acked = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<CrashPublish> unknown = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<String> failed = new ConcurrentLinkedQueue<>();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                long seed = random.nextLong();
                Thread thread = new Thread(() -> {
                    Random r = new Random(seed);
                    while (!stop.get()) {
                        int n = counter.incrementAndGet();
                        Attempt a = publish(root, publishers, packages, n, r);
                        if (a.status < 0) unknown.add(a.publish);
                        else if (a.status / 100 == 2) acked.add(a.publish);
                        else failed.add(a.publish.what() + " → " + a.status + " " + a.body);
                    }
                });
                thread.start();
                threads.add(thread);
            }
            Thread.sleep(400 + random.nextInt(2200));
            depot.kill();
            stop.set(true);
            for (Thread t : threads) t.join();
            acknowledged.addAll(acked);
            cutOff.addAll(unknown);
            refused.addAll(failed);

            depot.start();
            depot.awaitReady();
            // this round's publishes after its kill; every round's again after the last (below)
            verify(root, project, List.copyOf(acked), List.copyOf(unknown));
        }
        depot.kill();

        Tools.Result fsck = depot.cli("fsck");
        Tools.Result gc = depot.cli("gc", "--grace", "0s");
        Tools.Result after = depot.cli("fsck");
        System.out.printf("crash safety (%s): %d rounds, %d publishes acknowledged, 0 lost, %d cut off by the kill;"
                + " before gc: %s", TestServer.SCALE_OUT ? "PostgreSQL + S3" : "SQLite + filesystem", ROUNDS,
                acknowledged.size(), cutOff.size(), fsck.stdout().lines().reduce((a, b) -> b).orElse(""));

        assertThat(refused).as("publishes refused while the server was up").isEmpty();
        assertThat(acknowledged).hasSizeGreaterThan(ROUNDS * 5);
        assertThat(fsck.exit()).as(fsck.stdout() + fsck.stderr()).isZero();
        assertThat(fsck.stdout()).contains(" 0 corrupt, 0 missing");
        assertThat(gc.exit()).as(gc.stdout() + gc.stderr()).isZero();
        assertThat(after.exit()).as(after.stdout() + after.stderr()).isZero();
        assertThat(after.stdout()).contains(" 0 corrupt, 0 missing, 0 unreferenced");
        assertThat(temporaryFiles(tmp)).as("temporary upload files after gc").isZero();

        depot.start();
        depot.awaitReady();
        verify(root, project, acknowledged, cutOff);
        // a token in the query string (as some clients send it) reaches no log either
        assertThat(new Api(depot.url(), null, null).get("/api/v4/projects/" + project + "?private_token=" + TOKEN)
                .status()).isEqualTo(200);
        depot.close();
        assertThat(Files.readString(dir.resolve("depot.log"))).as("the server log").doesNotContain(TOKEN)
                .doesNotContain(TOKEN.substring(5));
    }

    private record Attempt(CrashPublish publish, int status, String body) {}

    /** A publish of a random format, with a body big enough (up to 1 MiB) for a kill to land mid-upload. */
    private static Attempt publish(Api api, List<CrashPublish.Publisher> publishers, String packages, int n, Random r) {
        byte[] payload = new byte[1 + r.nextInt(r.nextBoolean() ? 1 << 20 : 4096)];
        r.nextBytes(payload);
        CrashPublish p = publishers.get(r.nextInt(publishers.size())).next(packages, n, payload);
        try {
            Api.Response res = p.send().apply(api);
            return new Attempt(p, res.status(), res.body());
        } catch (RuntimeException cut) {
            // the request was cut off by the kill: afterwards its publish must be whole or absent
            return new Attempt(p, -1, String.valueOf(cut));
        }
    }

    private static void verify(Api root, long project, List<CrashPublish> acknowledged, List<CrashPublish> cutOff) {
        for (CrashPublish p : acknowledged) {
            Download got = bytes(root, p.download());
            assertThat(got.statusCode()).as("acknowledged %s", p.what()).isEqualTo(200);
            assertThat(got.body()).as("bytes of acknowledged %s", p.what()).isEqualTo(p.bytes());
            if (p.index() != null) {
                assertThat(root.get(p.index()).body()).as("index of %s", p.what()).contains(p.indexed());
            }
        }
        for (CrashPublish p : cutOff) {
            Download got = bytes(root, p.download());
            assertThat(got.statusCode()).as("cut-off %s is whole or absent", p.what()).isIn(200, 404);
            if (got.statusCode() == 200) assertThat(got.body()).as("bytes of %s", p.what()).isEqualTo(p.bytes());
        }
        // no package without its files, in any format
        for (int page = 1; ; page++) {
            JsonNode list = root.get("/api/v4/projects/" + project + "/packages?per_page=100&page=" + page).json();
            if (list.isEmpty()) break;
            for (JsonNode pkg : list) {
                JsonNode files = root.get("/api/v4/projects/" + project + "/packages/" + pkg.get("id").asLong()
                        + "/package_files").json();
                assertThat(files).as("files of %s %s", pkg.get("name"), pkg.get("version")).isNotEmpty();
            }
        }
    }

    private record Download(int statusCode, byte[] body) {}

    private static Download bytes(Api api, String path) {
        HttpResponse<java.io.InputStream> r = api.stream(api.request(path).GET());
        try (java.io.InputStream in = r.body()) {
            return new Download(r.statusCode(), in.readAllBytes());
        } catch (java.io.IOException e) {
            throw new AssertionError(path, e);
        }
    }

    private static long temporaryFiles(Path tmp) throws Exception {
        if (!Files.isDirectory(tmp)) return 0;
        try (var files = Files.walk(tmp)) {
            return files.filter(Files::isRegularFile).count();
        }
    }
}
