package depot.server;

import io.javalin.config.MultipartConfig;
import io.javalin.config.SizeUnit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Where multipart bodies (PyPI's and NuGet's uploads) are parsed to before a format reads them: a directory of the
 * data directory, not the system's temporary one, emptied at start (a crash leaves its parts there), and no part
 * larger than the largest upload any format accepts, checked while the body arrives, also when it is sent without a
 * length. A format still checks its own, smaller limit as it stores the file.
 */
final class MultipartSpool {
    /** Parts up to this size stay in memory; larger ones go to the spool directory. */
    static final int IN_MEMORY = 1 << 20;

    private MultipartSpool() {}

    /** Empties (or makes) the spool directory under {@code dataDir} and points {@code config} at it. */
    static void configure(MultipartConfig config, Path dataDir, long largestUpload) {
        Path dir = dataDir.resolve("tmp").resolve("multipart");
        try {
            Files.createDirectories(dir);
            try (Stream<Path> left = Files.list(dir)) {
                for (Path p : (Iterable<Path>) left::iterator) Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the multipart spool directory " + dir, e);
        }
        config.cacheDirectory(dir.toString());
        config.maxFileSize(largestUpload, SizeUnit.BYTES);
        // the other fields of a push (and the part headers) are small: a MiB beside the file
        config.maxTotalRequestSize(largestUpload + (1 << 20), SizeUnit.BYTES);
        config.maxInMemoryFileSize(IN_MEMORY, SizeUnit.BYTES);
    }
}
