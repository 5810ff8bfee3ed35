package depot.core.blob;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The blob store contract against a real S3 server ({@link S3TestServer}: S3Proxy over its filesystem backend, in
 * this JVM), with a part size of 5 MiB so that the contract's larger uploads go through multipart upload and server-side copy.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class S3BlobStoreTest extends BlobStoreContract {
    @TempDir static Path dir;
    private S3TestServer server;
    private int n;

    @BeforeAll
    void start() throws Exception {
        server = new S3TestServer(dir.resolve("s3"));
    }

    @AfterAll
    void stop() throws Exception {
        server.close();
    }

    @Override
    protected BlobStore store() throws IOException {
        return new S3BlobStore(server.settings(server.bucket("contract-" + n++), null));
    }

    @Test
    void a_multipart_upload_leaves_no_temporary_object_and_reads_back_in_ranges() throws IOException {
        S3BlobStore store = (S3BlobStore) store();
        byte[] data = new byte[(11 << 20) + 7];
        new java.util.Random(5).nextBytes(data);
        StoredBlob b = store.put(new ByteArrayInputStream(data), data.length);
        try (var in = store.open(b.sha256(), (6 << 20) + 3, 1000).orElseThrow()) {
            assertThat(in.readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(data, (6 << 20) + 3, (6 << 20) + 1003));
        }
        assertThat(store.sweepTemporary(Long.MAX_VALUE)).isZero();
        assertThat(store.size(b.sha256())).contains((long) data.length);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {(5 << 20) - 1, 5 << 20, (5 << 20) + 1, 10 << 20})
    void uploads_at_the_part_boundaries_arriving_in_odd_reads_store_their_exact_bytes(int size) throws IOException {
        S3BlobStore store = (S3BlobStore) store();
        byte[] data = new byte[size];
        new java.util.Random(size).nextBytes(data);
        var trickle = new java.io.FilterInputStream(new ByteArrayInputStream(data)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, 7_001));
            }
        };
        StoredBlob b = store.put(trickle, data.length);
        assertThat(b.size()).isEqualTo(size);
        try (var in = store.open(b.sha256(), 0, size).orElseThrow()) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
        assertThat(store.sweepTemporary(Long.MAX_VALUE)).isZero();
    }

    @Test
    void presigned_download_urls_serve_the_blob_without_credentials() throws Exception {
        String bucket = server.bucket("presigned");
        S3BlobStore store = new S3BlobStore(server.settings(bucket, Duration.ofMinutes(5)));
        StoredBlob b = store.put(new ByteArrayInputStream("signed bytes".getBytes()), 100);
        URI url = store.downloadUrl(b.sha256(), "f.txt").orElseThrow();
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(url).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("signed bytes");
        assertThat(new S3BlobStore(server.settings(bucket, null)).downloadUrl(b.sha256(), "f.txt")).isEmpty();
    }

    @Test
    void a_missing_bucket_is_a_clear_error_at_start() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new S3BlobStore(server.settings("no-such-bucket", null)))
                .hasMessageContaining("no-such-bucket");
    }
}
