package depot.it.web;

import static org.assertj.core.api.Assertions.assertThat;

import depot.core.db.DownloadCounts;
import depot.it.support.Api;
import depot.it.support.Backend;
import depot.it.support.TestServer;
import depot.it.support.World;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Download counts on the stack the suite runs on (SQLite and files, or PostgreSQL and S3): a GET of a whole file
 * counts (a range from byte 0 to the end too), a partial or resumed range, a HEAD and a revalidation do not; counts reach the table on flush and are read back by
 * another reader (another node); a deleted file takes its counts with it, even ones not yet written.
 */
class DownloadCountsTest {
    @Test
    void whole_downloads_count_once_and_reach_the_table() throws Exception {
        try (TestServer server = new TestServer(Backend.SQLITE)) {
            World world = new World(server);
            long project = world.project(world.group("dl", "private"), "p", "private");
            Api root = server.root();
            String url = "/api/v4/projects/" + project + "/packages/generic/tool/1.0.0/";
            assertThat(root.putBytes(url + "a.bin", new byte[1000]).status()).isEqualTo(201);
            assertThat(root.putBytes(url + "b.bin", new byte[10]).status()).isEqualTo(201);
            var pkg = server.services().packages().list(new depot.core.db.PackageQuery(java.util.List.of(project), null,
                    null, null, null, false, "created_at", "asc", 1, 20)).items().get(0);
            var files = server.services().reads().files(pkg.id());
            long a = files.stream().filter(f -> f.fileName().equals("a.bin")).findFirst().orElseThrow().id();
            long b = files.stream().filter(f -> f.fileName().equals("b.bin")).findFirst().orElseThrow().id();

            HttpClient http = HttpClient.newHttpClient();
            for (int i = 0; i < 3; i++) assertThat(root.get(url + "a.bin").status()).isEqualTo(200);
            assertThat(send(http, server, url + "a.bin", "GET", Map.of("Range", "bytes=0-"))).isEqualTo(206);
            assertThat(send(http, server, url + "a.bin", "GET", Map.of("Range", "bytes=0-99"))).isEqualTo(206);
            assertThat(send(http, server, url + "a.bin", "GET", Map.of("Range", "bytes=500-"))).isEqualTo(206);
            assertThat(send(http, server, url + "a.bin", "HEAD", Map.of())).isEqualTo(200);
            String etag = root.get(url + "b.bin").header("ETag");
            assertThat(send(http, server, url + "b.bin", "GET", Map.of("If-None-Match", etag))).isEqualTo(304);

            DownloadCounts counts = server.services().reads().downloads();
            // before any flush, this node's reader already sees them
            assertThat(counts.perFile(pkg.id())).isEqualTo(Map.of(a, 4L, b, 1L));
            counts.flush();
            DownloadCounts otherNode = new DownloadCounts(server.services().database().jdbi(), server.clock());
            assertThat(otherNode.perFile(pkg.id())).isEqualTo(Map.of(a, 4L, b, 1L));
            long[] days = otherNode.perDay(pkg.id(), 30);
            assertThat(days[29]).isEqualTo(5);
            assertThat(java.util.Arrays.stream(days).sum()).isEqualTo(5);
            // a second flush adds what came since, not everything again
            assertThat(root.get(url + "b.bin").status()).isEqualTo(200);
            counts.flush();
            assertThat(otherNode.perFile(pkg.id())).isEqualTo(Map.of(a, 4L, b, 2L));

            // a file deleted with counts still in memory: the flush drops them and goes on
            assertThat(root.get(url + "b.bin").status()).isEqualTo(200);
            assertThat(root.get(url + "a.bin").status()).isEqualTo(200);
            server.services().packages().deleteFile(b);
            counts.flush();
            assertThat(otherNode.perFile(pkg.id())).isEqualTo(Map.of(a, 5L));
        }
    }

    private static int send(HttpClient http, TestServer server, String path, String method, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(server.url() + path))
                .header("Private-Token", TestServer.ROOT_TOKEN).method(method, HttpRequest.BodyPublishers.noBody());
        headers.forEach(r::header);
        return http.send(r.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
