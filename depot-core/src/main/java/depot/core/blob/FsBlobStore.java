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
import java.nio.file.attribute.FileTime;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Blobs as files under {@code root/sha256/ab/cd/<hex>}. An upload goes to a temp file in {@code root/tmp} and
 * becomes visible by an atomic rename, so readers never see a partial blob.
 */
public final class FsBlobStore implements BlobStore {
    private static final int BUFFER = 64 * 1024;
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
        try (UploadDigests digests = new UploadDigests(wanted, BUFFER)) {
            byte[] buf = new byte[BUFFER];
            int first = in.readNBytes(buf, 0, BUFFER);
            if (first > maxBytes) throw new DepotException.TooLarge(maxBytes);
            if (first < BUFFER) {
                digests.update(buf, 0, first);
                return putSmall(buf, first, digests.finish());
            }
            return putStreaming(in, buf, first, digests, maxBytes);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("upload interrupted");
        }
    }

    /**
     * A body that fit one buffer is hashed before a byte is written, so bytes already stored (a retried upload, the
     * same small file in another package) cost a touch instead of a temporary file, its sync and its removal.
     */
    private StoredBlob putSmall(byte[] body, int length, StoredBlob blob) throws IOException {
        Path target = path(blob.sha256());
        if (refresh(target)) return blob;
        Path temp = Files.createTempFile(tmp, "upload-", ".part");
        try {
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer bb = ByteBuffer.wrap(body, 0, length);
                while (bb.hasRemaining()) out.write(bb);
                out.force(false);
            }
            moveIntoPlace(temp, target);
            return blob;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private StoredBlob putStreaming(InputStream in, byte[] buf, int first, UploadDigests digests, long maxBytes)
            throws IOException, InterruptedException {
        Path temp = Files.createTempFile(tmp, "upload-", ".part");
        try {
            StoredBlob blob;
            Path target;
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE);
                 TempFileWriter writer = new TempFileWriter(temp, out, directIo, digests)) {
                int n = first;
                do {
                    writer.write(buf, 0, n);
                    n = in.read(buf);
                    if (n > 0 && writer.size() + n > maxBytes) throw new DepotException.TooLarge(maxBytes);
                } while (n != -1);
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

    /** Marks an existing blob as fresh so gc's grace period covers it; false when there is none. */
    private static boolean refresh(Path target) throws IOException {
        try {
            Files.setLastModifiedTime(target, FileTime.fromMillis(System.currentTimeMillis()));
            return true;
        } catch (NoSuchFileException e) {
            return false;
        }
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
        try {
            return Optional.of(Files.size(path(sha256)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<Long> modifiedAt(String sha256) throws IOException {
        try {
            return Optional.of(Files.getLastModifiedTime(path(sha256)).toMillis());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<InputStream> open(String sha256, long offset, long length) throws IOException {
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
