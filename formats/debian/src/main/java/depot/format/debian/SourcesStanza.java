package depot.format.debian;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A source package's paragraph of a {@code Sources} index, as dpkg-scansources writes it: the .dsc's fields with
 * {@code Source} renamed {@code Package}, {@code Directory} added, and the checksum fields listing the .dsc itself
 * first, then the files it names; known fields in dpkg's order for source indexes, the others after them.
 */
final class SourcesStanza {
    /** dpkg's field order for a source index paragraph (Dpkg::Control::FieldsCore, CTRL_INDEX_SRC). */
    static final List<String> ORDER = List.of("format", "package", "binary", "architecture", "version", "priority",
            "section", "origin", "maintainer", "uploaders", "homepage", "description", "standards-version",
            "vcs-browser", "vcs-arch", "vcs-bzr", "vcs-cvs", "vcs-darcs", "vcs-git", "vcs-hg", "vcs-mtn", "vcs-svn",
            "testsuite", "testsuite-triggers", "build-depends", "build-depends-arch", "build-depends-indep",
            "build-conflicts", "build-conflicts-arch", "build-conflicts-indep", "package-list", "directory",
            "checksums-md5", "checksums-sha1", "checksums-sha256", "files");
    private static final List<String> COMPUTED = List.of("source", "package", "directory", "checksums-md5",
            "checksums-sha1", "checksums-sha256", "files");

    private SourcesStanza() {}

    /** {@code files}: the .dsc first, then the files it names, each with its size and hashes. */
    static String render(Control dsc, String directory, List<SourceControl.Listed> files) {
        Map<String, String> names = dsc.names();
        List<String[]> fields = new ArrayList<>();
        for (String key : ORDER) {
            switch (key) {
                case "package" -> fields.add(new String[] {"Package", dsc.get("Source")});
                case "directory" -> fields.add(new String[] {"Directory", directory});
                case "checksums-md5" -> { }
                case "checksums-sha1" -> fields.add(new String[] {"Checksums-Sha1", list(files, SourceControl.Listed::sha1)});
                case "checksums-sha256" -> fields.add(new String[] {"Checksums-Sha256", list(files, SourceControl.Listed::sha256)});
                case "files" -> fields.add(new String[] {"Files", list(files, SourceControl.Listed::md5)});
                default -> {
                    if (names.containsKey(key)) fields.add(new String[] {names.get(key), dsc.get(key)});
                }
            }
        }
        names.entrySet().stream().filter(e -> !ORDER.contains(e.getKey()) && !COMPUTED.contains(e.getKey()))
                .map(Map.Entry::getValue).sorted()
                .forEach(name -> fields.add(new String[] {name, dsc.get(name)}));
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (String[] f : fields) out.put(f[0], f[1]);
        return PackagesStanza.write(out);
    }

    private static String list(List<SourceControl.Listed> files, java.util.function.Function<SourceControl.Listed, String> hash) {
        StringBuilder b = new StringBuilder();
        for (SourceControl.Listed f : files) b.append('\n').append(hash.apply(f)).append(' ').append(f.size()).append(' ').append(f.name());
        return b.toString();
    }
}
