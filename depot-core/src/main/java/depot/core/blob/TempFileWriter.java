package depot.core.blob;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Writes one upload to its temporary file and feeds every byte, in order, to the upload's digests: through the page
 * cache at first, and straight to the disk ({@code O_DIRECT}) once the upload passes {@link #DIRECT_AFTER} bytes.
 *
 * <p>Why: on a virtual machine, filling the page cache with a large upload costs the kernel anywhere from 0.4 to 7
 * seconds of CPU per GiB (each new page may first have to be faulted in by the host), and those dirty pages are then
 * written again by the sync that makes the upload durable. Direct writes hand aligned 1 MiB chunks to the disk: about
 * a tenth of a second of CPU per GiB, steadily. Small uploads stay in the page cache, where the downloads that
 * usually follow them find them.
 *
 * <p>Direct writes need a buffer, a file offset and a length aligned to the file system's block size: the bytes up
 * to the first aligned offset past the threshold, and the last partial block, go through the page cache. The sync at
 * the end ({@code fdatasync} on the page-cache channel) flushes both those pages and the disk's write cache.
 *
 * <p>A direct write returns only when the disk has the bytes, so full chunks are handed to helper threads: one chain
 * hashes them in order, and each is written by its own helper, while the request fills the next chunk; up to
 * {@link #PER_UPLOAD} chunks are in flight, which also keeps the disk's queue busy. The off-heap chunks are
 * {@link #POOL} in all and shared: an upload takes what is free (with one, it hashes and writes in turn); one that
 * finds none uses the page cache, so memory stays bounded. A file system that refuses direct I/O (tmpfs, some
 * overlays) is remembered by its store and written through the page cache from then on.
 */
final class TempFileWriter implements AutoCloseable {
    /** Bytes written through the page cache before an upload switches to direct writes. */
    static final long DIRECT_AFTER = 4L << 20;
    private static final int CHUNK = 1 << 20;
    /** The largest block size direct writes handle (the chunk's alignment). */
    private static final int MAX_ALIGN = 64 * 1024;
    private static final int PER_UPLOAD = 4;
    private static final int POOL = 16;
    /** Threads that hash and write full chunks while their uploads fill the next. */
    private static final ExecutorService HELPERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "depot-upload-chunk");
        t.setDaemon(true);
        return t;
    });
    private static final BlockingQueue<ByteBuffer> FREE = new ArrayBlockingQueue<>(POOL);
    private static final AtomicInteger ALLOCATED = new AtomicInteger();

    /** What a store knows about direct writes to its temporary directory. */
    static final class DirectIo {
        private volatile int align;

        /** @param align the block size direct writes must align to; 0 to never write directly */
        DirectIo(int align) {
            this.align = align > 0 && align <= MAX_ALIGN && CHUNK % align == 0 ? align : 0;
        }

        void disable() { align = 0; }
    }

    /** A chunk handed to the helpers, and the end of its hashing and of its write. */
    private record InFlight(ByteBuffer chunk, CompletableFuture<Void> done) {}

    private final Path file;
    private final FileChannel plain;
    private final DirectIo directIo;
    private final UploadDigests digests;
    private long position;
    private boolean directTried;
    private FileChannel direct;
    /** The chunk being filled; null while writing through the page cache. */
    private ByteBuffer chunk;
    /** File offset of the chunk's first byte; bytes before the first chunk went through the page cache. */
    private long chunkStart;
    private final ArrayDeque<ByteBuffer> spare = new ArrayDeque<>();
    private final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();
    private CompletableFuture<Void> hashed = CompletableFuture.completedFuture(null);
    private volatile boolean directWorked;
    private volatile boolean refused;

    TempFileWriter(Path file, FileChannel plain, DirectIo directIo, UploadDigests digests) {
        this.file = file;
        this.plain = plain;
        this.directIo = directIo;
        this.digests = digests;
    }

    /** Bytes written so far. */
    long size() { return position; }

    /** True once a chunk went to the disk directly (for tests). */
    boolean wroteDirectly() { return directWorked; }

    void write(byte[] b, int off, int len) throws IOException {
        if (chunk == null && !directTried && position + len > DIRECT_AFTER) startDirect();
        if (chunk == null || position < chunkStart) {
            int n = chunk == null ? len : (int) Math.min(len, chunkStart - position);
            hash(ByteBuffer.wrap(b, off, n));
            writePlain(ByteBuffer.wrap(b, off, n), position);
            position += n;
            off += n;
            len -= n;
        }
        while (len > 0) {
            int n = Math.min(len, chunk.remaining());
            chunk.put(b, off, n);
            position += n;
            off += n;
            len -= n;
            if (!chunk.hasRemaining()) flushChunk();
        }
    }

    /** Hashes and writes what is buffered, without syncing. */
    void flushTail() throws IOException {
        awaitInFlight();
        if (chunk == null || chunk.position() == 0) return;
        int buffered = chunk.position();
        int align = directIo.align;
        int aligned = align == 0 || refused ? 0 : buffered - buffered % align;
        chunk.flip();
        hash(chunk.duplicate());
        if (aligned > 0) {
            chunk.limit(aligned);
            writeDirect(chunk, chunkStart);
            chunk.limit(buffered);
        }
        writePlain(chunk, chunkStart + aligned);
        chunkStart += buffered;
        chunk.clear();
    }

    /** Writes what is buffered and makes the whole file durable. */
    void sync() throws IOException {
        flushTail();
        plain.force(false);
    }

    private void startDirect() {
        directTried = true;
        int align = directIo.align;
        if (align == 0) return;
        ByteBuffer first = takeChunk();
        if (first == null) return;
        try {
            direct = FileChannel.open(file, StandardOpenOption.WRITE, ExtendedOpenOption.DIRECT);
        } catch (IOException | UnsupportedOperationException e) {
            directIo.disable();
            FREE.offer(first);
            return;
        }
        chunk = first;
        for (int i = 1; i < PER_UPLOAD; i++) {
            ByteBuffer more = takeChunk();
            if (more == null) break;
            spare.add(more);
        }
        chunkStart = (position + align - 1) / align * align;
    }

    /** Hands the full chunk to the helpers and goes on with a free one; without one, hashes and writes it here. */
    private void flushChunk() throws IOException {
        ByteBuffer full = chunk.flip();
        long at = chunkStart;
        chunkStart += CHUNK;
        if (spare.isEmpty() && inFlight.isEmpty()) {
            hash(full.duplicate());
            writeDirect(full, at);
            full.clear();
            return;
        }
        ByteBuffer toHash = full.duplicate();
        hashed = hashed.thenRunAsync(() -> unchecked(() -> hash(toHash)), HELPERS);
        CompletableFuture<Void> written = CompletableFuture.runAsync(() -> unchecked(() -> writeDirect(full, at)), HELPERS);
        inFlight.add(new InFlight(full, CompletableFuture.allOf(hashed, written)));
        if (spare.isEmpty()) awaitOldest();
        chunk = spare.poll().clear();
    }

    /** Waits until every chunk handed out is hashed and written. */
    private void awaitInFlight() throws IOException {
        while (!inFlight.isEmpty()) awaitOldest();
    }

    /** Waits for the oldest chunk in flight; its buffer is free again, even when its write failed. */
    private void awaitOldest() throws IOException {
        InFlight oldest = inFlight.peek();
        try {
            await(oldest.done());
        } finally {
            if (oldest.done().isDone()) spare.add(inFlight.poll().chunk());
        }
    }

    private interface IoAction {
        void run() throws IOException;
    }

    private static void unchecked(IoAction action) {
        try {
            action.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void await(CompletableFuture<Void> task) throws IOException {
        try {
            task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("upload interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof CompletionException c ? c.getCause() : e.getCause();
            if (cause instanceof UncheckedIOException u) throw u.getCause();
            if (cause instanceof IOException io) throw io;
            throw new IllegalStateException("upload chunk failed", cause);
        }
    }

    private void hash(ByteBuffer bytes) throws InterruptedIOException {
        try {
            digests.update(bytes);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("upload interrupted");
        }
    }

    /**
     * Writes {@code buf} from its position to its limit at file offset {@code at}; through the page cache if the disk
     * refuses direct writes.
     */
    private void writeDirect(ByteBuffer buf, long at) throws IOException {
        int from = buf.position();
        if (refused) {
            writePlain(buf, at);
            return;
        }
        try {
            long offset = at;
            while (buf.hasRemaining()) offset += direct.write(buf, offset);
            directWorked = true;
        } catch (IOException e) {
            if (directWorked) throw e;
            // refused on the first write (an alignment the file system did not report): page cache from now on
            directIo.disable();
            refused = true;
            buf.position(from);
            writePlain(buf, at);
        }
    }

    private void writePlain(ByteBuffer bb, long at) throws IOException {
        while (bb.hasRemaining()) at += plain.write(bb, at);
    }

    private static ByteBuffer takeChunk() {
        ByteBuffer buf = FREE.poll();
        if (buf != null) return buf;
        if (ALLOCATED.incrementAndGet() > POOL) {
            ALLOCATED.decrementAndGet();
            return null;
        }
        return ByteBuffer.allocateDirect(CHUNK + MAX_ALIGN).alignedSlice(MAX_ALIGN).limit(CHUNK).slice();
    }

    /** Waits for the chunks in flight, whatever happens (a chunk goes back to the pool only when its write is over). */
    @Override
    public void close() throws IOException {
        boolean interrupted = false;
        for (InFlight f : inFlight) {
            while (true) {
                try {
                    f.done().get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    break;
                }
            }
            spare.add(f.chunk());
        }
        inFlight.clear();
        if (chunk != null) spare.add(chunk);
        chunk = null;
        for (ByteBuffer buf : spare) FREE.offer(buf.clear());
        spare.clear();
        if (interrupted) Thread.currentThread().interrupt();
        if (direct != null) direct.close();
    }
}
