package depot.format.nuget;

import depot.core.error.DepotException;
import depot.http.ZipLimits;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.SeekableByteChannel;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * Reads a {@code .nupkg} or {@code .snupkg}: the one {@code .nuspec} at the archive's root (inflated to at most
 * 1 MiB) and, for symbol packages, the {@code .pdb} entries, which {@link #eachPdb} streams one at a time.
 * Anything that is not a zip archive is invalid.
 */
final class Nupkg implements AutoCloseable {
    private static final int MAX_ENTRIES = 50_000;
    private final ZipFile zip;
    private final List<ZipArchiveEntry> entries;

    private Nupkg(ZipFile zip, List<ZipArchiveEntry> entries) {
        this.zip = zip;
        this.entries = entries;
    }

    static Nupkg open(SeekableByteChannel channel) {
        try {
            ZipLimits.requireAtMost(channel, MAX_ENTRIES, "the package");
            ZipFile zip = ZipFile.builder().setSeekableByteChannel(channel).get();
            List<ZipArchiveEntry> list = new ArrayList<>();
            Enumeration<ZipArchiveEntry> all = zip.getEntries();
            while (all.hasMoreElements()) {
                if (list.size() == MAX_ENTRIES) {
                    zip.close();
                    throw new DepotException.Invalid("the package has more than " + MAX_ENTRIES + " entries");
                }
                list.add(all.nextElement());
            }
            return new Nupkg(zip, list);
        } catch (IOException | IllegalArgumentException e) {
            throw new DepotException.Invalid("the package is not a valid zip archive (a .nupkg is a zip file)");
        }
    }

    /** The raw bytes of the root {@code .nuspec}. */
    byte[] nuspec() {
        ZipArchiveEntry found = null;
        for (ZipArchiveEntry e : entries) {
            String name = e.getName();
            if (!name.contains("/") && !name.contains("\\") && name.toLowerCase(Locale.ROOT).endsWith(".nuspec")) {
                if (found != null) throw new DepotException.Invalid("the package has more than one .nuspec at its root");
                found = e;
            }
        }
        if (found == null) throw new DepotException.Invalid("the package has no .nuspec at its root");
        if (found.getSize() > Nuspec.MAX_BYTES) throw new DepotException.Invalid("the nuspec is larger than 1 MiB");
        try (InputStream in = zip.getInputStream(found)) {
            byte[] bytes = in.readNBytes(Nuspec.MAX_BYTES + 1);
            if (bytes.length > Nuspec.MAX_BYTES) throw new DepotException.Invalid("the nuspec is larger than 1 MiB");
            return bytes;
        } catch (IOException | RuntimeException e) {
            if (e instanceof DepotException de) throw de;
            throw new DepotException.Invalid("the nuspec cannot be inflated: " + e.getMessage());
        }
    }

    interface PdbSink {
        void accept(String path, InputStream content) throws IOException;
    }

    /** Streams every {@code .pdb} entry to the sink, in archive order. */
    void eachPdb(PdbSink sink) throws IOException {
        for (ZipArchiveEntry e : entries) {
            if (e.isDirectory() || !e.getName().toLowerCase(Locale.ROOT).endsWith(".pdb")) continue;
            try (InputStream in = zip.getInputStream(e)) {
                sink.accept(e.getName(), in);
            }
        }
    }

    @Override
    public void close() throws IOException { zip.close(); }
}
