package depot.format.go;

import depot.core.error.DepotException;
import depot.core.error.Shown;
import depot.http.ZipLimits;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * A module zip checked by the rules of the module zip format (every entry under {@code module@version/}, valid file
 * paths, no two equal under case folding, go.mod only at the root, no symbolic links, sizes within the go command's
 * limits and as declared), with its {@code h1:} hash (dirhash over every entry, as {@code go} computes it from the
 * zip it downloads) and its go.mod. Entries are counted before the zip library reads the directory.
 */
record ModuleZip(String hash, byte[] goMod, int files, long unpackedSize) {
    static final long MAX_ZIP = 500L << 20;
    static final long MAX_GO_MOD = 16L << 20;
    static final long MAX_LICENSE = 16L << 20;
    static final int MAX_ENTRIES = 100_000;

    static ModuleZip read(SeekableByteChannel channel, String module, String version) throws IOException {
        if (channel.size() > MAX_ZIP) throw invalid("module zip file is too large (" + channel.size() + " bytes; limit is " + MAX_ZIP + " bytes)");
        ZipLimits.requireAtMost(channel, MAX_ENTRIES, "the module zip");
        String prefix = module + "@" + version + "/";
        try (ZipFile zip = ZipFile.builder().setSeekableByteChannel(channel).setUseUnicodeExtraFields(false).get()) {
            List<ZipArchiveEntry> entries = Collections.list(zip.getEntries());
            Map<String, Seen> folded = new HashMap<>();
            long total = 0;
            int files = 0;
            ZipArchiveEntry goModEntry = null;
            for (ZipArchiveEntry e : entries) {
                String full = e.getName();
                if (!full.startsWith(prefix)) throw invalid(Shown.of(full) + ": path does not have prefix \"" + prefix + "\"");
                String name = full.substring(prefix.length());
                if (name.isEmpty()) continue;
                boolean dir = name.endsWith("/");
                if (dir) name = name.substring(0, name.length() - 1);
                if (!clean(name)) throw invalid(Shown.of(full) + ": file path is not clean");
                String why = GoPaths.checkFile(name);
                if (why != null) throw invalid(Shown.of(full) + ": malformed file path \"" + Shown.of(name) + "\": " + why);
                if (e.isUnixSymlink() || !dir && e.getUnixMode() != 0 && (e.getUnixMode() & 0170000) != 0100000
                        && (e.getUnixMode() & 0170000) != 0) {
                    throw invalid(Shown.of(full) + ": not a regular file (symbolic links and other special files are not allowed)");
                }
                collide(folded, name, dir, full);
                if (dir) continue;
                if (e.getMethod() != ZipArchiveEntry.STORED && e.getMethod() != ZipArchiveEntry.DEFLATED) {
                    throw invalid(Shown.of(full) + ": compression method " + e.getMethod() + " (only store and deflate)");
                }
                String base = name.substring(name.lastIndexOf('/') + 1);
                if (base.equalsIgnoreCase("go.mod")) {
                    if (!base.equals(name)) throw invalid(Shown.of(full) + ": go.mod file not in module root directory (nested modules are separate modules)");
                    if (!name.equals("go.mod")) throw invalid(Shown.of(full) + ": go.mod files must have lowercase names");
                    goModEntry = e;
                }
                if (vendored(name)) throw invalid(Shown.of(full) + ": file is in a vendored package (vendor/ is not part of a module zip)");
                long size = e.getSize();
                if (size < 0 || size > MAX_ZIP - total) {
                    throw invalid("total uncompressed size of module contents too large (max size is " + MAX_ZIP + " bytes)");
                }
                total += size;
                if (name.equals("go.mod") && size > MAX_GO_MOD) throw invalid(Shown.of(full) + ": go.mod file too large (max size is " + MAX_GO_MOD + " bytes)");
                if (name.equals("LICENSE") && size > MAX_LICENSE) throw invalid(Shown.of(full) + ": LICENSE file too large (max size is " + MAX_LICENSE + " bytes)");
                files++;
            }
            String hash = hash(zip, entries);
            byte[] goMod = goModEntry == null ? null : readAll(zip, goModEntry);
            return new ModuleZip(hash, goMod, files, total);
        } catch (DepotException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw invalid("not a valid zip archive: " + e.getMessage());
        }
    }

