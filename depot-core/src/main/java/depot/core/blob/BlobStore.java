package depot.core.blob;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Content-addressed storage of file bodies, keyed by the hex SHA-256 of their bytes.
 *
 * <p>Contract, shared by every implementation and checked by {@code BlobStoreContract}:
 * <ul>
 *   <li>{@link #put} streams its input once, never holding it whole in memory, and computes size, MD5, SHA-1,
 *       SHA-256 and SHA-512 in that one pass. Past {@code maxBytes} it stops reading and throws
 *       {@link depot.core.error.DepotException.TooLarge}; a failed or aborted put leaves no visible blob.</li>
 *   <li>A blob becomes visible whole or not at all. Putting bytes that are already stored writes nothing
 *       new and refreshes the blob's modification time, so that a garbage collector's grace period protects it.</li>
 *   <li>Reads of a missing blob answer empty; a ranged read past the end is the caller's error.</li>
 * </ul>
 * Implementations are thread-safe.
 */
public interface BlobStore {

    StoredBlob put(InputStream in, long maxBytes) throws IOException;

    /** The size of a stored blob, or empty when there is none. */
    Optional<Long> size(String sha256) throws IOException;

    /** When a stored blob was last written or touched (epoch millis), or empty when there is none. */
    Optional<Long> modifiedAt(String sha256) throws IOException;

    /** Opens {@code length} bytes of a blob starting at {@code offset}; empty when there is no such blob. */
    Optional<InputStream> open(String sha256, long offset, long length) throws IOException;

    /** A local file holding the blob, for zero-copy reads; empty for stores that keep no local files. */
    default Optional<Path> localFile(String sha256) { return Optional.empty(); }

    /**
     * The whole blob as a read-only buffer over a memory mapping the store keeps for repeated reads (each call gets
     * its own position); empty for stores without local files and for blobs too large to keep mapped.
     */
    default Optional<java.nio.ByteBuffer> mapped(String sha256) throws IOException { return Optional.empty(); }

    /**
     * A URL clients may fetch the blob from directly (an object store's presigned URL), when the store is configured
     * to hand out such URLs; empty means Depot streams the bytes itself.
     */
    default Optional<java.net.URI> downloadUrl(String sha256, String fileName) { return Optional.empty(); }

    /** Deletes a blob; deleting a missing blob is not an error. */
    void delete(String sha256) throws IOException;

    /**
     * Removes what uploads that died left behind (a temporary file, an unfinished multipart upload) older than
     * {@code olderThanMillis}; returns how many. gc calls it with its grace cutoff.
     */
    default int sweepTemporary(long olderThanMillis) throws IOException { return 0; }

    /** Whether the store can take writes now (the readiness probe asks). */
    default boolean ready() { return true; }

    /** After deletions: gives back what deleted blobs still hold (the filesystem store's mappings of them). */
    default void reclaim() {}

    /** Visits every stored blob, in no particular order. */
    void forEach(Consumer<BlobEntry> visitor) throws IOException;

    /** A stored blob as listed by {@link #forEach}: its digest, size and last modification (epoch millis). */
    record BlobEntry(String sha256, long size, long modifiedAt) {}
}
