package depot.format.debian;

import depot.core.error.DepotException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A source package's {@code .dsc} or an upload's {@code .changes}: one deb822 paragraph, possibly inside an OpenPGP
 * cleartext signature (which is taken off, not checked: Depot's own Release signature is what apt verifies), with the
 * files it names and their checksums ({@code Files}, {@code Checksums-Sha1}, {@code Checksums-Sha256}). At most 1 MiB
 * and {@link #MAX_FILES} files; every name a plain file name.
 */
record SourceControl(Control control, Map<String, Listed> files) {
    static final int MAX_BYTES = 1 << 20;
    static final int MAX_FILES = 200;
    static final Pattern FILE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.+~_-]{0,250}");

    /** A file the paragraph names: its size and hashes (null where it gives none). */
    record Listed(String name, long size, String md5, String sha1, String sha256) {}

    static SourceControl parse(byte[] bytes, String what) {
        if (bytes.length > MAX_BYTES) throw invalid(what + " is larger than 1 MiB");
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw invalid(what + " is not UTF-8");
        }
        return of(Control.parse(unsigned(text, what)), what);
    }

    /** The files a paragraph names (a .dsc kept in a file's metadata is read back this way). */
    static SourceControl of(Control c, String what) {
        Map<String, Listed> files = new LinkedHashMap<>();
        Map<String, String[]> md5 = lines(c, "Files", 32, what), sha1 = lines(c, "Checksums-Sha1", 40, what),
                sha256 = lines(c, "Checksums-Sha256", 64, what);
        if (sha256.isEmpty()) throw invalid(what + " has no Checksums-Sha256 field");
        for (Map.Entry<String, String[]> e : sha256.entrySet()) {
            String name = e.getKey();
            long size = Long.parseLong(e.getValue()[1]);
            for (Map<String, String[]> other : List.of(md5, sha1)) {
                String[] o = other.get(name);
                if (!other.isEmpty() && (o == null || Long.parseLong(o[1]) != size)) {
                    throw invalid(what + " lists " + Control.shown(name) + " with different sizes or not in every checksum field");
                }
            }
            files.put(name, new Listed(name, size, md5.containsKey(name) ? md5.get(name)[0] : null,
                    sha1.containsKey(name) ? sha1.get(name)[0] : null, e.getValue()[0]));
        }
        if (!md5.isEmpty() && md5.size() != sha256.size()) throw invalid(what + ": Files and Checksums-Sha256 list different files");
        return new SourceControl(c, files);
    }

    /** The paragraph of a cleartext-signed message (RFC 4880 §7), or the text itself when it is not signed. */
    static String unsigned(String text, String what) {
        if (!text.startsWith("-----BEGIN PGP SIGNED MESSAGE-----")) return text;
        String[] lines = text.split("\r?\n", -1);
        int i = 1;
        while (i < lines.length && !lines[i].isEmpty()) i++;   // the armor headers (Hash: …)
        StringBuilder body = new StringBuilder();
        for (i++; i < lines.length; i++) {
            if (lines[i].equals("-----BEGIN PGP SIGNATURE-----")) return body.toString();
            body.append(lines[i].startsWith("- ") ? lines[i].substring(2) : lines[i]).append('\n');
        }
        throw invalid(what + " starts a signed message that has no signature");
    }

    /** A checksum field's lines: name → {hash, size}. */
    private static Map<String, String[]> lines(Control c, String field, int hexLength, String what) {
        Map<String, String[]> out = new LinkedHashMap<>();
        String value = c.get(field);
        if (value == null) return out;
        // a .changes' Files lines also name the section and priority before the file
        Pattern line = Pattern.compile("([0-9a-f]{" + hexLength + "}) +([0-9]{1,15})"
                + (field.equals("Files") ? "(?: +\\S+ +\\S+)?" : "") + " +(\\S+)");
        List<String> rows = new ArrayList<>(List.of(value.split("\n")));
        rows.removeIf(String::isBlank);
        if (rows.size() > MAX_FILES) throw invalid(what + " lists more than " + MAX_FILES + " files");
        for (String row : rows) {
            var m = line.matcher(row.strip());
            if (!m.matches()) throw invalid(what + ": malformed " + field + " line " + Control.shown(row.strip()));
            String name = m.group(3);
            if (!FILE.matcher(name).matches() || name.contains("..")) throw invalid(what + " names an invalid file " + Control.shown(name));
            if (out.put(name, new String[] {m.group(1), m.group(2)}) != null) throw invalid(what + " lists " + Control.shown(name) + " twice");
        }
        return out;
    }

    private static DepotException invalid(String message) { return new DepotException.Invalid(message); }
}