    /** dirhash's Hash1: the SHA-256 of the lines "hex(SHA-256(file))  name\n" over every entry, names sorted as bytes. */
    private static String hash(ZipFile zip, List<ZipArchiveEntry> entries) throws IOException {
        List<ZipArchiveEntry> sorted = new ArrayList<>(entries);
        sorted.sort((a, b) -> Arrays.compareUnsigned(a.getName().getBytes(StandardCharsets.UTF_8),
                b.getName().getBytes(StandardCharsets.UTF_8)));
        MessageDigest summary = sha256();
        byte[] buffer = new byte[64 * 1024];
        for (ZipArchiveEntry e : sorted) {
            MessageDigest file = sha256();
            long read = 0;
            if (!e.isDirectory()) {
                try (InputStream in = zip.getInputStream(e)) {
                    for (int n; (n = in.read(buffer)) > 0; ) {
                        read += n;
                        if (read > e.getSize()) break;
                        file.update(buffer, 0, n);
                    }
                }
                if (read != e.getSize()) throw invalid(Shown.of(e.getName()) + ": uncompressed size does not match the size its header declares");
            }
            summary.update((HexFormat.of().formatHex(file.digest()) + "  " + e.getName() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return "h1:" + Base64.getEncoder().encodeToString(summary.digest());
    }

    /** The {@code h1:} hash go.sum gives a go.mod ({@code …/go.mod h1:}): dirhash of the one file named go.mod. */
    static String goModHash(byte[] goMod) {
        MessageDigest summary = sha256();
        String line = HexFormat.of().formatHex(sha256().digest(goMod)) + "  go.mod\n";
        return "h1:" + Base64.getEncoder().encodeToString(summary.digest(line.getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] readAll(ZipFile zip, ZipArchiveEntry e) throws IOException {
        try (InputStream in = zip.getInputStream(e)) {
            return in.readNBytes((int) Math.min(e.getSize(), MAX_GO_MOD));
        }
    }

    /** Files in a directory under vendor/ are vendored packages, which the go command leaves out of module zips. */
    private static boolean vendored(String name) {
        int at = name.startsWith("vendor/") ? "vendor/".length()
                : name.contains("/vendor/") ? name.indexOf("/vendor/") + "/vendor/".length() : -1;
        return at >= 0 && name.indexOf('/', at) >= 0;
    }

    /** A path already in the zip, as written, and whether it is a directory. */
    private record Seen(String path, boolean dir) {}

    private static void collide(Map<String, Seen> folded, String path, boolean dir, String full) {
        for (String p = path; ; ) {
            String key = p.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
            Seen other = folded.get(key);
            if (other != null) {
                if (!other.path().equals(p)) throw invalid(Shown.of(full) + ": case-insensitive file name collision: \""
                        + Shown.of(other.path()) + "\" and \"" + Shown.of(p) + "\"");
                if (other.dir() != dir) throw invalid(Shown.of(full) + ": entry \"" + Shown.of(p) + "\" is both a file and a directory");
                if (!dir) throw invalid(Shown.of(full) + ": multiple entries for file \"" + Shown.of(p) + "\"");
            } else {
                folded.put(key, new Seen(p, dir));
            }
            int slash = p.lastIndexOf('/');
            if (slash < 0) return;
            p = p.substring(0, slash);
            dir = true;
        }
    }

    private static boolean clean(String name) {
        if (name.startsWith("/")) return false;
        for (String elem : name.split("/", -1)) {
            if (elem.isEmpty() || elem.equals(".") || elem.equals("..")) return false;
        }
        return true;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static DepotException invalid(String message) { return new DepotException.Invalid(message); }
}
