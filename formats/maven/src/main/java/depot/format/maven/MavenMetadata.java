package depot.format.maven;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.maven.artifact.versioning.ComparableVersion;

/**
 * Renders maven-metadata.xml from the database's view of a package: the artifact-level document (versions in
 * Maven's order, latest, release) and the version-level document of a SNAPSHOT (the newest timestamped build and
 * one snapshotVersion per classifier and extension). Pure; the output is byte-stable for golden tests.
 */
public final class MavenMetadata {
    private static final DateTimeFormatter LAST_UPDATED =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);
    public static final Comparator<String> VERSION_ORDER = Comparator.comparing(ComparableVersion::new);

    private MavenMetadata() {}

    /** A plugin of a groupId, as the group-level document lists it for {@code mvn prefix:goal}. */
    public record Plugin(String name, String prefix, String artifactId) {}

    public static String artifact(String groupId, String artifactId, List<String> versions, long lastUpdated) {
        return artifact(groupId, artifactId, versions, lastUpdated, List.of());
    }

    /**
     * The document at {@code <path>/maven-metadata.xml}: the versions of the artifact at that path, if any, and the
     * plugins of the groupId at that path (Maven reads both kinds from the same URL), if any.
     */
    public static String artifact(String groupId, String artifactId, List<String> versions, long lastUpdated,
                                  List<Plugin> plugins) {
        if (versions.isEmpty()) return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<metadata>\n" + plugins(plugins)
                + "</metadata>\n";
        List<String> sorted = versions.stream().distinct().sorted(VERSION_ORDER).toList();
        String latest = sorted.isEmpty() ? null : sorted.get(sorted.size() - 1);
        String release = sorted.stream().filter(v -> !v.endsWith("-SNAPSHOT")).reduce((a, b) -> b).orElse(null);
        StringBuilder sb = new StringBuilder();
        sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<metadata>\n");
        sb.append("  <groupId>").append(xml(groupId)).append("</groupId>\n");
        sb.append("  <artifactId>").append(xml(artifactId)).append("</artifactId>\n");
        sb.append("  <versioning>\n");
        if (latest != null) sb.append("    <latest>").append(xml(latest)).append("</latest>\n");
        if (release != null) sb.append("    <release>").append(xml(release)).append("</release>\n");
        sb.append("    <versions>\n");
        for (String v : sorted) sb.append("      <version>").append(xml(v)).append("</version>\n");
        sb.append("    </versions>\n");
        sb.append("    <lastUpdated>").append(LAST_UPDATED.format(Instant.ofEpochMilli(lastUpdated))).append("</lastUpdated>\n");
        sb.append("  </versioning>\n").append(plugins(plugins)).append("</metadata>\n");
        return sb.toString();
    }

    /** The {@code <plugins>} element, ordered by prefix; empty for no plugins. */
    private static String plugins(List<Plugin> plugins) {
        if (plugins.isEmpty()) return "";
        StringBuilder sb = new StringBuilder("  <plugins>\n");
        plugins.stream().sorted(Comparator.comparing(Plugin::prefix).thenComparing(Plugin::artifactId)).forEach(p -> {
            sb.append("    <plugin>\n");
            sb.append("      <name>").append(xml(p.name())).append("</name>\n");
            sb.append("      <prefix>").append(xml(p.prefix())).append("</prefix>\n");
            sb.append("      <artifactId>").append(xml(p.artifactId())).append("</artifactId>\n");
            sb.append("    </plugin>\n");
        });
        return sb.append("  </plugins>\n").toString();
    }

    /** A file of a SNAPSHOT build, e.g. {@code lib-1.0-20261126.101010-3-sources.jar}. */
    record SnapshotFile(String timestamp, int build, String classifier, String extension) {}

    static SnapshotFile parseSnapshotFile(String artifactId, String version, String fileName) {
        String base = version.substring(0, version.length() - "-SNAPSHOT".length());
        Pattern p = Pattern.compile(Pattern.quote(artifactId + "-" + base + "-")
                + "(\\d{8}\\.\\d{6})-(\\d+)(?:-([^.]+))?\\.(.+)");
        Matcher m = p.matcher(fileName);
        if (!m.matches()) return null;
        return new SnapshotFile(m.group(1), Integer.parseInt(m.group(2)), m.group(3), m.group(4));
    }

    public static String snapshot(String groupId, String artifactId, String version, List<String> fileNames,
                                  long lastUpdated) {
        List<SnapshotFile> files = fileNames.stream().map(f -> parseSnapshotFile(artifactId, version, f))
                .filter(f -> f != null && !MavenPath.CHECKSUMS.stream().anyMatch(c -> f.extension().endsWith(c.substring(1))))
                .toList();
        SnapshotFile newest = files.stream()
                .max(Comparator.comparing(SnapshotFile::timestamp).thenComparingInt(SnapshotFile::build)).orElse(null);
        String base = version.substring(0, version.length() - "-SNAPSHOT".length());
        String updated = LAST_UPDATED.format(Instant.ofEpochMilli(lastUpdated));
        StringBuilder sb = new StringBuilder();
        sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<metadata modelVersion=\"1.1.0\">\n");
        sb.append("  <groupId>").append(xml(groupId)).append("</groupId>\n");
        sb.append("  <artifactId>").append(xml(artifactId)).append("</artifactId>\n");
        sb.append("  <version>").append(xml(version)).append("</version>\n");
        sb.append("  <versioning>\n");
        if (newest != null) {
            sb.append("    <snapshot>\n      <timestamp>").append(newest.timestamp()).append("</timestamp>\n");
            sb.append("      <buildNumber>").append(newest.build()).append("</buildNumber>\n    </snapshot>\n");
        }
        sb.append("    <lastUpdated>").append(updated).append("</lastUpdated>\n");
        sb.append("    <snapshotVersions>\n");
        files.stream()
                .filter(f -> newest != null && f.timestamp().equals(newest.timestamp()) && f.build() == newest.build())
                .sorted(Comparator.comparing((SnapshotFile f) -> f.classifier() == null ? "" : f.classifier())
                        .thenComparing(SnapshotFile::extension))
                .forEach(f -> {
                    sb.append("      <snapshotVersion>\n");
                    if (f.classifier() != null) {
                        sb.append("        <classifier>").append(xml(f.classifier())).append("</classifier>\n");
                    }
                    sb.append("        <extension>").append(xml(f.extension())).append("</extension>\n");
                    sb.append("        <value>").append(base).append('-').append(f.timestamp()).append('-')
                            .append(f.build()).append("</value>\n");
                    sb.append("        <updated>").append(updated).append("</updated>\n");
                    sb.append("      </snapshotVersion>\n");
                });
        sb.append("    </snapshotVersions>\n  </versioning>\n</metadata>\n");
        return sb.toString();
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
