package depot.format.debian;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A binary package's paragraph of a {@code Packages} index, as dpkg-scanpackages writes it: the package's control
 * fields with {@code Filename}, {@code Size}, {@code MD5sum}, {@code SHA1} and {@code SHA256} added, known fields in
 * dpkg's order for package indexes, the others after them sorted by name; empty fields left out, continuation
 * lines written back as dpkg writes them.
 */
final class PackagesStanza {
    /** dpkg's field order for a package index paragraph (Dpkg::Control::FieldsCore, CTRL_INDEX_PKG). */
    static final List<String> ORDER = List.of("package", "package-type", "source", "version", "kernel-version",
            "built-for-profiles", "auto-built-package", "architecture", "subarchitecture", "installer-menu-item",
            "build-essential", "essential", "protected", "origin", "bugs", "maintainer", "installed-size",
            "pre-depends", "depends", "recommends", "suggests", "enhances", "conflicts", "breaks", "replaces",
            "provides", "built-using", "static-built-using", "filename", "size", "md5sum", "sha1", "sha256",
            "section", "priority", "multi-arch", "homepage", "description", "tag", "task");
    /** Fields the index computes, whatever the control file says. */
    private static final List<String> COMPUTED = List.of("filename", "size", "md5sum", "sha1", "sha256");

    private PackagesStanza() {}

    /** The paragraph, each line ending in a newline (no blank line after it). */
    static String render(Control control, String filename, long size, String md5, String sha1, String sha256) {
        Map<String, String> names = control.names();
        List<String[]> fields = new ArrayList<>();
        for (String key : ORDER) {
            switch (key) {
                case "filename" -> fields.add(new String[] {"Filename", filename});
                case "size" -> fields.add(new String[] {"Size", Long.toString(size)});
                case "md5sum" -> fields.add(new String[] {"MD5sum", md5});
                case "sha1" -> fields.add(new String[] {"SHA1", sha1});
                case "sha256" -> fields.add(new String[] {"SHA256", sha256});
                default -> {
                    if (names.containsKey(key)) fields.add(new String[] {names.get(key), control.get(key)});
                }
            }
        }
        // the others after them, sorted by name as written (dpkg's output order for fields it does not know)
        names.entrySet().stream().filter(e -> !ORDER.contains(e.getKey()) && !COMPUTED.contains(e.getKey()))
                .map(Map.Entry::getValue).sorted()
                .forEach(name -> fields.add(new String[] {name, control.get(name)}));
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (String[] f : fields) out.put(f[0], f[1]);
        return write(out);
    }

    /** Fields as dpkg writes a paragraph: empty ones left out, continuation lines indented, empty lines as " .". */
    static String write(Map<String, String> fields) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, String> e : fields.entrySet()) {
            String[] f = {e.getKey(), e.getValue()};
            if (f[1] == null || f[1].isBlank()) continue;   // dpkg leaves empty fields out of an index
            String[] lines = f[1].split("\n", -1);
            b.append(f[0]).append(':');
            if (!lines[0].isEmpty()) b.append(' ').append(lines[0]);
            b.append('\n');
            for (int i = 1; i < lines.length; i++) {
                String line = lines[i];
                b.append(line.isEmpty() || line.chars().allMatch(ch -> ch == '.') ? " ." : " ").append(line).append('\n');
            }
        }
        return b.toString();
    }
}
