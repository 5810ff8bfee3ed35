package depot.core.blob;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The digests of one upload. SHA-256 always; MD5, SHA-1 and SHA-512 when asked for, and also while the upload is
 * within {@link #INLINE} bytes, where the three cost less than completing them later (a second read and a row
 * update). Past that, the digests not asked for are dropped, and SHA-1 and SHA-512, when asked for, move to a helper
 * thread that hashes copies of the same chunks in order while the caller keeps SHA-256 and MD5: on this hardware
 * SHA-256 and SHA-1 have instructions of their own, MD5 and SHA-512 cost most. A few chunk buffers circulate between
 * the two, so memory stays bounded whatever the upload's size. One instance per upload; not thread-safe.
 */
final class UploadDigests implements AutoCloseable {
    /** Bytes up to which every digest is computed on the way (at ~4 ns/byte for the three: about a millisecond). */
    static final int INLINE = 256 * 1024;
    private final Set<Checksum> wanted;
    private final int bufferSize;
    private final MessageDigest sha256 = digest("SHA-256");
    private MessageDigest md5 = digest("MD5");
    private MessageDigest sha1 = digest("SHA-1");
    private MessageDigest sha512 = digest("SHA-512");
    private boolean inline = true;
    private Lane lane;
    private long size;

    UploadDigests(Set<Checksum> wanted, int bufferSize) {
        this.wanted = Set.copyOf(wanted);
        this.bufferSize = bufferSize;
    }

    void update(byte[] buf, int off, int len) throws InterruptedException {
        if (inline && size + len > INLINE) leaveInline();
        sha256.update(buf, off, len);
        if (md5 != null) md5.update(buf, off, len);
        if (lane != null) {
            lane.update(buf, off, len);
        } else if (inline) {
            sha1.update(buf, off, len);
            sha512.update(buf, off, len);
        }
        size += len;
    }

    /** Feeds the bytes from the buffer's position to its limit, which it leaves at its limit. */
    void update(java.nio.ByteBuffer bytes) throws InterruptedException {
        if (bytes.hasArray()) {
            update(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
            bytes.position(bytes.limit());
            return;
        }
        int len = bytes.remaining();
        if (inline && size + len > INLINE) leaveInline();
        if (inline) {
            byte[] copy = new byte[len];
            bytes.get(copy);
            update(copy, 0, len);
            return;
        }
        int start = bytes.position();
        sha256.update(bytes);
        if (md5 != null) {
            md5.update(bytes.position(start));
        }
        if (lane != null) {
            bytes.position(start);
            while (bytes.hasRemaining()) lane.update(bytes);
        }
        bytes.position(start + len);
        size += len;
    }

    private void leaveInline() {
        inline = false;
        if (!wanted.contains(Checksum.MD5)) md5 = null;
        if (!wanted.contains(Checksum.SHA1)) sha1 = null;
        if (!wanted.contains(Checksum.SHA512)) sha512 = null;
        if (sha1 != null || sha512 != null) lane = new Lane(sha1, sha512, bufferSize);
    }

    long size() { return size; }

    StoredBlob finish() throws InterruptedException {
        if (lane != null) lane.finish();
        return new StoredBlob(hex(sha256), size, hex(md5), hex(sha1), hex(sha512));
    }

    /** Stops the helper if the upload failed before {@link #finish}. */
    @Override
    public void close() {
        if (lane != null) lane.cancel();
    }

    private static String hex(MessageDigest md) {
        return md == null ? null : HexFormat.of().formatHex(md.digest());
    }

    static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is part of every Java platform", e);
        }
    }

    /** The helper thread's side: SHA-1 and SHA-512 (either may be null) over copies of the chunks, in order. */
    private static final class Lane {
        private static final int BUFFERS = 6;
        /** Helper threads shared by every store's uploads; one works per large upload in progress. */
        private static final ExecutorService HASHERS = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "depot-hash");
            t.setDaemon(true);
            return t;
        });
        private static final Chunk END = new Chunk(new byte[0], -1);
        private final BlockingQueue<Chunk> work = new ArrayBlockingQueue<>(BUFFERS + 1);
        private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(BUFFERS);
        private final Future<?> helper;

        private record Chunk(byte[] buf, int len) {}

        Lane(MessageDigest sha1, MessageDigest sha512, int bufferSize) {
            for (int i = 0; i < BUFFERS; i++) free.add(new byte[bufferSize]);
            helper = HASHERS.submit(() -> {
                while (true) {
                    Chunk c = work.take();
                    if (c == END) return null;
                    if (sha512 != null) sha512.update(c.buf(), 0, c.len());
                    if (sha1 != null) sha1.update(c.buf(), 0, c.len());
                    free.put(c.buf());
                }
            });
        }

        void update(byte[] buf, int off, int len) throws InterruptedException {
            byte[] copy = free.take();
            System.arraycopy(buf, off, copy, 0, len);
            work.put(new Chunk(copy, len));
        }

        /** Takes up to one buffer's worth from {@code bytes}. */
        void update(java.nio.ByteBuffer bytes) throws InterruptedException {
            byte[] copy = free.take();
            int len = Math.min(copy.length, bytes.remaining());
            bytes.get(copy, 0, len);
            work.put(new Chunk(copy, len));
        }

        void finish() throws InterruptedException {
            work.put(END);
            try {
                helper.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("digest lane failed", e.getCause());
            }
        }

        void cancel() { helper.cancel(true); }
    }
}
