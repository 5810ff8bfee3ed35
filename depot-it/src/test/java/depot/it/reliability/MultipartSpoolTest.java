package depot.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import depot.it.support.Backend;
import depot.it.support.RawHttp;
import depot.it.support.TestServer;
import depot.it.support.World;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Multipart uploads (NuGet pushes, PyPI uploads) are parsed by the server before a format reads them: into the data
 * directory, bounded while the body arrives even when it is sent in chunks without a length, and a body that is not
 * the multipart form it declares is the client's error (400), not the server's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MultipartSpoolTest {
    private static final int LIMIT = 2 << 20;
    private TestServer server;
    private String base;

    @BeforeAll
    void setUp() throws Exception {
        server = new TestServer(Backend.SQLITE, Map.of("max_upload_size", "2m"));
        World world = new World(server);
        base = "/api/v4/projects/" + world.project(world.group("spool", "private"), "p", "private") + "/packages/";
    }

    @AfterAll
    void tearDown() throws Exception {
        server.close();
    }

    private Path spool() { return server.dataDir().resolve("tmp/multipart"); }

    @Test
    void a_chunked_push_past_the_limit_is_refused_while_it_arrives_and_leaves_nothing() throws Exception {
        String nuget = chunked("PUT", base + "nuget/", "package", "package.nupkg", 5 << 20);
        String pypi = chunked("POST", base + "pypi", "content", "big-1.0.tar.gz", 5 << 20);

        assertThat(nuget).startsWith("HTTP/1.1 413").contains(LIMIT + " bytes");
        assertThat(pypi).startsWith("HTTP/1.1 413").contains(LIMIT + " bytes");
        assertThat(server.root().get(base).json()).isEmpty();
        assertThat(entries(spool())).isZero();
    }

    @Test
    void a_body_that_is_not_the_multipart_form_it_declares_is_a_400() throws Exception {
        for (String[] route : new String[][] {{"PUT", base + "nuget/"}, {"POST", base + "pypi"}}) {
            String body = "--other\r\nnot a part at all";
            String response = RawHttp.send(server.port(), route[0] + " " + route[1] + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Private-Token: " + TestServer.ROOT_TOKEN + "\r\nContent-Type: multipart/form-data; boundary=x\r\n"
                    + "Content-Length: " + body.length() + "\r\n\r\n" + body, true);
            assertThat(response).startsWith("HTTP/1.1 400").contains("multipart");
        }
        assertThat(server.root().get(base).json()).isEmpty();
    }

    @Test
    void parts_a_crash_left_in_the_spool_are_removed_at_start() throws Exception {
        Path data = Files.createTempDirectory("depot-it-spool-");
        Path left = Files.createDirectories(data.resolve("tmp/multipart")).resolve("MultiPart123.tmp");
        Files.write(left, new byte[4096]);

        try (TestServer again = new TestServer(Backend.SQLITE, Map.of("data_dir", data.toString()))) {
            assertThat(again.root().get("/api/v4/version").status()).isEqualTo(200);
            assertThat(left).doesNotExist();
            assertThat(data.resolve("tmp/multipart")).isDirectory();
        }
    }

    /**
     * Sends a multipart upload of {@code size} random bytes in 64 KiB chunks without a Content-Length, stops sending
     * when the server has answered (and closed), and returns the response.
     */
    private String chunked(String method, String path, String field, String fileName, int size) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write((method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nPrivate-Token: " + TestServer.ROOT_TOKEN
                    + "\r\nContent-Type: multipart/form-data; boundary=xyz\r\nTransfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String partHead = "--xyz\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\"" + fileName
                    + "\"\r\nContent-Type: application/octet-stream\r\n\r\n";
            try {
                chunk(out, partHead.getBytes(StandardCharsets.US_ASCII));
                byte[] buf = new byte[64 << 10];
                Random random = new Random(7);
                for (int sent = 0; sent < size; sent += buf.length) {
                    random.nextBytes(buf);
                    chunk(out, buf);
                }
                chunk(out, "\r\n--xyz--\r\n".getBytes(StandardCharsets.US_ASCII));
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException refused) {
                // the server answered and closed the connection before the whole body was sent
            }
            return RawHttp.response(socket.getInputStream());
        }
    }

    private static void chunk(OutputStream out, byte[] bytes) throws IOException {
        out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    private static long entries(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }
}
