package depot.format.npm;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The packument of one package name, rendered from the database: the full document ({@code application/json}) and
 * the abbreviated one installers ask for ({@code application/vnd.npm.install-v1+json}). Versions appear in the order
 * they were published; {@code dist} is always Depot's own (tarball URL, sha1, sha512 integrity).
 */
final class Packument {
    static final String ABBREVIATED = "application/vnd.npm.install-v1+json";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    /** The fields of a version an installer needs, as the public registry's abbreviated form keeps them. */
    private static final List<String> INSTALL_FIELDS = List.of("name", "version", "deprecated", "dependencies",
            "optionalDependencies", "devDependencies", "bundleDependencies", "peerDependencies", "peerDependenciesMeta",
            "bin", "directories", "engines", "_hasShrinkwrap", "cpu", "os", "libc", "funding", "acceptDependencies");
    private static final Set<String> INSTALL_SCRIPTS = Set.of("preinstall", "install", "postinstall");
    /** Top-level fields copied from the latest version's manifest into the full document. */
    private static final List<String> LATEST_FIELDS = List.of("description", "homepage", "keywords", "repository",
            "author", "bugs", "license", "maintainers");

    /** One published version: its stored manifest, readme, tarball digests and times. */
    record Version(String version, JsonNode manifest, String readme, String sha1, String sha512,
                   long createdAt, long updatedAt) {}

    private Packument() {}

    static ObjectNode full(NpmName name, List<Version> versions, Map<String, String> tags, String rev,
                           String tarballBase) {
        ObjectNode root = PublishBody.JSON.createObjectNode();
        root.put("_id", name.full());
        root.put("_rev", rev);
        root.put("name", name.full());
        tags = withLatest(versions, tags);
        root.set("dist-tags", distTags(tags));
        ObjectNode all = root.putObject("versions");
        for (Version v : versions) all.set(v.version(), fullVersion(name, v, tarballBase));
        ObjectNode time = root.putObject("time");
        time.put("created", format(versions.stream().mapToLong(Version::createdAt).min().orElse(0)));
        time.put("modified", format(modified(versions)));
        for (Version v : versions) time.put(v.version(), format(v.createdAt()));
        Version latest = latest(versions, tags);
        if (latest != null) {
            for (String field : LATEST_FIELDS) {
                if (latest.manifest().has(field)) root.set(field, latest.manifest().get(field));
            }
            root.put("readme", latest.readme() == null ? "" : latest.readme());
        }
        return root;
    }

    static ObjectNode abbreviated(NpmName name, List<Version> versions, Map<String, String> tags,
                                  String tarballBase) {
        ObjectNode root = PublishBody.JSON.createObjectNode();
        root.put("name", name.full());
        root.put("modified", format(modified(versions)));
        root.set("dist-tags", distTags(withLatest(versions, tags)));
        ObjectNode all = root.putObject("versions");
        for (Version v : versions) {
            ObjectNode out = all.putObject(v.version());
            for (String field : INSTALL_FIELDS) {
                if (v.manifest().has(field)) out.set(field, v.manifest().get(field));
            }
            out.put("name", name.full());
            out.put("version", v.version());
            if (hasInstallScript(v.manifest())) out.put("hasInstallScript", true);
            out.set("dist", dist(name, v, tarballBase));
        }
        // yarn 4 reads publish times to apply its minimum-age gate; the abbreviated form carries them too
        ObjectNode time = root.putObject("time");
        for (Version v : versions) time.put(v.version(), format(v.createdAt()));
        return root;
    }

    private static ObjectNode fullVersion(NpmName name, Version v, String tarballBase) {
        ObjectNode out = v.manifest().isObject() ? ((ObjectNode) v.manifest()).deepCopy()
                : PublishBody.JSON.createObjectNode();
        out.put("name", name.full());
        out.put("version", v.version());
        out.remove("readme");   // the readme lives beside the manifest and is shown once, for the latest version
        out.put("_id", name.full() + "@" + v.version());
        out.set("dist", dist(name, v, tarballBase));
        return out;
    }

    private static ObjectNode dist(NpmName name, Version v, String tarballBase) {
        ObjectNode dist = PublishBody.JSON.createObjectNode();
        dist.put("shasum", v.sha1());
        dist.put("integrity", "sha512-" + Base64.getEncoder().encodeToString(HexFormat.of().parseHex(v.sha512())));
        dist.put("tarball", tarballBase + "/" + name.full() + "/-/" + name.full() + "-" + v.version() + ".tgz");
        return dist;
    }

    /**
     * The tags, with {@code latest} on the highest release (the highest version when all are pre-releases) when no
     * version holds it any more (the one that did was deleted), as GitLab's packument does: without it, clients that
     * resolve the default tag find nothing to install.
     */
    static Map<String, String> withLatest(List<Version> versions, Map<String, String> tags) {
        if (tags.containsKey("latest") || versions.isEmpty()) return tags;
        org.semver4j.Semver best = null;
        String bestVersion = null;
        for (Version v : versions) {
            org.semver4j.Semver s = org.semver4j.Semver.parse(v.version());
            if (s == null) continue;
            boolean better = best == null || (best.getPreRelease().isEmpty() == s.getPreRelease().isEmpty()
                    ? s.isGreaterThan(best) : s.getPreRelease().isEmpty());
            if (better) {
                best = s;
                bestVersion = v.version();
            }
        }
        if (best == null) return tags;
        Map<String, String> out = new java.util.LinkedHashMap<>(tags);
        out.put("latest", bestVersion);
        return out;
    }

    private static ObjectNode distTags(Map<String, String> tags) {
        ObjectNode out = PublishBody.JSON.createObjectNode();
        tags.forEach(out::put);
        return out;
    }

    private static Version latest(List<Version> versions, Map<String, String> tags) {
        String wanted = tags.get("latest");
        Version last = null;
        for (Version v : versions) {
            if (v.version().equals(wanted)) return v;
            last = v;
        }
        return last;
    }

    private static long modified(List<Version> versions) {
        return versions.stream().mapToLong(Version::updatedAt).max().orElse(0);
    }

    private static boolean hasInstallScript(JsonNode manifest) {
        JsonNode scripts = manifest.path("scripts");
        return scripts.isObject() && INSTALL_SCRIPTS.stream().anyMatch(scripts::has);
    }

    static String format(long epochMillis) {
        return TIME.format(Instant.ofEpochMilli(epochMillis));
    }
}
