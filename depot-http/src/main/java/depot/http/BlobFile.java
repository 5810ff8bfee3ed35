package depot.http;

import depot.core.blob.BlobSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * A stored blob opened for random access — what reading a zip's central directory needs. A blob on the local
 * filesystem is opened in place; one in object storage is copied to a temporary file, deleted on close.
 */
public final class BlobFile implements AutoCloseable {
    private final SeekableByteChannel channel;
    private final Path temp;

    private BlobFile(SeekableByteChannel channel, Path temp) {
        this.channel = channel;
        this.temp = temp;
    }

    public static BlobFile open(BlobSource blobs, String sha256, long size) throws IOException {
        Path file = blobs.localFile(sha256).orElse(null);
        Path temp = null;
        if (file == null) {
            temp = Files.createTempFile("depot-blob-", ".tmp");
            try (InputStream in = blobs.open(sha256, 0, size).orElseThrow()) {
                Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(temp);
                throw e;
            }
            file = temp;
        }
        return new BlobFile(FileChannel.open(file, StandardOpenOption.READ), temp);
    }

    public SeekableByteChannel channel() { return channel; }

    @Override
    public void close() throws IOException {
        try {
            channel.close();
        } finally {
            if (temp != null) Files.deleteIfExists(temp);
        }
    }
}
