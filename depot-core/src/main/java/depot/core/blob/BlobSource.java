package depot.core.blob;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The read side of the blob store: what a format may do with stored bytes (open them, serve them). Formats get this
 * view through {@link depot.core.packages.PackageReads#content()}, never the store itself; writes go through
 * {@link depot.core.packages.PackageService#store}.
 */
public interface BlobSource {

    /** The size of a stored blob, or empty when there is none. */
    Optional<Long> size(String sha256) throws IOException;

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
}
