package depot.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import depot.it.support.Api;
import depot.it.support.Cluster;
import depot.it.support.NpmDocs;
import depot.it.support.Tools;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster benchmark bench/run calls (not a test: its name keeps it out of the suite, and it asserts no speed):
 * one node and three nodes, each behind nginx on PostgreSQL and S3, measured with wrk on the same reads and with
 * parallel publishes. Writes one JSON object per measurement to the file {@code -Ddepot.bench.out} names.
 */
class ClusterBenchmark {
    private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    @TempDir Path dir;

    @Test
    void one_node_and_three_nodes_behind_nginx() throws Exception {
        String out = System.getProperty("depot.bench.out");
        Assumptions.assumeTrue(out != null, "run by bench/run with -Ddepot.bench.out=<file>");
        int seconds = Integer.getInteger("depot.bench.seconds", 10);
        Path wrk = Tools.require("wrk", "apt-get install wrk");
        List<String> lines = new ArrayList<>();
        // three first: the report divides by the first system (bench/run --quick starts only the one node)
        int[] sizes = java.util.Arrays.stream(System.getProperty("depot.bench.sizes", "3,1").split(","))
                .mapToInt(Integer::parseInt).toArray();
        for (int size : sizes) {
            try (Cluster cluster = new Cluster(Files.createDirectories(dir.resolve("c" + size)), size, Map.of())) {
                Api lb = cluster.lb();
                long group = lb.post("/api/v4/groups", Map.of("name", "b", "path", "b", "visibility", "public"))
                        .json().get("id").asLong();
                long project = lb.post("/api/v4/projects", Map.of("name", "p", "path", "p", "namespace_id", group,
                        "visibility", "public")).json().get("id").asLong();
                String base = "/api/v4/projects/" + project + "/packages";
                assertThat(lb.putBytes(base + "/generic/f/1.0.0/1k.bin", new byte[1024]).status()).isEqualTo(201);
                assertThat(lb.put(base + "/npm/@b%2flib", NpmDocs.publish("@b/lib", "1.0.0",
                        NpmDocs.tarball("@b/lib", "1.0.0"))).status()).isEqualTo(201);
                String system = size == 1 ? "depot, 1 node behind nginx" : "depot, 3 nodes behind nginx";
                for (String[] read : new String[][] {{"cluster: 1 KiB download", base + "/generic/f/1.0.0/1k.bin"},
                        {"cluster: npm packument", base + "/npm/@b%2flib"}}) {
                    String url = cluster.lbUrl() + read[1];
                    Tools.run(dir, Map.of(), List.of(wrk.toString(), "-t2", "-c16", "-d" + Math.min(3, seconds) + "s", url)); // warm-up
                    Tools.Result r = Tools.run(dir, Map.of(), List.of(wrk.toString(), "-t2", "-c16", "-d" + seconds + "s",
                            "--latency", url));
                    lines.add(json(read[0], system, rps(r.stdout()), latency(r.stdout(), "50%"),
                            latency(r.stdout(), "99%"), "req/s"));
                }
                lines.add(json("cluster: generic publishes (16 parallel)", system, publishes(lb, base, seconds), null,
                        null, "publishes/s"));
                if (size == 1) lines.add(nameFilter(cluster, lb, group, wrk, seconds));
            }
        }
        Files.write(Path.of(out), lines);
    }

