package depot.format.rubygems;

import depot.core.model.Package;
import depot.core.model.PackageFile;
import java.util.LinkedHashSet;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * How a gem is stored: one package per name and version, one file per platform ({@code name-1.0.gem},
 * {@code name-1.0-java.gem}) whose metadata is that platform's whole specification; the package's metadata holds
 * what the detail page shows and the platforms yanked.
 */
final class GemPackages {
    static final ObjectMapper JSON = JsonMapper.builder().build();

    private GemPackages() {}

    /** A file's specification, or null for a file that is not a gem of this format. */
    static GemSpec spec(PackageFile f) {
        if (f.metadata() == null) return null;
        try {
            return JSON.readValue(f.metadata(), GemSpec.class);
        } catch (JacksonException e) {
            return null;
        }
    }

    static String fileMetadata(GemSpec spec) {
        return JSON.writeValueAsString(spec);
    }

    /** The platforms of this version that were yanked. */
    static Set<String> yanked(Package p) {
        Set<String> out = new LinkedHashSet<>();
        if (p.metadata() == null) return out;
        JsonNode node = JSON.readTree(p.metadata()).path("yanked");
        node.forEach(n -> out.add(n.asString()));
        return out;
    }

    /** The package's metadata after a push of {@code spec}: the newest push describes it; the platform is back. */
    static String afterPush(String stored, GemSpec spec) {
        ObjectNode meta = stored == null ? JSON.createObjectNode() : (ObjectNode) JSON.readTree(stored);
        meta.put("summary", spec.summary());
        meta.put("description", spec.description());
        meta.put("homepage", spec.homepage());
        meta.set("authors", JSON.valueToTree(spec.authors()));
        meta.set("licenses", JSON.valueToTree(spec.licenses()));
        meta.set("metadata", JSON.valueToTree(spec.metadata()));
        meta.put("required_ruby_version", String.join(", ", spec.requiredRuby().stream().map(GemSpec.Req::toString).toList()));
        ArrayNode yanked = JSON.createArrayNode();
        meta.path("yanked").forEach(n -> {
            if (!n.asString().equals(spec.platform())) yanked.add(n.asString());
        });
        meta.set("yanked", yanked);
        return JSON.writeValueAsString(meta);
    }

    /** The package's metadata with {@code platform} yanked. */
    static String afterYank(String stored, String platform) {
        ObjectNode meta = stored == null ? JSON.createObjectNode() : (ObjectNode) JSON.readTree(stored);
        Set<String> yanked = new LinkedHashSet<>();
        meta.path("yanked").forEach(n -> yanked.add(n.asString()));
        yanked.add(platform);
        meta.set("yanked", JSON.valueToTree(yanked));
        return JSON.writeValueAsString(meta);
    }
}
