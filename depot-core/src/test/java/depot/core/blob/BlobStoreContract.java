package depot.core.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import depot.core.error.DepotException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link BlobStore}, run against every implementation: each store's test extends this class
 * and supplies a fresh, empty store.
 */
public abstract class BlobStoreContract {

    protected abstract BlobStore store() throws IOException;

    private static InputStream bytes(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void put_computes_size_and_every_digest_in_one_pass() throws IOException {
        StoredBlob b = store().put(bytes("abc"), 100);

        assertThat(b.size()).isEqualTo(3);
        assertThat(b.sha256()).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(b.md5()).isEqualTo("900150983cd24fb0d6963f7d28e17f72");
        assertThat(b.sha1()).isEqualTo("a9993e364706816aba3e25717850c26c9cd0d89d");
        assertThat(b.sha512()).startsWith("ddaf35a193617aba");
    }

    @Test
    void digests_asked_for_of_a_many_chunk_upload_match_the_jdk() throws Exception {
        // given
        byte[] data = new byte[(3 << 20) + 12345];
        new java.util.Random(3).nextBytes(data);

        // when
        StoredBlob b = store().put(new ByteArrayInputStream(data), data.length,
                java.util.Set.of(Checksum.MD5, Checksum.SHA1, Checksum.SHA512));

        // then
        assertThat(b.size()).isEqualTo(data.length);
        assertThat(b.md5()).isEqualTo(jdk("MD5", data));
        assertThat(b.sha1()).isEqualTo(jdk("SHA-1", data));
        assertThat(b.sha256()).isEqualTo(jdk("SHA-256", data));
        assertThat(b.sha512()).isEqualTo(jdk("SHA-512", data));
    }

    @Test
    void a_large_upload_computes_only_sha256_and_what_it_asked_for() throws Exception {
        // given: past the size up to which every digest comes along
        byte[] data = new byte[UploadDigests.INLINE + 1];
        new java.util.Random(5).nextBytes(data);

        // when
        StoredBlob sha1Only = store().put(new ByteArrayInputStream(data), data.length, java.util.Set.of(Checksum.SHA1));
        StoredBlob none = store().put(new ByteArrayInputStream(data), data.length);

        // then
        assertThat(sha1Only.sha256()).isEqualTo(jdk("SHA-256", data));
        assertThat(sha1Only.sha1()).isEqualTo(jdk("SHA-1", data));
        assertThat(sha1Only.md5()).isNull();
        assertThat(sha1Only.sha512()).isNull();
        assertThat(none.sha256()).isEqualTo(jdk("SHA-256", data));
        assertThat(none.complete()).isFalse();
        assertThat(none.md5()).isNull();
        assertThat(none.sha1()).isNull();
    }

    @Test
    void a_small_upload_computes_every_digest_on_the_way() throws Exception {
        // given
        byte[] data = new byte[UploadDigests.INLINE];
        new java.util.Random(7).nextBytes(data);

        // when
        StoredBlob b = store().put(new ByteArrayInputStream(data), data.length);

        // then
        assertThat(b.complete()).isTrue();
        assertThat(b.md5()).isEqualTo(jdk("MD5", data));
        assertThat(b.sha512()).isEqualTo(jdk("SHA-512", data));
    }

    private static String jdk(String algorithm, byte[] data) throws java.security.NoSuchAlgorithmException {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance(algorithm).digest(data));
    }

