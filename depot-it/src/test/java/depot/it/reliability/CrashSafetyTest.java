package depot.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import depot.it.support.Api;
import depot.it.support.Backend;
import depot.it.support.ConanRequests;
import depot.it.support.DepotProcess;
import depot.it.support.NpmDocs;
import depot.it.support.NugetTools;
import depot.it.support.ObjectStore;
import depot.it.support.PypiUploads;
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
 * Crash safety: publishers of six formats write concurrently to a Depot process that is killed with SIGKILL at
 * random moments, round after round. After each restart, every acknowledged publish is there byte for byte, a
 * publish that was cut off is either whole or absent, every listed package has its files, fsck is clean, and gc
 * removes every blob the crashes left unreferenced. On SQLite and the filesystem in the default run, on PostgreSQL
 * and S3 in the scale-out run.
 */
class CrashSafetyTest {
    private static final String TOKEN = "dpat-crash-root-token-00000000000000";
    private static final int ROUNDS = 5;
    private static final int PUBLISHERS = 6;
    @TempDir Path dir;

    /** One publish: how to read its bytes back, and the index documents that must list it. */
    record Publish(String what, String download, byte[] bytes, String index, String indexed) {}

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

        List<Publish> acknowledged = new ArrayList<>();
        List<Publish> cutOff = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        AtomicInteger counter = new AtomicInteger();
        Random random = new Random(20261127);
        for (int round = 1; round <= ROUNDS; round++) {
            AtomicBoolean stop = new AtomicBoolean();
            ConcurrentLinkedQueue<Publish> acked = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<Publish> unknown = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<String> failed = new ConcurrentLinkedQueue<>();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < PUBLISHERS; t++) {
                long seed = random.nextLong();
                Thread thread = new Thread(() -> {
                    Random r = new Random(seed);
                    while (!stop.get()) {
                        int n = counter.incrementAndGet();
                        Attempt a = publish(root, project, n, r);
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
            verify(root, project, acknowledged, cutOff);
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

    private record Attempt(Publish publish, int status, String body) {}

    /** A publish of a random format, with a body big enough (up to 1 MiB) for a kill to land mid-upload. */
    private static Attempt publish(Api api, long project, int n, Random r) {
        String base = "/api/v4/projects/" + project + "/packages/";
        byte[] payload = new byte[1 + r.nextInt(r.nextBoolean() ? 1 << 20 : 4096)];
        r.nextBytes(payload);
        Publish p = null;
        Api.Response res;
        try {
            switch (r.nextInt(6)) {
                case 0 -> {
                    p = new Publish("generic " + n, base + "generic/crash/1." + n + "/f.bin", payload, null, null);
                    res = api.putBytes(p.download(), payload);
                }
                case 1 -> {
                    String path = base + "maven/com/acme/crash/1." + n + "/crash-1." + n + ".jar";
                    p = new Publish("maven " + n, path, payload, base + "maven/com/acme/crash/maven-metadata.xml",
                            "<version>1." + n + "</version>");
                    res = api.putBytes(path, payload);
                }
                case 2 -> {
                    String name = "@crash/lib" + (n % 3);
                    byte[] tgz = NpmDocs.tarball(name, "1.0." + n);
                    p = new Publish("npm " + n, base + "npm/" + name + "/-/" + name + "-1.0." + n + ".tgz", tgz,
                            base + "npm/" + NpmDocs.escaped(name), "\"1.0." + n + "\"");
                    res = api.put(base + "npm/" + NpmDocs.escaped(name), NpmDocs.publish(name, "1.0." + n, tgz));
                }
                case 3 -> {
                    byte[] wheel = PypiUploads.wheel("crash", "1." + n);
                    String file = "crash-1." + n + "-py3-none-any.whl";
                    p = new Publish("pypi " + n, base + "pypi/files/" + PypiUploads.sha256(wheel) + "/" + file, wheel,
                            base + "pypi/simple/crash/", file);
                    res = PypiUploads.upload(api, base + "pypi", PypiUploads.fields("crash", "1." + n, wheel), file, wheel);
                }
                case 4 -> {
                    // a Conan recipe revision: three files, the manifest last; visible only once it is whole
                    String ref = "crash/1.0/_/_";
                    String rrev = String.format("%032x", n);
                    byte[] tgz = ConanRequests.tgz(Map.of("data.bin", java.util.HexFormat.of().formatHex(payload)));
                    String remote = base + "conan";
                    p = new Publish("conan " + n, ConanRequests.recipeFile(remote, ref, rrev, "conan_export.tgz"), tgz,
                            remote + "/v2/conans/" + ref + "/revisions", rrev);
                    res = ConanRequests.put(api, p.download(), tgz);
                    if (res.status() == 201) {
                        res = ConanRequests.put(api, ConanRequests.recipeFile(remote, ref, rrev, "conanfile.py"),
                                ("# " + n + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    }
                    if (res.status() == 201) {
                        res = ConanRequests.put(api, ConanRequests.recipeFile(remote, ref, rrev, "conanmanifest.txt"),
                                ConanRequests.manifest("conanfile.py"));
                    }
                }
                default -> {
                    byte[] nupkg = NugetTools.nupkg("Crash.nuspec", NugetTools.nuspec("Crash", "1.0." + n, ""),
                            Map.of("content/data.bin", payload));
                    p = new Publish("nuget " + n, base + "nuget/download/crash/1.0." + n + "/crash.1.0." + n + ".nupkg",
                            nupkg, base + "nuget/download/crash/index.json", "\"1.0." + n + "\"");
                    res = NugetTools.push(api, base + "nuget/", "package.nupkg", nupkg);
                }
            }
        } catch (RuntimeException cut) {
            // the request was cut off by the kill: afterwards its publish must be whole or absent
            return new Attempt(p != null ? p : new Publish("cut " + n, null, null, null, null), -1, String.valueOf(cut));
        }
        return new Attempt(p, res.status(), res.body());
    }

    private static void verify(Api root, long project, List<Publish> acknowledged, List<Publish> cutOff) {
        for (Publish p : acknowledged) {
            Download got = bytes(root, p.download());
            assertThat(got.statusCode()).as("acknowledged %s", p.what()).isEqualTo(200);
            assertThat(got.body()).as("bytes of acknowledged %s", p.what()).isEqualTo(p.bytes());
            if (p.index() != null) {
                assertThat(root.get(p.index()).body()).as("index of %s", p.what()).contains(p.indexed());
            }
        }
        for (Publish p : cutOff) {
            if (p.download() == null) continue;
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
