package depot.core.blob;

import depot.core.error.DepotException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Blobs as files under {@code root/sha256/ab/cd/<hex>}. An upload goes to a temp file in {@code root/tmp} and
 * becomes visible by an atomic rename, so readers never see a partial blob.
 */
public final class FsBlobStore implements BlobStore {
    private static final int BUFFER = 64 * 1024;
    /**
     * Bodies under this size are read whole before anything is written (a body that fills the first buffer only
     * while one of {@link #MEDIUM_READS} buffers of this size is free), so bytes already stored cost no temporary
     * file, and new ones can be staged.
     */
    static final int MEDIUM = UploadDigests.INLINE;
    static final int MEDIUM_READS = 16;
    /** Blobs up to this size are kept mapped for downloads, up to {@link #MAPPED_TOTAL} bytes in all. */
    static final long MAPPED_MAX = 64L << 20;
    static final long MAPPED_TOTAL = 256L << 20;
    /**
     * Mappings of recently downloaded blobs, least recently used first. A mapping per request would leave one
     * mapping per download alive until the next garbage collection; these are reused, and an evicted one is released
     * when the last download using it ends.
     */
    private final java.util.LinkedHashMap<String, java.nio.MappedByteBuffer> mappings =
            new java.util.LinkedHashMap<>(64, 0.75f, true);
    private long mappedBytes;
    private boolean droppedMappings;
    private final Path root;
    private final Path tmp;
    private final TempFileWriter.DirectIo directIo;
    private final java.util.concurrent.atomic.AtomicLong directUploads = new java.util.concurrent.atomic.AtomicLong();
    /** Shard directories known to exist (at most 65,536 of them). */
    private final java.util.Set<Path> shardDirs = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Small new blobs being written by helpers while their uploads go on ({@link #stage}). */
    private final StagedWrites staged = new StagedWrites();
    private final Semaphore mediumReads = new Semaphore(MEDIUM_READS);

    public FsBlobStore(Path root) throws IOException {
        this(root, true);
    }

    /** @param directWrites whether large uploads may bypass the page cache (see {@link TempFileWriter}) */
    FsBlobStore(Path root, boolean directWrites) throws IOException {
        this.root = root.toAbsolutePath();
        this.tmp = this.root.resolve("tmp");
        Files.createDirectories(this.root.resolve("sha256"));
        Files.createDirectories(tmp);
        this.directIo = new TempFileWriter.DirectIo(directWrites ? blockSize(tmp) : 0);
    }

    /** The alignment direct writes need: the file system's block size, and never less than a memory page. */
    private static int blockSize(Path dir) {
        try {
            return (int) Math.max(4096, Files.getFileStore(dir).getBlockSize());
        } catch (IOException | UnsupportedOperationException e) {
            return 4096;
        }
    }

    /** Uploads that went to the disk directly, at least in part (for tests). */
    long directUploads() { return directUploads.get(); }

    @Override
    public StoredBlob put(InputStream in, long maxBytes, Set<Checksum> wanted) throws IOException {
        return put(in, maxBytes, wanted, false);
    }

    /**
     * A body that fits one buffer is written, synced and moved into place by a helper while the caller goes on
     * (checking the upload, preparing its transaction); reads see it at once, from memory. Larger bodies are
     * written as by {@link #put}, as are small ones while {@link StagedWrites#MAX} are being written.
     */
    @Override
    public StoredBlob stage(InputStream in, long maxBytes, Set<Checksum> wanted) throws IOException {
        return put(in, maxBytes, wanted, true);
    }

    /**
     * Returns once a staged blob's write is over, and throws when it failed or the blob is not there: a transaction
     * that references the blob commits only after this.
     */
    @Override
    public void awaitDurable(String sha256) throws IOException {
        staged.await(sha256);
        if (!Files.isRegularFile(path(sha256))) throw new IOException("blob " + sha256 + " was not stored");
    }

    private StoredBlob put(InputStream in, long maxBytes, Set<Checksum> wanted, boolean stage) throws IOException {
        try (UploadDigests digests = new UploadDigests(wanted, BUFFER)) {
            byte[] buf = new byte[BUFFER];
            int first = in.readNBytes(buf, 0, BUFFER);
            if (first > maxBytes) throw new DepotException.TooLarge(maxBytes);
            if (first < BUFFER) {
                digests.update(buf, 0, first);
                return putSmall(buf, first, digests.finish(), stage);
            }
            if (!mediumReads.tryAcquire()) return putStreaming(in, buf, first, digests, maxBytes);
            try {
                // a body of a few buffers (a small package) is read whole too, while memory for it is free
                byte[] medium = java.util.Arrays.copyOf(buf, MEDIUM);
                int read = first + in.readNBytes(medium, first, MEDIUM - first);
                if (read > maxBytes) throw new DepotException.TooLarge(maxBytes);
                if (read < MEDIUM) {
                    digests.update(medium, 0, read);
                    return putSmall(medium, read, digests.finish(), stage);
                }
                return putStreaming(in, medium, read, digests, maxBytes);
            } finally {
                mediumReads.release();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("upload interrupted");
        }
    }

    /**
     * A body read whole is hashed before a byte is written, so bytes already stored (a retried upload, the
     * same small file in another package) cost a touch instead of a temporary file, its sync and its removal.
     */
    private StoredBlob putSmall(byte[] body, int length, StoredBlob blob, boolean stage) throws IOException {
        Path target = path(blob.sha256());
        // the same bytes being written by another upload count as stored: awaitDurable waits for that write
        if (staged.inFlight(blob.sha256())) {
            if (stage) return blob;
            try {
                awaitDurable(blob.sha256());
                return blob;
            } catch (IOException failed) {
                // that write failed: this one tries on its own
            }
        }
        if (refresh(target)) return blob;
        if (!stage || !staged.start(blob.sha256(), body, length, () -> writeSmall(body, length, target))) {
            writeSmall(body, length, target);
        }
        return blob;
    }

    private void writeSmall(byte[] body, int length, Path target) throws IOException {
        Path temp = Files.createTempFile(tmp, "upload-", ".part");
        try {
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer bb = ByteBuffer.wrap(body, 0, length);
                while (bb.hasRemaining()) out.write(bb);
                out.force(false);
            }
            moveIntoPlace(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Writes {@code head} (its first {@code first} bytes were read), then the rest of the body a buffer at a time. */
    private StoredBlob putStreaming(InputStream in, byte[] head, int first, UploadDigests digests, long maxBytes)
            throws IOException, InterruptedException {
        Path temp = Files.createTempFile(tmp, "upload-", ".part");
        try {
            StoredBlob blob;
            Path target;
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE);
                 TempFileWriter writer = new TempFileWriter(temp, out, directIo, digests)) {
                for (int off = 0; off < first; off += BUFFER) writer.write(head, off, Math.min(BUFFER, first - off));
                byte[] buf = head.length == BUFFER ? head : new byte[BUFFER];
                int n;
                while ((n = in.read(buf)) != -1) {
                    if (writer.size() + n > maxBytes) throw new DepotException.TooLarge(maxBytes);
                    writer.write(buf, 0, n);
                }
                writer.flushTail();
                blob = digests.finish();
                target = path(blob.sha256());
                // bytes already stored: the copy is dropped, so it needs no sync
                if (refresh(target)) return blob;
                writer.sync();
                if (writer.wroteDirectly()) directUploads.incrementAndGet();
            }
            moveIntoPlace(temp, target);
            return blob;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Marks an existing blob as fresh so gc's grace period covers it; false when there is none (or it cannot be
     * touched, and is then written again). One {@code utimensat} by path: no open, and no exception for a new blob.
     */
    private static boolean refresh(Path target) {
        return target.toFile().setLastModified(System.currentTimeMillis());
    }

    private void moveIntoPlace(Path temp, Path target) throws IOException {
        Path dir = target.getParent();
        try {
            // a shard directory seen once is not made again: that mkdir is a journal transaction on most file systems
            if (!shardDirs.contains(dir)) {
                Files.createDirectories(dir);
                shardDirs.add(dir);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (NoSuchFileException gone) {
                // the directory was removed by hand meanwhile
                Files.createDirectories(dir);
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (FileAlreadyExistsException e) {
            // another upload of the same bytes won the race; its file is identical
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the blob directory must be on one file system with its tmp directory", e);
        }
    }

    @Override
    public Optional<Long> size(String sha256) throws IOException {
        Optional<Long> inFlight = staged.size(sha256);
        if (inFlight.isPresent()) return inFlight;
        try {
            return Optional.of(Files.size(path(sha256)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<Long> modifiedAt(String sha256) throws IOException {
        if (staged.inFlight(sha256)) return Optional.of(System.currentTimeMillis());
        try {
            return Optional.of(Files.getLastModifiedTime(path(sha256)).toMillis());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<InputStream> open(String sha256, long offset, long length) throws IOException {
        Optional<InputStream> inFlight = staged.open(sha256, offset, length);
        if (inFlight.isPresent()) return inFlight;
        FileChannel channel;
        try {
            channel = FileChannel.open(path(sha256), StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        channel.position(offset);
        return Optional.of(new BoundedInputStream(Channels.newInputStream(channel), length));
    }

    @Override
    public Optional<Path> localFile(String sha256) {
        Path p = path(sha256);
        return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }

    @Override
    public Optional<ByteBuffer> mapped(String sha256) throws IOException {
        synchronized (mappings) {
            java.nio.MappedByteBuffer cached = mappings.get(sha256);
            if (cached != null) return Optional.of(cached.asReadOnlyBuffer());
        }
        Path p = path(sha256);
        java.nio.MappedByteBuffer mapping;
        try (FileChannel channel = FileChannel.open(p, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size > MAPPED_MAX || size == 0) return Optional.empty();
            mapping = channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        synchronized (mappings) {
            java.nio.MappedByteBuffer raced = mappings.putIfAbsent(sha256, mapping);
            if (raced != null) return Optional.of(raced.asReadOnlyBuffer());
            mappedBytes += mapping.capacity();
            var it = mappings.entrySet().iterator();
            while (mappedBytes > MAPPED_TOTAL && it.hasNext()) {
                var eldest = it.next();
                if (eldest.getValue() == mapping) break;
                mappedBytes -= eldest.getValue().capacity();
                it.remove();
            }
        }
        return Optional.of(mapping.asReadOnlyBuffer());
    }

    @Override
    public void delete(String sha256) throws IOException {
        synchronized (mappings) {
            java.nio.MappedByteBuffer gone = mappings.remove(sha256);
            if (gone != null) {
                mappedBytes -= gone.capacity();
                droppedMappings = true;
            }
        }
        Files.deleteIfExists(path(sha256));
    }

    /**
     * A deleted blob that was mapped keeps its disk space until the JVM unmaps it, which only its garbage collector
     * does (a mapping cannot be released by hand while a download may still read it): ask for a collection once,
     * after a batch of deletions, when a mapping was dropped.
     */
    @Override
    public void reclaim() {
        boolean dropped;
        synchronized (mappings) {
            dropped = droppedMappings;
            droppedMappings = false;
        }
        if (dropped) System.gc();
    }

    @Override
    public void forEach(Consumer<BlobEntry> visitor) throws IOException {
        try (Stream<Path> files = Files.walk(root.resolve("sha256"))) {
            files.filter(Files::isRegularFile).forEach(p -> {
                String name = p.getFileName().toString();
                if (!Digests.isSha256Hex(name)) return;
                try {
                    visitor.accept(new BlobEntry(name, Files.size(p), Files.getLastModifiedTime(p).toMillis()));
                } catch (NoSuchFileException gone) {
                    // deleted while walking
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    /** True when the store's directories exist and accept writes (readiness). */
    @Override
    public boolean ready() {
        return Files.isDirectory(tmp) && Files.isWritable(tmp) && Files.isWritable(root.resolve("sha256"));
    }

    /** Removes upload temp files older than {@code olderThanMillis}, left by a crash. */
    @Override
    public int sweepTemporary(long olderThanMillis) throws IOException {
        int removed = 0;
        try (Stream<Path> files = Files.list(tmp)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (Files.getLastModifiedTime(p).toMillis() < olderThanMillis && Files.deleteIfExists(p)) removed++;
            }
        }
        return removed;
    }

    private Path path(String sha256) {
        if (!Digests.isSha256Hex(sha256)) throw new DepotException.Invalid("not a sha256 digest: " + sha256);
        return root.resolve("sha256").resolve(sha256.substring(0, 2)).resolve(sha256.substring(2, 4)).resolve(sha256);
    }
}
