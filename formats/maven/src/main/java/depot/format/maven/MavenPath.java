package depot.format.maven;

import depot.core.error.DepotException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A request path inside a Maven repository, e.g. {@code com/acme/lib/1.0/lib-1.0.jar} or
 * {@code com/acme/lib/maven-metadata.xml.sha1}. Pure; refuses traversal and anything that is not a
 * coordinate path.
 *
 * @param groupPath  the groupId with dots as slashes ({@code com/acme}); for an artifact-level metadata path
 *                   this is everything before the artifactId
 * @param artifactId the artifact directory
 * @param version    the version directory, or null for artifact-level metadata
 * @param fileName   the last segment, checksum suffix included
 */
public record MavenPath(String groupPath, String artifactId, String version, String fileName) {
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_.+~-][A-Za-z0-9_.+~ -]{0,254}");
    public static final List<String> CHECKSUMS = List.of(".md5", ".sha1", ".sha256", ".sha512");
    public static final String METADATA = "maven-metadata.xml";

    public static MavenPath parse(String path) {
        String[] parts = path.split("/", -1);
        for (String p : parts) {
            if (!SEGMENT.matcher(p).matches() || p.equals(".") || p.equals("..") || p.contains("..")) {
                throw new DepotException.Invalid("not a Maven repository path: " + path);
            }
        }
        String file = parts[parts.length - 1];
        if (baseName(file).equals(METADATA)) {
            if (parts.length >= 4 && parts[parts.length - 2].endsWith("-SNAPSHOT")) {
                return of(parts, parts.length - 3, parts[parts.length - 2], file);
            }
            if (parts.length < 3) throw new DepotException.Invalid("not a Maven repository path: " + path);
            return of(parts, parts.length - 2, null, file);
        }
        if (parts.length < 4) throw new DepotException.Invalid("not a Maven repository path: " + path);
        return of(parts, parts.length - 3, parts[parts.length - 2], file);
    }

    private static MavenPath of(String[] parts, int artifactIndex, String version, String file) {
        String group = String.join("/", List.of(parts).subList(0, artifactIndex));
        return new MavenPath(group, parts[artifactIndex], version, file);
    }

    /** The package name as GitLab stores it: groupId path and artifactId ({@code com/acme/lib}). */
    public String packageName() { return groupPath + "/" + artifactId; }

    public String groupId() { return groupPath.replace('/', '.'); }

    public boolean metadata() { return baseName(fileName).equals(METADATA); }

    /** The checksum suffix ({@code .sha1} …) or null. */
    public String checksum() {
        return CHECKSUMS.stream().filter(fileName::endsWith).findFirst().orElse(null);
    }

    /** The file a checksum describes (the name without its checksum suffix). */
    public String target() { return baseName(fileName); }

    static String baseName(String file) {
        for (String c : CHECKSUMS) if (file.endsWith(c)) return file.substring(0, file.length() - c.length());
        return file;
    }
}
