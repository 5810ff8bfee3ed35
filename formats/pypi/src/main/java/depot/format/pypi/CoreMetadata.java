package depot.format.pypi;

import depot.core.error.DepotException;
import depot.http.ZipLimits;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.utils.BoundedInputStream;

/**
 * A distribution's core metadata: the wheel's {@code *.dist-info/METADATA} or the sdist's {@code PKG-INFO}, as raw
 * bytes (served for PEP 658) and parsed headers. Reading is bounded: a zip's central directory names the entry,
 * which is inflated to at most 1 MiB, after the directory was counted (at most 50,000 entries); a tarball is scanned for at most 10,000 entries and 256 MiB.
 */
record CoreMetadata(byte[] raw, Map<String, List<String>> headers) {
    static final int MAX_METADATA = 1 << 20;
    private static final long MAX_TAR_SCAN = 256L << 20;
    static final int MAX_ENTRIES = 50_000;

    String first(String header) {
        List<String> values = headers.get(header.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    static CoreMetadata fromWheel(SeekableByteChannel channel) {
        return fromZip(channel, true);
    }

    static CoreMetadata fromZip(SeekableByteChannel channel, boolean wheel) {
        try {
            ZipLimits.requireAtMost(channel, MAX_ENTRIES, wheel ? "the wheel" : "the sdist");
        } catch (IOException e) {
            throw new DepotException.Invalid((wheel ? "the wheel" : "the sdist") + " is not a valid zip archive");
        }
        try (ZipFile zip = ZipFile.builder().setSeekableByteChannel(channel).get()) {
            ZipArchiveEntry found = null;
            Enumeration<ZipArchiveEntry> entries = zip.getEntries();
            while (entries.hasMoreElements()) {
                ZipArchiveEntry e = entries.nextElement();
                String[] parts = e.getName().split("/");
                boolean match = wheel
                        ? parts.length == 2 && parts[0].endsWith(".dist-info") && parts[1].equals("METADATA")
                        : parts.length == 2 && parts[1].equals("PKG-INFO");
                if (match) {
                    if (found != null) throw new DepotException.Invalid("the archive has more than one " + parts[1]);
                    found = e;
                }
            }
            if (found == null) {
                throw new DepotException.Invalid(wheel ? "the wheel has no .dist-info/METADATA" : "the sdist has no PKG-INFO");
            }
            if (found.getSize() > MAX_METADATA) throw new DepotException.Invalid("the core metadata is too large");
            try (InputStream in = zip.getInputStream(found)) {
                return parse(readBounded(in));
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new DepotException.Invalid((wheel ? "the wheel" : "the sdist") + " is not a valid zip archive");
        }
    }

    static CoreMetadata fromTarGz(InputStream tgz) {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(BoundedInputStream.builder()
                .setInputStream(new GZIPInputStream(tgz, 65536)).setMaxCount(MAX_TAR_SCAN).get())) {
            TarArchiveEntry e;
            int seen = 0;
            while ((e = tar.getNextEntry()) != null && ++seen <= 10_000) {
                String[] parts = e.getName().split("/");
                if (e.isFile() && parts.length == 2 && parts[1].equals("PKG-INFO")) {
                    if (e.getSize() > MAX_METADATA) throw new DepotException.Invalid("PKG-INFO is too large");
                    return parse(readBounded(tar));
                }
            }
            throw new DepotException.Invalid("the sdist has no PKG-INFO at its top");
        } catch (IOException | IllegalArgumentException e) {
            throw new DepotException.Invalid("the sdist is not a gzip-compressed tar archive");
        }
    }

    private static byte[] readBounded(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_METADATA + 1);
        if (bytes.length > MAX_METADATA) throw new DepotException.Invalid("the core metadata is too large");
        return bytes;
    }

    /** RFC 822-style headers up to the first blank line; continuation lines fold into the previous value. */
    static CoreMetadata parse(byte[] raw) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        String text = new String(raw, StandardCharsets.UTF_8).replace("\r\n", "\n");
        String lastKey = null;
        for (String line : text.split("\n", -1)) {
            if (line.isEmpty()) break;
            if ((line.startsWith(" ") || line.startsWith("\t")) && lastKey != null) {
                List<String> values = headers.get(lastKey);
                values.set(values.size() - 1, values.get(values.size() - 1) + "\n" + line.strip());
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) throw new DepotException.Invalid("the core metadata is malformed near: " + abbreviate(line));
            lastKey = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            headers.computeIfAbsent(lastKey, k -> new ArrayList<>()).add(line.substring(colon + 1).trim());
        }
        if (!headers.containsKey("name") || !headers.containsKey("version")) {
            throw new DepotException.Invalid("the core metadata has no Name or Version");
        }
        return new CoreMetadata(raw, headers);
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }
}
