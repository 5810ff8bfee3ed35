package depot.core.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FsBlobStoreTest extends BlobStoreContract {
    @TempDir Path dir;
    private int n;

    @Override
    protected BlobStore store() throws IOException {
        return new FsBlobStore(dir.resolve("store-" + n++));
    }

    /** Sizes around the switch to direct writes, its chunks and its alignment. */
    private static final long AFTER = TempFileWriter.DIRECT_AFTER;

    @ParameterizedTest
    @ValueSource(longs = {AFTER, AFTER + 1, AFTER + 4095, AFTER + 4097, AFTER + (1 << 20), AFTER + (3 << 20) + 777})
    void large_uploads_read_back_byte_for_byte_whether_written_directly_or_not(long size) throws Exception {
        for (boolean direct : new boolean[] {true, false}) {
            // given
            byte[] data = random((int) size);
            FsBlobStore store = new FsBlobStore(dir.resolve("s-" + n++), direct);

            // when: the body arrives in reads of uneven sizes, as from a socket
            StoredBlob b = store.put(new UnevenStream(data), size + 1, Set.of(Checksum.MD5, Checksum.SHA512));

            // then
            assertThat(b.size()).isEqualTo(size);
            assertThat(b.sha256()).isEqualTo(jdk("SHA-256", data));
            assertThat(b.md5()).isEqualTo(jdk("MD5", data));
            assertThat(b.sha512()).isEqualTo(jdk("SHA-512", data));
            assertThat(b.sha1()).isNull();
            assertThat(readBack(store, b.sha256())).isEqualTo(data);
            // direct writes begin at the first aligned offset after the read that crosses the threshold (up to a
            // buffer before it): a body that ends within that buffer's reach may or may not have a whole block there
            if (size <= AFTER || size >= AFTER + (128 << 10)) {
                boolean expectDirect = direct && size > AFTER && directIoWorksIn(dir);
                assertThat(store.directUploads()).isEqualTo(expectDirect ? 1 : 0);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {100, 200 << 10, 400 << 10})
    void a_shard_directory_removed_by_hand_is_made_again_on_the_next_upload(int size) throws Exception {
        // given: a blob stored, which makes (and remembers) its shard directory; then that directory removed by hand
        FsBlobStore store = new FsBlobStore(dir.resolve("shards"), false);
        byte[] first = random(size);
        StoredBlob a = store.put(new ByteArrayInputStream(first), size, Set.of());
        Path shard = dir.resolve("shards").resolve("sha256").resolve(a.sha256().substring(0, 2))
                .resolve(a.sha256().substring(2, 4));
        Files.delete(shard.resolve(a.sha256()));
        Files.delete(shard);

        // when: the same bytes again, whose shard it is
        StoredBlob again = store.put(new ByteArrayInputStream(first), size, Set.of());

        // then
        assertThat(again.sha256()).isEqualTo(a.sha256());
        assertThat(readBack(store, again.sha256())).isEqualTo(first);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 100, 64 << 10, FsBlobStore.MEDIUM - 1})
    void a_staged_blob_reads_back_at_once_and_is_a_file_once_awaited(int size) throws Exception {
        // given
        FsBlobStore store = new FsBlobStore(dir.resolve("staged-" + n++), false);
        byte[] data = random(size);

        // when
        StoredBlob b = store.stage(new UnevenStream(data), size, Set.of(Checksum.SHA1));

        // then: readable before it is known to be durable, from the bytes it was given, whole
        assertThat(b.sha1()).isEqualTo(jdk("SHA-1", data));
        assertThat(readBack(store, b.sha256())).isEqualTo(data);
        assertThat(store.size(b.sha256())).contains((long) size);
        store.awaitDurable(b.sha256());
        assertThat(store.localFile(b.sha256())).isPresent();
        assertThat(Files.readAllBytes(store.localFile(b.sha256()).orElseThrow())).isEqualTo(data);
        try (var temporary = Files.list(dir.resolve("staged-" + (n - 1)).resolve("tmp"))) {
            assertThat(temporary).isEmpty();
        }
    }

    @Test
    void a_staged_blob_that_could_not_be_written_fails_its_await_and_is_not_there() throws Exception {
        // given: a store whose temporary directory is gone, so that no write can succeed
        Path root = dir.resolve("staged-fail");
        FsBlobStore store = new FsBlobStore(root, false);
        Files.delete(root.resolve("tmp"));
        byte[] data = random(1000);

        // when
        StoredBlob b = store.stage(new ByteArrayInputStream(data), data.length, Set.of());

        // then: whoever would reference it learns that it is not stored, and it does not appear later
        assertThatThrownBy(() -> store.awaitDurable(b.sha256())).isInstanceOf(IOException.class);
        assertThat(store.open(b.sha256(), 0, data.length)).isEmpty();
        assertThat(store.localFile(b.sha256())).isEmpty();
    }

    @Test
    void the_same_bytes_staged_twice_and_put_once_are_one_blob() throws Exception {
        // given
        FsBlobStore store = new FsBlobStore(dir.resolve("staged-twice"), false);
        byte[] data = random(5000);

        // when: staged twice (the second may find the first still being written) and put synchronously
        StoredBlob a = store.stage(new ByteArrayInputStream(data), data.length, Set.of());
        StoredBlob b = store.stage(new ByteArrayInputStream(data), data.length, Set.of());
        StoredBlob c = store.put(new ByteArrayInputStream(data), data.length, Set.of());

        // then: the synchronous put returned with the blob in place; both awaits succeed
        assertThat(store.localFile(c.sha256())).isPresent();
        store.awaitDurable(a.sha256());
        store.awaitDurable(b.sha256());
        assertThat(a).isEqualTo(b).isEqualTo(c);
        assertThat(readBack(store, a.sha256())).isEqualTo(data);
    }

    @Test
    void awaiting_a_blob_that_was_never_stored_fails() throws Exception {
        FsBlobStore store = new FsBlobStore(dir.resolve("never"), false);

        assertThatThrownBy(() -> store.awaitDurable("ab".repeat(32))).isInstanceOf(IOException.class);
    }

    @Test
    void failed_direct_uploads_return_their_buffers_and_leave_nothing() throws Exception {
        // given
        FsBlobStore store = new FsBlobStore(dir.resolve("fail"), true);
        byte[] data = random((int) AFTER + (2 << 20));

        // when: more uploads fail mid-way than there are direct-write buffers
        for (int i = 0; i < 10; i++) {
            InputStream failing = new UnevenStream(data, AFTER + (1 << 20));
            assertThatThrownBy(() -> store.put(failing, data.length, Set.of())).isInstanceOf(IOException.class);
        }
        StoredBlob b = store.put(new UnevenStream(data), data.length, Set.of());

        // then: no temporary file is left, and the next upload still writes directly
        try (var files = Files.list(dir.resolve("fail").resolve("tmp"))) {
            assertThat(files).isEmpty();
        }
        assertThat(readBack(store, b.sha256())).isEqualTo(data);
        assertThat(store.directUploads()).isEqualTo(directIoWorksIn(dir) ? 1 : 0);
    }

    private static byte[] random(int size) {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        return data;
    }

    private static byte[] readBack(BlobStore store, String sha256) throws IOException {
        try (InputStream in = store.open(sha256, 0, Long.MAX_VALUE).orElseThrow()) {
            return in.readAllBytes();
        }
    }

    private static String jdk(String algorithm, byte[] data) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance(algorithm).digest(data));
    }

    private static boolean directIoWorksIn(Path dir) throws IOException {
        Path probe = Files.createTempFile(dir, "probe", "");
        try (FileChannel ignored = FileChannel.open(probe, StandardOpenOption.WRITE, ExtendedOpenOption.DIRECT)) {
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        } finally {
            Files.delete(probe);
        }
    }

    /** Hands out 1 to 70,000 bytes per read; fails once past {@code failAfter} bytes. */
    private static final class UnevenStream extends InputStream {
        private final Random random = new Random(7);
        private final byte[] data;
        private final long failAfter;
        private int pos;

        UnevenStream(byte[] data) { this(data, Long.MAX_VALUE); }

        UnevenStream(byte[] data, long failAfter) {
            this.data = data;
            this.failAfter = failAfter;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (pos > failAfter) throw new IOException("connection reset");
            if (pos == data.length) return -1;
            int n = Math.min(Math.min(len, data.length - pos), 1 + random.nextInt(70_000));
            System.arraycopy(data, pos, b, off, n);
            pos += n;
            return n;
        }
    }
}
