package depot.format.npm;

import depot.core.error.DepotException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.utils.BoundedInputStream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the {@code package.json} at the top of an npm tarball ({@code package/package.json}, or the same file in
 * whatever single directory the packer used). Bounded: it stops at that file, reads at most 1 MiB of it, looks at
 * no more than 10,000 entries and inflates no more than 256 MiB (packers put package.json first), so a tar bomb —
 * or thousands of megabyte-long GNU names — costs little.
 */
final class Tarball {
    private static final ObjectMapper JSON = depot.http.BoundedJson.mapper(100_000);
    private static final int MAX_MANIFEST = 1 << 20;
    private static final int MAX_ENTRIES = 10_000;
    private static final long MAX_SCAN = 256L << 20;

    private Tarball() {}

    static JsonNode packageJson(InputStream tgz) {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(BoundedInputStream.builder()
                .setInputStream(new GZIPInputStream(tgz, 65536)).setMaxCount(MAX_SCAN).get())) {
            TarArchiveEntry entry;
            int seen = 0;
            while ((entry = tar.getNextEntry()) != null) {
                if (++seen > MAX_ENTRIES) break;
                String name = entry.getName();
                int slash = name.indexOf('/');
                if (entry.isFile() && slash > 0 && name.substring(slash + 1).equals("package.json")) {
                    if (entry.getSize() > MAX_MANIFEST) throw new DepotException.Invalid("package.json is too large");
                    byte[] bytes = tar.readNBytes(MAX_MANIFEST);
                    try {
                        JsonNode json = JSON.readTree(bytes);
                        if (!json.isObject()) throw new DepotException.Invalid("package.json is not a JSON object");
                        return json;
                    } catch (JacksonException e) {
                        throw new DepotException.Invalid("package.json in the tarball is not valid JSON");
                    }
                }
            }
            throw new DepotException.Invalid("the tarball has no package/package.json");
        } catch (ZipException e) {
            throw new DepotException.Invalid("the tarball is not gzip-compressed: " + e.getMessage());
        } catch (IOException | IllegalArgumentException e) {
            // the bytes come from the blob store, so a failure here is the archive's, not the disk's
            throw new DepotException.Invalid("the tarball is truncated or not a tar archive");
        }
    }
}
