package depot.format.conan;

import depot.core.error.DepotException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Reads what Depot needs from the files of a Conan revision, bounded so that hostile files cost little: the text
 * files are read up to {@link #MAX_TEXT} and must be UTF-8; archives are walked entry by entry, never unpacked.
 */
final class ConanFiles {
    static final int MAX_TEXT = 4 << 20;
    private static final int MAX_ENTRIES = 200_000;
    /** A path's length, as file systems allow it (PATH_MAX). */
    static final int MAX_PATH = 4096;
    /** An archive inflating to more than this many times its size (past 64 MiB) is refused as a bomb. */
    private static final long MAX_RATIO = 200;
    private static final Pattern MANIFEST_LINE = Pattern.compile("(.{1,4096}): ([0-9a-f]{32})");
    private static final Pattern ATTRIBUTE = Pattern.compile(
            "^\\s{4}(name|version|description|license|url|homepage|author|topics)\\s*=\\s*(\"[^\"\\n]{0,2000}\"|'[^'\\n]{0,2000}'|\\([^)]{0,2000}\\))",
            Pattern.MULTILINE);
    private static final Pattern QUOTED = Pattern.compile("\"([^\"]*)\"|'([^']*)'");

    private ConanFiles() {}

    /** Decodes a text file that must be UTF-8 and at most {@link #MAX_TEXT} bytes. */
    static String text(InputStream in, String file) throws IOException {
        byte[] bytes = in.readNBytes(MAX_TEXT + 1);
        if (bytes.length > MAX_TEXT) throw new DepotException.Invalid(file + " is larger than 4 MiB");
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new DepotException.Invalid(file + " is not UTF-8 text");
        }
    }

    /**
     * {@code conanmanifest.txt}: a timestamp line, then {@code path: md5} per file. Returns the listed paths; a
     * manifest in another shape, or naming a path that leaves the package folder, is refused.
     */
    static Map<String, String> manifest(String text) {
        String[] lines = text.split("\r?\n");
        if (lines.length == 0 || !lines[0].trim().matches("[0-9]{1,20}")) {
            throw new DepotException.Invalid("conanmanifest.txt does not start with a timestamp");
        }
        Map<String, String> files = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank()) continue;
            Matcher m = MANIFEST_LINE.matcher(line.trim());
            if (!m.matches()) throw new DepotException.Invalid("conanmanifest.txt line " + (i + 1) + " is not 'path: md5'");
            files.put(safePath(m.group(1), "conanmanifest.txt"), m.group(2));
        }
        return files;
    }

    /**
     * {@code conaninfo.txt}: INI-like sections ({@code [settings]}, {@code [options]}, {@code [requires]} …) of
     * {@code key=value} or bare lines. Keys and values are kept as written, sections in order.
     */
    static Map<String, Object> conaninfo(String text) {
        Map<String, Object> sections = new LinkedHashMap<>();
        String section = null;
        List<String> lines = new ArrayList<>();
        int n = 0;
        for (String raw : text.split("\r?\n")) {
            n++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            // a section, key or requirement becomes a JSON name in the stored metadata: no longer than a path
            if (line.length() > MAX_PATH) {
                throw new DepotException.Invalid("conaninfo.txt line " + n + " is longer than " + MAX_PATH + " characters");
            }
            if (line.startsWith("[")) {
                if (!line.endsWith("]") || line.length() < 3) {
                    throw new DepotException.Invalid("conaninfo.txt line " + n + " is not a [section]");
                }
                if (section != null) sections.put(section, shape(lines));
                section = line.substring(1, line.length() - 1).strip();
                lines = new ArrayList<>();
            } else {
                if (section == null) throw new DepotException.Invalid("conaninfo.txt line " + n + " is outside a [section]");
                lines.add(line);
            }
        }
        if (section != null) sections.put(section, shape(lines));
        return sections;
    }

    /** A section of {@code key=value} lines is a map; any other section is a list of its lines (requires). */
    private static Object shape(List<String> lines) {
        if (lines.isEmpty() || !lines.stream().allMatch(l -> l.indexOf('=') > 0)) return List.copyOf(lines);
        Map<String, String> map = new LinkedHashMap<>();
        for (String l : lines) {
            int eq = l.indexOf('=');
            map.put(l.substring(0, eq).strip(), l.substring(eq + 1).strip());
        }
        return map;
    }

    /**
     * The recipe's descriptive attributes from {@code conanfile.py} ({@code description}, {@code license},
     * {@code url}, {@code homepage}, {@code author}, {@code topics}) where the class sets them to literals. Nothing
     * is executed; a recipe that computes them just shows fewer rows.
     */
    static Map<String, String> recipeAttributes(String conanfile) {
        Map<String, String> found = new LinkedHashMap<>();
        Matcher m = ATTRIBUTE.matcher(conanfile);
        while (m.find()) {
            String key = m.group(1);
            if (found.containsKey(key)) continue;
            String value = m.group(2);
            if (value.startsWith("(")) {
                List<String> items = new ArrayList<>();
                Matcher q = QUOTED.matcher(value);
                while (q.find()) items.add(q.group(1) != null ? q.group(1) : q.group(2));
                value = String.join(", ", items);
            } else {
                value = value.substring(1, value.length() - 1);
            }
            if (!value.isBlank()) found.put(key, value.strip());
        }
        return found;
    }

    /**
     * Walks a {@code .tgz} the Conan client made: it must be gzip-compressed tar, hold at most 200,000 entries,
     * name none that is absolute or climbs out with {@code ..}, and not inflate like a bomb. Returns the entry count.
     */
    static int checkArchive(InputStream tgz, long compressedSize, String file) {
        long maxInflated = Math.max(64L << 20, compressedSize * MAX_RATIO);
        GZIPInputStream gzip;
        try {
            gzip = new GZIPInputStream(tgz, 65536);
        } catch (ZipException e) {
            throw new DepotException.Invalid(file + " is not gzip-compressed: " + e.getMessage());
        } catch (IOException e) {
            throw new DepotException.Invalid(file + " is truncated or not gzip-compressed");
        }
        try (RawNames tar = new RawNames(gzip)) {
            int entries = 0;
            long inflated = 0;
            TarArchiveEntry entry;
            byte[] buffer = new byte[65536];
            while ((entry = tar.nextEntry()) != null) {
                if (++entries > MAX_ENTRIES) throw new DepotException.Invalid(file + " has more than 200,000 entries");
                if (tar.absolute) throw new DepotException.Invalid(file + " names an absolute path: " + printable(entry.getName()));
                safePath(entry.getName(), file);
                if (entry.isSymbolicLink() || entry.isLink()) safeLink(entry.getName(), entry.getLinkName(), file);
                int n;
                while ((n = tar.read(buffer)) > 0) {
                    inflated += n;
                    if (inflated > maxInflated) throw new DepotException.Invalid(file + " inflates too far to be a package archive");
                }
            }
            // the tar reader stops at its end-of-archive blocks; the rest of the gzip stream must be whole too
            int n;
            while ((n = gzip.read(buffer)) > 0) {
                inflated += n;
                if (inflated > maxInflated) throw new DepotException.Invalid(file + " inflates too far to be a package archive");
            }
            return entries;
        } catch (ZipException e) {
            throw new DepotException.Invalid(file + " is not gzip-compressed: " + e.getMessage());
        } catch (IOException | IllegalArgumentException e) {
            // the bytes come from the blob store, so a failure here is the archive's, not the disk's
            throw new DepotException.Invalid(file + " is truncated or not a tar archive");
        }
    }

    /** A relative path that stays inside its folder; backslashes count as separators, as on Windows. */
    static String safePath(String path, String file) {
        String p = path.replace('\\', '/');
        while (p.startsWith("./")) p = p.substring(2);
        if (p.length() > MAX_PATH) {
            throw new DepotException.Invalid(file + " names a path longer than " + MAX_PATH + " characters");
        }
        if (p.isEmpty() || p.startsWith("/") || p.matches("^[A-Za-z]:.*") || p.indexOf('\0') >= 0) {
            throw new DepotException.Invalid(file + " names an absolute or empty path: " + printable(path));
        }
        for (String part : p.split("/")) {
            if (part.equals("..")) throw new DepotException.Invalid(file + " names a path outside the package: " + printable(path));
        }
        return p;
    }

    /** A link inside the archive must point inside it too. */
    private static void safeLink(String name, String target, String file) {
        String t = target.replace('\\', '/');
        if (t.startsWith("/") || t.matches("^[A-Za-z]:.*")) {
            throw new DepotException.Invalid(file + " has a link out of the package: " + printable(name));
        }
        int depth = (int) name.replace('\\', '/').chars().filter(c -> c == '/').count();
        for (String part : t.split("/")) {
            if (part.equals("..")) depth--;
            else if (!part.isEmpty() && !part.equals(".")) depth++;
            if (depth < 0) throw new DepotException.Invalid(file + " has a link out of the package: " + printable(name));
        }
    }

    private static String printable(String s) {
        String shown = s.length() > 120 ? s.substring(0, 120) + "…" : s;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }

    /**
     * A tar reader that remembers whether the entry's name, as written in its header (or GNU long name), was absolute:
     * Commons Compress strips the leading {@code /} from names, but Conan's client unpacks with Python's tarfile.
     */
    private static final class RawNames extends TarArchiveInputStream {
        boolean absolute;

        RawNames(InputStream in) { super(in); }

        TarArchiveEntry nextEntry() throws IOException {
            absolute = false;
            return getNextEntry();
        }

        @Override
        protected boolean isEOFRecord(byte[] record) {
            if (record != null && record.length > 0 && record[0] == '/') absolute = true;
            return super.isEOFRecord(record);
        }

        @Override
        protected byte[] getLongNameData() throws IOException {
            byte[] name = super.getLongNameData();
            if (name != null && name.length > 0 && name[0] == '/') absolute = true;
            return name;
        }
    }
}
