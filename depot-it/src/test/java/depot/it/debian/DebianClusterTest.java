package depot.it.debian;

import static org.assertj.core.api.Assertions.assertThat;

import depot.it.support.Api;
import depot.it.support.Cluster;
import depot.it.support.DepotProcess;
import depot.it.support.OneStack;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two Depot processes on one PostgreSQL and one S3 bucket: packages are uploaded through both at once while readers
 * on both fetch InRelease and then every Packages file it names by hash, as apt does. Every file a Release names must
 * be served with exactly its hash, from either node, at every moment; at the end the index lists every upload.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@OneStack
class DebianClusterTest {
    private static final Pattern SHA256_LINE = Pattern.compile("^ ([0-9a-f]{64}) +([0-9]+) (main/binary-[a-z0-9-]+/Packages)$",
            Pattern.MULTILINE);
    @TempDir static Path dir;
    private Cluster cluster;
    private long project;

    @BeforeAll
    void start() throws Exception {
        cluster = new Cluster(dir, 2, Map.of());
        Api lb = cluster.lb();
        long group = lb.post("/api/v4/groups", Map.of("name", "acme", "path", "acme", "visibility", "private"))
                .json().get("id").asLong();
        project = lb.post("/api/v4/projects", Map.of("name", "debs", "path", "debs", "namespace_id", group,
                "visibility", "private")).json().get("id").asLong();
        assertThat(lb.post("/api/v4/projects/" + project + "/debian_distributions",
                Map.of("codename", "stable", "architectures", List.of("amd64"))).status()).isEqualTo(201);
    }

    @AfterAll
    void stop() throws Exception {
        if (cluster != null) cluster.close();
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void every_release_names_files_served_with_its_hashes_on_every_node_while_uploads_race() throws Exception {
        List<DepotProcess> nodes = cluster.nodes();
        String base = "/api/v4/projects/" + project + "/packages/debian/";
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<Integer>> writers = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            Api api = nodes.get(w).api(Cluster.TOKEN);
            String arch = w == 0 ? "amd64" : "all";
            int writer = w;
            writers.add(pool.submit(() -> {
                for (int i = 0; i < 12; i++) {
                    Api.Response r = Debs.upload(api, "/api/v4/projects/" + project + "/packages/", "p.deb", "stable",
                            Debs.simple("raced-" + writer, "1.0." + i, arch, new byte[] {(byte) i}));
                    assertThat(r.status()).as(r.body()).isEqualTo(201);
                }
                return 12;
            }));
        }
        List<Future<Integer>> readers = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            Api release = nodes.get(r).api(Cluster.TOKEN);
            Api files = nodes.get(1 - r).api(Cluster.TOKEN);
            readers.add(pool.submit(() -> {
                int checked = 0;
                while (writing.get() || checked == 0) {
                    Api.Response in = release.get(base + "dists/stable/InRelease");
                    assertThat(in.status()).isEqualTo(200);
                    Matcher m = SHA256_LINE.matcher(in.body());
                    while (m.find()) {
                        String folder = m.group(3).substring(0, m.group(3).lastIndexOf('/'));
                        Api.Response f = files.get(base + "dists/stable/" + folder + "/by-hash/SHA256/" + m.group(1));
                        assertThat(f.status()).as(m.group(3)).isEqualTo(200);
                        assertThat(sha256(f.body())).as(m.group(3)).isEqualTo(m.group(1));
                        assertThat((long) f.body().getBytes(StandardCharsets.UTF_8).length).isEqualTo(Long.parseLong(m.group(2)));
                        checked++;
                    }
                }
                return checked;
            }));
        }
        for (Future<Integer> w : writers) assertThat(w.get(5, TimeUnit.MINUTES)).isEqualTo(12);
        writing.set(false);
        for (Future<Integer> r : readers) assertThat(r.get(5, TimeUnit.MINUTES)).isPositive();
        pool.shutdown();
        for (DepotProcess node : nodes) {
            String packages = node.api(Cluster.TOKEN).get(base + "dists/stable/main/binary-amd64/Packages").body();
            for (int i = 0; i < 12; i++) {
                assertThat(packages).contains("Package: raced-0\nVersion: 1.0." + i + "\n")
                        .contains("Package: raced-1\nVersion: 1.0." + i + "\n");
            }
        }
    }
}
