package depot.format.debian;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.ar.ArArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream;
import org.apache.commons.io.input.BoundedInputStream;

/**
 * A binary package (.deb, .udeb, .ddeb) read as dpkg reads it, with every part bounded before it is held: an
 * {@code ar} archive of {@code debian-binary} (format 2.x), {@code control.tar} (plain, gzip, xz or zstd) and
 * {@code data.tar.*}, in that order, plus members whose names start with {@code _}. Only the control file is kept;
 * the data archive is passed over unread. Names, versions and architectures are checked as Debian policy has them.
 */
record DebFile(Control control) {
    static final long MAX_CONTROL_ARCHIVE = 16L << 20;
    static final long MAX_CONTROL_UNPACKED = 64L << 20;
    static final int MAX_CONTROL_FILE = 1 << 20;
    static final int MAX_CONTROL_ENTRIES = 1000;
    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9+.-]+");
    static final Pattern VERSION = Pattern.compile("(?:[0-9]{1,9}:)?[0-9][A-Za-z0-9.+~-]*");
    static final Pattern ARCHITECTURE = Pattern.compile("[a-z0-9][a-z0-9-]*");

    static DebFile read(InputStream in) throws IOException {
        Control control = null;
        boolean data = false;
        int members = 0;
        try (ArArchiveInputStream ar = new ArArchiveInputStream(in)) {
            for (ArArchiveEntry e; (e = ar.getNextEntry()) != null; ) {
                String name = e.getName().endsWith("/") ? e.getName().substring(0, e.getName().length() - 1) : e.getName();
                if (++members > 16) throw Control.invalid("the package has more than 16 ar members");
                if (members == 1) {
                    if (!name.equals("debian-binary") || e.getLength() > 16) {
                        throw Control.invalid("not a Debian binary package: its first member is not debian-binary");
                    }
                    String format = new String(ar.readNBytes(16), StandardCharsets.US_ASCII);
                    if (!format.startsWith("2.")) throw Control.invalid("unsupported .deb format " + Control.shown(format.strip()));
                } else if (name.startsWith("control.tar")) {
                    if (control != null || data) throw Control.invalid("control.tar is not the second member");
                    if (e.getLength() > MAX_CONTROL_ARCHIVE) throw Control.invalid("control.tar is larger than 16 MiB");
                    control = control(decompress(name, BoundedInputStream.builder().setInputStream(ar)
                            .setMaxCount(e.getLength()).setPropagateClose(false).get()));
                } else if (name.startsWith("data.tar")) {
                    if (control == null) throw Control.invalid("data.tar comes before control.tar");
                    if (data) throw Control.invalid("the package has two data members");
                    compression(name, "data.tar");
                    data = true;
                } else if (!name.startsWith("_")) {
                    throw Control.invalid("unexpected member " + Control.shown(name) + " in the package");
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            if (members == 0) throw Control.invalid("not a Debian binary package (not an ar archive)");
            throw Control.invalid("the package is damaged: " + (e.getMessage() == null ? "it ends too early" : e.getMessage()));
        }
        if (members == 0) throw Control.invalid("not a Debian binary package (not an ar archive)");
        if (control == null) throw Control.invalid("the package has no control.tar");
        if (!data) throw Control.invalid("the package has no data.tar");
        check(control);
        return new DebFile(control);
    }

    static void check(Control c) {
        checkName("Package", c.get("Package"));
        checkVersion("Version", c.get("Version"));
        String arch = c.get("Architecture");
        if (arch == null || arch.length() > 64 || !ARCHITECTURE.matcher(arch).matches()) {
            throw Control.invalid("Architecture " + (arch == null ? "is missing" : Control.shown(arch) + " is not a valid architecture"));
        }
    }

    /** Refuses a package name Debian policy does not allow; {@code field} names where it came from. */
    static void checkName(String field, String name) {
        if (name == null || name.length() > 128 || !NAME.matcher(name).matches()) {
            throw Control.invalid(field + " " + (name == null ? "is missing" : Control.shown(name) + " is not a valid package name "
                    + "(lower case letters, digits, + - and ., at least two, starting with a letter or digit)"));
        }
    }

    /** Refuses a version Debian policy does not allow. */
    static void checkVersion(String field, String version) {
        if (version == null || version.length() > 256 || !VERSION.matcher(version).matches() || version.endsWith("-")) {
            throw Control.invalid(field + " " + (version == null ? "is missing" : Control.shown(version) + " is not a valid Debian version"));
        }
    }

    /** The version as Debian file names carry it: without its epoch ({@code 2:1.0-1} is {@code 1.0-1}). */
    static String withoutEpoch(String version) {
        return version.replaceFirst("^[0-9]+:", "");
    }

    private static Control control(InputStream archive) throws IOException {
        BoundedInputStream unpacked = BoundedInputStream.builder().setInputStream(archive).setMaxCount(MAX_CONTROL_UNPACKED)
                .setPropagateClose(false).get();
        try {
            return controlIn(new TarArchiveInputStream(unpacked));
        } catch (IOException | IllegalArgumentException e) {
            if (unpacked.getCount() >= MAX_CONTROL_UNPACKED) throw Control.invalid("control.tar unpacks to more than 64 MiB");
            throw e;
        }
    }

    private static Control controlIn(TarArchiveInputStream tar) throws IOException {
        int entries = 0;
        for (TarArchiveEntry t; (t = tar.getNextEntry()) != null; ) {
            if (++entries > MAX_CONTROL_ENTRIES) throw Control.invalid("control.tar has more than " + MAX_CONTROL_ENTRIES + " entries");
            String name = t.getName().startsWith("./") ? t.getName().substring(2) : t.getName();
            if (!name.equals("control") || !t.isFile()) continue;
            if (t.getSize() > MAX_CONTROL_FILE) throw Control.invalid("the control file is larger than 1 MiB");
            byte[] bytes = tar.readNBytes((int) t.getSize());
            try {
                return Control.parse(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes)).toString());
            } catch (CharacterCodingException e) {
                throw Control.invalid("the control file is not UTF-8");
            }
        }
        throw Control.invalid("control.tar holds no control file");
    }

    private static InputStream decompress(String member, InputStream in) throws IOException {
        return switch (compression(member, "control.tar")) {
            case "" -> in;
            case ".gz" -> new GzipCompressorInputStream(in);
            case ".xz" -> new XZCompressorInputStream(in);
            default -> new ZstdCompressorInputStream(in);
        };
    }

    private static String compression(String member, String base) {
        String suffix = member.substring(base.length());
        if (!suffix.isEmpty() && !suffix.equals(".gz") && !suffix.equals(".xz") && !suffix.equals(".zst")) {
            throw Control.invalid(base + " compressed as " + Control.shown(suffix) + " (dpkg reads none, .gz, .xz or .zst)");
        }
        return suffix;
    }
}