    @Test
    void stored_bytes_read_back_whole_and_in_ranges() throws IOException {
        BlobStore store = store();
        StoredBlob b = store.put(bytes("0123456789"), 100);

        assertThat(store.size(b.sha256())).contains(10L);
        try (InputStream all = store.open(b.sha256(), 0, 10).orElseThrow();
             InputStream part = store.open(b.sha256(), 3, 4).orElseThrow()) {
            assertThat(new String(all.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("0123456789");
            assertThat(new String(part.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("3456");
        }
    }

    @Test
    void an_empty_blob_and_ranges_past_the_end_read_as_no_bytes() throws IOException {
        // given: what fsck and a download of an empty file ask for
        BlobStore store = store();
        StoredBlob empty = store.put(bytes(""), 100);
        StoredBlob ten = store.put(bytes("0123456789"), 100);

        // then
        try (InputStream whole = store.open(empty.sha256(), 0, Long.MAX_VALUE).orElseThrow();
             InputStream all = store.open(ten.sha256(), 0, Long.MAX_VALUE).orElseThrow();
             InputStream past = store.open(ten.sha256(), 10, 5).orElseThrow();
             InputStream rest = store.open(ten.sha256(), 3, Long.MAX_VALUE).orElseThrow()) {
            assertThat(whole.readAllBytes()).isEmpty();
            assertThat(new String(all.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("0123456789");
            assertThat(new String(rest.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("3456789");
            assertThat(past.readAllBytes()).isEmpty();
        }
    }

    @Test
    void missing_blobs_read_as_empty() throws IOException {
        String absent = "0".repeat(64);

        assertThat(store().size(absent)).isEmpty();
        assertThat(store().open(absent, 0, 1)).isEmpty();
    }

    @Test
    void an_upload_over_the_limit_fails_and_leaves_no_blob() throws IOException {
        BlobStore store = store();

        assertThatThrownBy(() -> store.put(bytes("too long for the limit"), 5))
                .isInstanceOf(DepotException.TooLarge.class);
        assertThat(count(store)).isZero();
    }

    @Test
    void an_upload_whose_stream_fails_leaves_no_blob() throws IOException {
        BlobStore store = store();
        InputStream failing = new InputStream() {
            int n;
            @Override
            public int read() throws IOException {
                if (n++ > 1000) throw new IOException("connection reset");
                return 'x';
            }
        };

        assertThatThrownBy(() -> store.put(failing, 1 << 20)).isInstanceOf(IOException.class);
        assertThat(count(store)).isZero();
    }

    @Test
    void the_same_bytes_are_stored_once() throws IOException {
        BlobStore store = store();
        StoredBlob a = store.put(bytes("same"), 100);
        StoredBlob b = store.put(bytes("same"), 100);

        assertThat(a).isEqualTo(b);
        assertThat(count(store)).isEqualTo(1);
    }

    /**
     * gc removes an unreferenced blob only after a grace time since it was last written, so a publish that stores bytes
     * the store already holds must renew them: small bodies (sent again on S3) and larger ones (touched there).
     */
    @Test
    void storing_bytes_again_renews_their_modification_time() throws Exception {
        BlobStore store = store();
        byte[] small = "small and stored twice".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] larger = new byte[300 << 10];
        new java.util.Random(7).nextBytes(larger);
        for (byte[] data : List.of(small, larger)) {
            StoredBlob first = store.put(new ByteArrayInputStream(data), data.length);
            long before = store.modifiedAt(first.sha256()).orElseThrow();
            Thread.sleep(1_100);   // S3 keeps modification times to the second

            store.put(new ByteArrayInputStream(data), data.length);

            assertThat(store.modifiedAt(first.sha256()).orElseThrow()).as("%d bytes", data.length).isGreaterThan(before);
        }
    }

    @Test
    void concurrent_puts_of_the_same_bytes_all_succeed() throws Exception {
        BlobStore store = store();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<StoredBlob>> futures = new ArrayList<>();
            for (int i = 0; i < 16; i++) futures.add(pool.submit(() -> store.put(bytes("racing bytes"), 100)));
            for (Future<StoredBlob> f : futures) assertThat(f.get().size()).isEqualTo(12);
        } finally {
            pool.shutdownNow();
        }
        assertThat(count(store)).isEqualTo(1);
    }

    @Test
    void delete_removes_and_tolerates_missing() throws IOException {
        BlobStore store = store();
        StoredBlob b = store.put(bytes("gone soon"), 100);

        store.delete(b.sha256());
        store.delete(b.sha256());

        assertThat(store.size(b.sha256())).isEmpty();
    }

    @Test
    void names_that_are_not_digests_are_refused() {
        assertThatThrownBy(() -> store().size("../../etc/passwd")).isInstanceOf(DepotException.Invalid.class);
    }

    private static long count(BlobStore store) throws IOException {
        long[] n = {0};
        store.forEach(e -> n[0]++);
        return n[0];
    }
}
