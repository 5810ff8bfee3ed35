package depot.it.generic;

import static org.assertj.core.api.Assertions.assertThat;

import depot.it.support.Api;
import depot.it.support.Backend;
import depot.it.support.ObjectStore;
import depot.it.support.TestServer;
import depot.it.support.World;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * 2 GiB as a generic package and 1 GiB as a container image layer pushed in four chunks (512 MiB each on S3), through
 * the packaged jar running with {@code -Xmx256m}: proof that nothing is held whole in memory. The data is generated while it is sent; nothing
 * large is committed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LargeTransferTest {
    /**
     * 2 GiB on the filesystem (past any size an int could hold); 512 MiB on S3, where S3Proxy (Java, on this same
     * disk) takes minutes for 2 GiB and 512 MiB — twice the heap, 64 multipart parts — proves the same. The image
     * layer is half of it: the chunked path's sizes are the same longs, and four times the heap proves streaming.
     */
    private static final long SIZE = Long.getLong("depot.largeTransferBytes", TestServer.SCALE_OUT ? 512L << 20 : 2L << 30);
    private static final String TOKEN = "dpat-large-transfer-token-000000000000";

    @TempDir static Path dir;
    private Process server;
    private Path log;
    private Api root;

    @BeforeAll
    void start() throws Exception {
        Path jar = Path.of("..", "depot-server", "target", "depot.jar").toAbsolutePath().normalize();
        assertThat(jar).as("the server jar is built in the package phase").exists();
        int port = freePort();
        log = dir.resolve("server.log");
        ProcessBuilder pb = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", jar.toString(), "serve", "--port", String.valueOf(port),
                "--data-dir", dir.resolve("data").toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("DEPOT_INITIAL_ROOT_TOKEN", TOKEN);
        pb.environment().put("DEPOT_INITIAL_ROOT_PASSWORD", "large-transfer-password");
        if (TestServer.SCALE_OUT) {
            // the scale-out run: PostgreSQL and S3 (512 MiB as a multipart upload, then one server-side copy)
            pb.environment().put("DEPOT_DATABASE_URL", Backend.POSTGRES.newDatabaseUrl());
            ObjectStore.newBucket().forEach((k, v) -> pb.environment().put("DEPOT_" + k.toUpperCase(), v));
        }
        server = pb.start();
        root = new Api("http://127.0.0.1:" + port, "Private-Token", TOKEN);
        waitForHealth(root, server, log);
        long group = root.post("/api/v4/groups", Map.of("name", "big", "path", "big")).json().get("id").asLong();
        assertThat(root.post("/api/v4/projects", Map.of("name", "data", "namespace_id", group)).status()).isEqualTo(201);
    }

    @AfterAll
    void stop() throws Exception {
        server.destroy();
        if (!server.waitFor(20, TimeUnit.SECONDS)) server.destroyForcibly();
    }

    @Test
    void two_gib_up_and_down_with_a_256_mib_heap() throws Exception {
        String url = "/api/v4/projects/big%2Fdata/packages/generic/big/1.0.0/blob.bin";

        // when
        MessageDigest sent = MessageDigest.getInstance("SHA-256");
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.fromPublisher(
                HttpRequest.BodyPublishers.ofInputStream(() -> new Generated(SIZE, sent)), SIZE);
        Api.Response put = root.send(root.request(url + "?select=package_file").PUT(body));
        Download got = download(url);

        // then
        String sentHex = HexFormat.of().formatHex(sent.digest());
        assertThat(put.status()).as(put.body() + "\n" + Files.readString(log)).isEqualTo(201);
        assertThat(put.json().get("size").asLong()).isEqualTo(SIZE);
        assertThat(put.json().get("file_sha256").asString()).isEqualTo(sentHex);
        assertThat(got.status()).isEqualTo(200);
        assertThat(got.bytes()).isEqualTo(SIZE);
        assertThat(got.sha256()).isEqualTo(sentHex);
        assertThat(server.isAlive()).as("the server survived with a 256 MiB heap").isTrue();
        assertThat(Files.readString(log)).doesNotContain("OutOfMemoryError");
    }

    @Test
    void a_gib_layer_pushed_in_four_chunks_and_pulled_back_with_a_256_mib_heap() throws Exception {
        String repo = "/v2/big/data/layers";
        long size = TestServer.SCALE_OUT ? SIZE : SIZE / 2;
        long chunk = size / 4;
        MessageDigest sent = MessageDigest.getInstance("SHA-256");
        Generated source = new Generated(size, sent);

        // when
        Api.Response start = root.send(root.request(repo + "/blobs/uploads/").POST(HttpRequest.BodyPublishers.noBody()));
        String location = start.header("Location");
        for (long offset = 0; offset < size; offset += chunk) {
            long length = Math.min(chunk, size - offset);
            java.io.InputStream part = new BoundedStream(source, length);
            Api.Response patch = root.send(root.request(location)
                    .header("Content-Range", offset + "-" + (offset + length - 1))
                    .method("PATCH", HttpRequest.BodyPublishers.fromPublisher(
                            HttpRequest.BodyPublishers.ofInputStream(() -> part), length)));
            assertThat(patch.status()).as(patch.body()).isEqualTo(202);
            assertThat(patch.header("Range")).isEqualTo("0-" + (offset + length - 1));
            location = patch.header("Location");
        }
        String digest = "sha256:" + HexFormat.of().formatHex(sent.digest());
        Api.Response put = root.send(root.request(location + "?digest=" + digest).PUT(HttpRequest.BodyPublishers.noBody()));
        Download got = download(repo + "/blobs/" + digest);

        // then
        assertThat(put.status()).as(put.body() + "\n" + Files.readString(log)).isEqualTo(201);
        assertThat(put.header("Docker-Content-Digest")).isEqualTo(digest);
        assertThat(got.status()).isEqualTo(200);
        assertThat(got.bytes()).isEqualTo(size);
        assertThat("sha256:" + got.sha256()).isEqualTo(digest);
        assertThat(server.isAlive()).as("the server survived with a 256 MiB heap").isTrue();
        assertThat(Files.readString(log)).doesNotContain("OutOfMemoryError");
    }

    private record Download(int status, long bytes, String sha256) {}

    private Download download(String url) throws Exception {
        HttpResponse<InputStream> get = root.stream(root.request(url).GET());
        MessageDigest received = MessageDigest.getInstance("SHA-256");
        long receivedBytes = 0;
        try (InputStream in = get.body()) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) != -1) {
                received.update(buf, 0, n);
                receivedBytes += n;
            }
        }
        return new Download(get.statusCode(), receivedBytes, HexFormat.of().formatHex(received.digest()));
    }

    /** The next {@code length} bytes of a longer stream, without closing it. */
    private static final class BoundedStream extends InputStream {
        private final InputStream in;
        private long left;

        BoundedStream(InputStream in, long length) {
            this.in = in;
            this.left = length;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) return -1;
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n > 0) left -= n;
            return n;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public void close() {}
    }

    private static void waitForHealth(Api api, Process server, Path log) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            assertThat(server.isAlive()).as(() -> readQuietly(log)).isTrue();
            try {
                if (api.get("/api/v4/user").status() == 200) return;
            } catch (RuntimeException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("server did not start: " + readQuietly(log));
    }

    private static String readQuietly(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** {@code size} pseudo-random bytes made on the fly: a random 1 MiB block, stamped with its index. */
    static final class Generated extends InputStream {
        private final long size;
        private final MessageDigest digest;
        private final byte[] block = new byte[1 << 20];
        private long position;

        Generated(long size, MessageDigest digest) {
            this.size = size;
            this.digest = digest;
            new Random(7).nextBytes(block);
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (position >= size) return -1;
            int inBlock = (int) (position % block.length);
            if (inBlock == 0) {
                long index = position / block.length;
                for (int i = 0; i < 8; i++) block[i] = (byte) (index >>> (8 * i));
            }
            int n = (int) Math.min(Math.min(len, block.length - inBlock), size - position);
            System.arraycopy(block, inBlock, b, off, n);
            digest.update(b, off, n);
            position += n;
            return n;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }
    }
}
