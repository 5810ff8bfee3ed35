package depot.format.npm;

import static depot.format.npm.NpmFormat.TYPE;
import static depot.format.npm.NpmRequests.holder;
import static depot.format.npm.NpmRequests.projectOf;
import static depot.format.npm.NpmRequests.visible;

import depot.core.error.DepotException;
import depot.core.model.ChangeStamp;
import depot.core.model.Package;
import depot.core.model.Project;
import depot.core.packages.PackageReads;
import depot.http.FormatRequest;
import depot.http.Uploads;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.semver4j.Semver;
import tools.jackson.databind.JsonNode;

/** {@code npm dist-tag ls|add|rm} below {@code /-/package/}; at group and instance endpoints on the name's holder. */
final class NpmDistTags {
    static final Pattern TAG = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    /** {@code <name>/dist-tags[/<tag>]} below {@code /-/package/}. */
    private record TagPath(NpmName name, String tag) {
        static TagPath parse(String raw) {
            String path = NpmName.unescape(raw);
            int at = path.lastIndexOf("/dist-tags");
            if (at < 0) throw new DepotException.NotFound("not found");
            String rest = path.substring(at + "/dist-tags".length());
            String tag = rest.isEmpty() ? null : rest.substring(1);
            if (tag != null && !TAG.matcher(tag).matches()) throw new DepotException.Invalid("invalid tag name: " + tag);
            return new TagPath(NpmName.parse(path.substring(0, at)), tag);
        }
    }

    void listTags(FormatRequest req) {
        TagPath path = TagPath.parse(req.path("path"));
        ChangeStamp stamp = holder(req, path.name());
        PackageReads packages = req.services().reads();
        Map<Long, String> versions = new java.util.HashMap<>();
        visible(packages.versions(List.of(stamp.projectId()), TYPE, path.name().full()))
                .forEach(p -> versions.put(p.id(), p.version()));
        Map<String, String> tags = new LinkedHashMap<>();
        packages.tags(stamp.projectId(), TYPE, path.name().full()).forEach((tag, id) -> {
            if (versions.containsKey(id)) tags.put(tag, versions.get(id));
        });
        req.ctx().json(tags);
    }

    void putTag(FormatRequest req) throws IOException {
        TagPath path = TagPath.parse(req.path("path"));
        if (path.tag() == null) throw new DepotException.Invalid("a tag name is required");
        Project project = req.project();
        byte[] body = Uploads.body(req.ctx()).readNBytes(4097);
        if (body.length > 4096) throw new DepotException.Invalid("the body must be a version string");
        String version = parseVersionBody(new String(body, StandardCharsets.UTF_8));
        if (Semver.isValid(path.tag())) throw new DepotException.Invalid("a tag name may not be a version: " + path.tag());
        Package pkg = req.services().reads().find(project.id(), TYPE, path.name().full(), version)
                .filter(PackageReads::isVisible)
                .orElseThrow(() -> new DepotException.NotFound("version " + version + " of " + path.name() + " not found"));
        // moving a tag changes what clients install: a protected name's rule for pushing applies
        req.services().packages().protection().requirePush(project, TYPE, pkg.name(), pkg.normalizedName(), req.principal());
        req.services().packages().setTag(pkg, path.tag());
        req.ctx().status(200).json(Map.of("ok", true));
    }

    private static final tools.jackson.databind.ObjectMapper TAG_BODY = depot.http.BoundedJson.mapper(16);

    private static String parseVersionBody(String body) {
        String text = body.trim();
        try {
            JsonNode node = TAG_BODY.readTree(text);
            if (node.isString()) text = node.asString();
        } catch (tools.jackson.core.JacksonException e) {
            // npm sends a JSON string; a bare version is accepted too
        }
        if (!Semver.isValid(text)) throw new DepotException.Invalid("not a valid version: " + text);
        return text;
    }

    void deleteTag(FormatRequest req) {
        TagPath path = TagPath.parse(req.path("path"));
        if (path.tag() == null) throw new DepotException.Invalid("a tag name is required");
        if (path.tag().equals("latest")) throw new DepotException.Invalid("the latest tag cannot be removed");
        Project project = req.project();
        req.services().packages().protection().requirePush(project, TYPE, path.name().full(), path.name().full(),
                req.principal());
        if (!req.services().packages().deleteTag(project.id(), TYPE, path.name().full(), path.tag())) {
            throw new DepotException.NotFound("tag " + path.tag() + " not found");
        }
        req.ctx().status(200).json(Map.of("ok", true));
    }

    /** At a group or the instance: the project whose tags change, the one that holds the name there. */
    static Project holderProject(FormatRequest req) {
        NpmName name = TagPath.parse(req.path("path")).name();
        return projectOf(req, holder(req, name));
    }
}
