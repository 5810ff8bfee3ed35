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
 *   <li>{@link #put} streams its input once, never holding it whole in memory, and computes in that one pass the
 *       size, SHA-256 and the {@link Checksum}s asked for (the others too while the input is small; see
 *       {@link StoredBlob}). Past {@code maxBytes} it stops reading and throws
 *       {@link depot.core.error.DepotException.TooLarge}; a failed or aborted put leaves no visible blob.</li>
 *   <li>A blob becomes visible whole or not at all. Putting bytes that are already stored writes nothing
 *       new and refreshes the blob's modification time, so that a garbage collector's grace period protects it.</li>
 *   <li>Reads of a missing blob answer empty; a ranged read past the end is the caller's error.</li>
 * </ul>
 * Implementations are thread-safe.
 */
public interface BlobStore extends BlobSource {

    StoredBlob put(InputStream in, long maxBytes, java.util.Set<Checksum> wanted) throws IOException;

    /** {@link #put(InputStream, long, java.util.Set)} asking for SHA-256 alone. */
    default StoredBlob put(InputStream in, long maxBytes) throws IOException {
        return put(in, maxBytes, java.util.Set.of());
    }

    /**
     * {@link #put} for bytes a transaction is about to reference: the store may finish making them durable in the
     * background, and the caller calls {@link #awaitDurable} before it commits a reference to them. Reads see the
     * blob as soon as this returns.
     */
    default StoredBlob stage(InputStream in, long maxBytes, java.util.Set<Checksum> wanted) throws IOException {
        return put(in, maxBytes, wanted);
    }

    /** Returns once a {@link #stage}d blob is durable; throws when it could not be stored. */
    default void awaitDurable(String sha256) throws IOException {}

    /** When a stored blob was last written or touched (epoch millis), or empty when there is none. */
    Optional<Long> modifiedAt(String sha256) throws IOException;

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
