package depot.core.blob;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;

/**
 * Small blobs that helper threads are writing, syncing and moving into place, by digest, while their uploads go on;
 * reads of them are served from their bytes meanwhile. At most {@link #MAX} at a time, so memory stays bounded:
 * past that, {@link #start} declines and the caller writes inline. Thread-safe.
 */
final class StagedWrites {
    static final int MAX = 32;
    private static final ExecutorService WRITERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "depot-blob-writer");
        t.setDaemon(true);
        return t;
    });

    /** The write of one blob. */
    interface Write {
        void run() throws IOException;
    }

    /** A body being made durable: its bytes, and the end of its write (failed if the write failed). */
    private record Staged(byte[] bytes, int length, CompletableFuture<Void> done) {}

    private final ConcurrentHashMap<String, Staged> staged = new ConcurrentHashMap<>();
    private final Semaphore slots = new Semaphore(MAX);

    boolean inFlight(String sha256) { return staged.containsKey(sha256); }

    /**
     * Hands {@code write} to a helper; true when it did, or when the same bytes are already being written (whose
     * end {@link #await} waits for), false when no slot is free.
     */
    boolean start(String sha256, byte[] bytes, int length, Write write) throws IOException {
        if (!slots.tryAcquire()) return false;
        Staged s = new Staged(bytes, length, new CompletableFuture<>());
        if (staged.putIfAbsent(sha256, s) != null) {
            slots.release();
            return true;
        }
        try {
            WRITERS.execute(() -> {
                try {
                    write.run();
                    s.done().complete(null);
                } catch (Throwable e) {
                    s.done().completeExceptionally(e);
                } finally {
                    staged.remove(sha256, s);
                    slots.release();
                }
            });
        } catch (RejectedExecutionException e) {
            staged.remove(sha256, s);
            slots.release();
            throw new IOException("no thread to write a blob", e);
        }
        return true;
    }

    /** Returns once the blob's write, if one is in flight, is over; throws what it failed with. */
    void await(String sha256) throws IOException {
        Staged s = staged.get(sha256);
        if (s == null) return;
        try {
            s.done().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while a blob was written");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
    }

    /** A range of a blob being written, as from its file: a range past the end ends where the blob does. */
    Optional<InputStream> open(String sha256, long offset, long length) {
        Staged s = staged.get(sha256);
        if (s == null) return Optional.empty();
        int from = (int) Math.min(Math.max(offset, 0), s.length());
        return Optional.of(new ByteArrayInputStream(s.bytes(), from,
                (int) Math.min(Math.max(length, 0), s.length() - from)));
    }

    Optional<Long> size(String sha256) {
        Staged s = staged.get(sha256);
        return s == null ? Optional.empty() : Optional.of((long) s.length());
    }
}