    /**
     * The package list filtered by name on PostgreSQL (its pg_trgm index), as bench/run measures it on SQLite: a
     * project of 100,000 generic packages {@code pkg-0 … pkg-99999}, filtered by {@code pkg-25000}, 4 connections.
     * The rows are written by one INSERT … SELECT (publishing them one by one would take minutes, and the list reads
     * only the rows), then vacuumed and analysed as autovacuum would.
     */
    private String nameFilter(Cluster cluster, Api lb, long group, Path wrk, int seconds) throws Exception {
        int count = Integer.getInteger("depot.bench.filterCount", 100_000);
        long project = lb.post("/api/v4/projects", Map.of("name", "many", "path", "many", "namespace_id", group,
                "visibility", "public")).json().get("id").asLong();
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(cluster.env().get("DEPOT_DATABASE_URL"));
             java.sql.PreparedStatement st = c.prepareStatement("""
                     INSERT INTO packages (project_id, package_type, name, normalized_name, version, status,
                                           created_at, updated_at)
                     SELECT ?, 'generic', 'pkg-' || n, 'pkg-' || n, '1.0.0', 'default', ? + n, ? + n
                     FROM generate_series(0, ? - 1) AS n""")) {
            long now = System.currentTimeMillis();
            st.setLong(1, project);
            st.setLong(2, now);
            st.setLong(3, now);
            st.setInt(4, count);
            assertThat(st.executeUpdate()).isEqualTo(count);
            // what autovacuum does within a minute of such a batch: statistics for the planner, and the trigram
            // index's pending entries merged (until then every search reads them one by one)
            try (java.sql.Statement vacuum = c.createStatement()) {
                vacuum.execute("VACUUM ANALYZE packages");
            }
        }
        String url = cluster.lbUrl() + "/api/v4/projects/" + project + "/packages?package_name=pkg-" + count / 4;
        Api.Response first = lb.get("/api/v4/projects/" + project + "/packages?package_name=pkg-" + count / 4);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().get(0).get("name").asText()).isEqualTo("pkg-" + count / 4);
        List<String> args = List.of(wrk.toString(), "-t2", "-c4", "-H", "Private-Token: " + Cluster.TOKEN);
        // warm-up: the listing's code has not run on this node yet, and its JIT compiles compete with PostgreSQL,
        // nginx and wrk for the same two cores
        Tools.run(dir, Map.of(), concat(args, "-d" + Math.max(2, seconds) + "s", url));
        Tools.Result r = Tools.run(dir, Map.of(), concat(args, "-d" + seconds + "s", "--latency", url));
        return json(String.format("package list of %,d packages: filtered by name, on PostgreSQL", count),
                "depot, 1 node behind nginx", rps(r.stdout()), latency(r.stdout(), "50%"), latency(r.stdout(), "99%"),
                "req/s");
    }

    private static List<String> concat(List<String> args, String... more) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of(more));
        return all;
    }

    /** Publishes small generic packages from 16 threads for {@code seconds}; returns publishes per second. */
    private static double publishes(Api lb, String base, int seconds) throws Exception {
        AtomicInteger done = new AtomicInteger();
        AtomicInteger next = new AtomicInteger();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<?>> all = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < 16; t++) {
            all.add(pool.submit(() -> {
                while (System.nanoTime() < end) {
                    int n = next.incrementAndGet();
                    Api.Response r = lb.send(lb.request(base + "/generic/pub-" + n + "/1.0.0/f.bin")
                            .PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[4096])));
                    if (r.status() == 201) done.incrementAndGet();
                }
                return null;
            }));
        }
        for (Future<?> f : all) f.get();
        pool.shutdown();
        return done.get() / ((System.nanoTime() - start) / 1e9);
    }

    private static double rps(String wrkOutput) {
        Matcher m = RPS.matcher(wrkOutput);
        if (!m.find()) throw new AssertionError("no Requests/sec in wrk's output: " + wrkOutput);
        return Double.parseDouble(m.group(1));
    }

    /** A latency percentile from wrk's --latency table, in milliseconds. */
    private static Double latency(String wrkOutput, String percentile) {
        Matcher m = Pattern.compile("\\s" + Pattern.quote(percentile) + "\\s+([0-9.]+)(us|ms|s)").matcher(wrkOutput);
        if (!m.find()) return null;
        double v = Double.parseDouble(m.group(1));
        return switch (m.group(2)) {
            case "us" -> v / 1000;
            case "s" -> v * 1000;
            default -> v;
        };
    }

    private static String json(String scenario, String system, double rps, Double p50, Double p99, String unit) {
        return "{\"scenario\": \"" + scenario + "\", \"system\": \"" + system + "\", \"rps\": " + rps + ", \"p50\": "
                + p50 + ", \"p99\": " + p99 + ", \"unit\": \"" + unit + "\"}";
    }
}
