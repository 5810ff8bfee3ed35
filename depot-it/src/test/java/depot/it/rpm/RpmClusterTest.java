package depot.it.rpm;

import static org.assertj.core.api.Assertions.assertThat;

import depot.it.support.Api;
import depot.it.support.Cluster;
import depot.it.support.DepotProcess;
import depot.it.support.OneStack;
import java.io.InputStream;
import java.net.http.HttpResponse;
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
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two Depot processes on one PostgreSQL and one S3 bucket: RPMs are uploaded through both at once while readers on
 * both fetch repomd.xml and then every metadata file it names from the other node, as dnf does. Every file a
 * repomd.xml names must be served with exactly its checksum and size, from either node, at every moment; at the
 * end primary lists every upload.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@OneStack
class RpmClusterTest {
    private static final Pattern DATA = Pattern.compile("<checksum type=\"sha256\">([0-9a-f]{64})</checksum>\\s*"
            + "<open-checksum type=\"sha256\">[0-9a-f]{64}</open-checksum>\\s*<location href=\"([^\"]+)\"/>\\s*"
            + "<timestamp>[0-9]+</timestamp>\\s*<size>([0-9]+)</size>");
    @TempDir static Path dir;
    private Cluster cluster;
    private long project;

    @BeforeAll
    void start() throws Exception {
        cluster = new Cluster(dir, 2, Map.of());
        Api lb = cluster.lb();
        long group = lb.post("/api/v4/groups", Map.of("name", "acme", "path", "acme", "visibility", "private"))
                .json().get("id").asLong();
        project = lb.post("/api/v4/projects", Map.of("name", "rpms", "path", "rpms", "namespace_id", group,
                "visibility", "private")).json().get("id").asLong();
    }

    @AfterAll
    void stop() throws Exception {
        if (cluster != null) cluster.close();
    }

    private static byte[] bytes(Api api, String path) throws Exception {
        HttpResponse<InputStream> r = api.stream(api.request(path).GET());
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        try (InputStream in = r.body()) {
            return in.readAllBytes();
        }
    }

    @Test
    void every_repomd_names_files_served_with_its_checksums_on_every_node_while_uploads_race() throws Exception {
        List<DepotProcess> nodes = cluster.nodes();
        String packages = "/api/v4/projects/" + project + "/packages/";
        String base = packages + "rpm/";
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<Integer>> writers = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            Api api = nodes.get(w).api(Cluster.TOKEN);
            int writer = w;
            writers.add(pool.submit(() -> {
                for (int i = 0; i < 12; i++) {
                    Api.Response r = Rpms.upload(api, packages, "p.rpm", Rpms.simple("raced-" + writer, "1.0." + i, new byte[] {(byte) i}));
                    assertThat(r.status()).as(r.body()).isEqualTo(201);
                }
                return 12;
            }));
        }
        List<Future<Integer>> readers = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            Api repomd = nodes.get(r).api(Cluster.TOKEN);
            Api files = nodes.get(1 - r).api(Cluster.TOKEN);
            readers.add(pool.submit(() -> {
                int checked = 0;
                while (writing.get() || checked == 0) {
                    String xml = new String(bytes(repomd, base + "repodata/repomd.xml"), StandardCharsets.UTF_8);
                    Matcher m = DATA.matcher(xml);
                    while (m.find()) {
                        byte[] f = bytes(files, base + m.group(2));
                        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(f))).as(m.group(2)).isEqualTo(m.group(1));
                        assertThat((long) f.length).isEqualTo(Long.parseLong(m.group(3)));
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
            Api api = node.api(Cluster.TOKEN);
            Matcher m = Pattern.compile("href=\"(repodata/[0-9a-f]{64}-primary\\.xml\\.gz)\"")
                    .matcher(new String(bytes(api, base + "repodata/repomd.xml"), StandardCharsets.UTF_8));
            assertThat(m.find()).isTrue();
            String primary;
            try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(bytes(api, base + m.group(1))))) {
                primary = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            for (int i = 0; i < 12; i++) {
                assertThat(primary).contains("<name>raced-0</name>\n  <arch>noarch</arch>\n  <version epoch=\"0\" ver=\"1.0." + i + "\"")
                        .contains("<name>raced-1</name>\n  <arch>noarch</arch>\n  <version epoch=\"0\" ver=\"1.0." + i + "\"");
            }
        }
    }
}
