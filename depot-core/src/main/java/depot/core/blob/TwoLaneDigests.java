package depot.core.blob;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The four digests of an upload on two cores: the caller's thread updates SHA-256 and MD5 while a helper thread
 * updates SHA-512 and SHA-1 from copies of the same chunks, in order. A few chunk buffers circulate between the
 * two, so memory stays bounded whatever the upload's size. One instance per upload; not thread-safe.
 */
final class TwoLaneDigests implements AutoCloseable {
    private static final int BUFFERS = 6;
    /** Helper threads shared by every store's uploads; one works per upload in progress. */
    private static final ExecutorService HASHERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "depot-hash");
        t.setDaemon(true);
        return t;
    });
    private final MessageDigest md5 = digest("MD5");
    private final MessageDigest sha1 = digest("SHA-1");
    private final MessageDigest sha256 = digest("SHA-256");
    private final MessageDigest sha512 = digest("SHA-512");
    private final BlockingQueue<Chunk> work = new ArrayBlockingQueue<>(BUFFERS + 1);
    private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(BUFFERS);
    private final Future<?> helper;
    private long size;

    private record Chunk(byte[] buf, int len) {}

    private static final Chunk END = new Chunk(new byte[0], -1);

    TwoLaneDigests(int bufferSize) {
        for (int i = 0; i < BUFFERS; i++) free.add(new byte[bufferSize]);
        helper = HASHERS.submit(() -> {
            while (true) {
                Chunk c = work.take();
                if (c == END) return null;
                sha512.update(c.buf(), 0, c.len());
                sha1.update(c.buf(), 0, c.len());
                free.put(c.buf());
            }
        });
    }

    void update(byte[] buf, int off, int len) throws InterruptedException {
        byte[] copy = free.take();
        System.arraycopy(buf, off, copy, 0, len);
        work.put(new Chunk(copy, len));
        sha256.update(buf, off, len);
        md5.update(buf, off, len);
        size += len;
    }

    long size() { return size; }

    StoredBlob finish() throws InterruptedException {
        work.put(END);
        try {
            helper.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("digest lane failed", e.getCause());
        }
        HexFormat hex = HexFormat.of();
        return new StoredBlob(hex.formatHex(sha256.digest()), size, hex.formatHex(md5.digest()),
                hex.formatHex(sha1.digest()), hex.formatHex(sha512.digest()));
    }

    /** Stops the helper if the upload failed before {@link #finish}. */
    @Override
    public void close() {
        helper.cancel(true);
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is part of every Java platform", e);
        }
    }
}
