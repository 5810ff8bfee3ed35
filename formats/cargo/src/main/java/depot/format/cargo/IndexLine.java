package depot.format.cargo;

import depot.core.error.DepotException;
import depot.core.error.Shown;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One line of a crate's index file, from the publish metadata: dependencies with {@code req} (and, when renamed, the
 * new name in {@code name} and the crate in {@code package}), the checksum the registry computed, features with the
 * extended syntax ({@code dep:}, {@code ?/}) in {@code features2} and {@code v: 2}, {@code links} and
 * {@code rust_version}. Pure: the same metadata always gives the same bytes.
 */
final class IndexLine {
    static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final Set<String> KINDS = Set.of("normal", "dev", "build");
    private static final int MAX_DEPS = 1_000;
    /** Semantic Versioning 2.0.0, as cargo requires it (no "v", no missing parts). */
    static final java.util.regex.Pattern SEMVER = java.util.regex.Pattern.compile("(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)"
            + "(?:-(?:0|[1-9]\\d*|\\d*[A-Za-z-][0-9A-Za-z-]*)(?:\\.(?:0|[1-9]\\d*|\\d*[A-Za-z-][0-9A-Za-z-]*))*)?"
            + "(?:\\+[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?");
    /** One clause of a cargo version requirement: an operator and a (partial, possibly wildcard) version. */
    private static final java.util.regex.Pattern REQ_CLAUSE = java.util.regex.Pattern.compile(
            "\\s*(?:\\*|(?:=|>=|<=|>|<|~|\\^)?\\s*\\d+(?:\\.(?:\\d+|\\*|x|X))?(?:\\.(?:\\d+|\\*|x|X))?"
            + "(?:-[0-9A-Za-z.-]+)?(?:\\+[0-9A-Za-z.-]+)?)\\s*");
    private static final java.util.regex.Pattern FEATURE = java.util.regex.Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_+.-]{0,99}");
    private static final java.util.regex.Pattern RUST_VERSION = java.util.regex.Pattern.compile("\\d{1,4}(?:\\.\\d{1,4}){0,2}");
    private static final java.util.regex.Pattern FEATURE_VALUE = java.util.regex.Pattern.compile(
            "(?:dep:)?[A-Za-z0-9_][A-Za-z0-9_+.-]{0,99}(?:\\??/[A-Za-z0-9_][A-Za-z0-9_+.-]{0,99})?");

    private IndexLine() {}

    static ObjectNode of(JsonNode publish, String cksum) {
        ObjectNode line = JSON.createObjectNode();
        line.put("name", publish.path("name").asString());
        line.put("vers", publish.path("vers").asString());
        ArrayNode deps = line.putArray("deps");
        JsonNode given = publish.path("deps");
        if (given.size() > MAX_DEPS) throw invalid("more than " + MAX_DEPS + " dependencies");
        for (JsonNode d : given) deps.add(dependency(d));
        line.put("cksum", cksum);
        ObjectNode features = line.putObject("features");
        ObjectNode features2 = JSON.createObjectNode();
        JsonNode given2 = publish.path("features");
        if (!given2.isMissingNode() && !given2.isNull() && !given2.isObject()) throw invalid("features is not an object");
        for (Map.Entry<String, JsonNode> f : given2.properties()) {
            if (!FEATURE.matcher(f.getKey()).matches()) throw invalid("invalid feature name `" + Shown.of(f.getKey()) + "`");
            if (!f.getValue().isArray()) throw invalid("feature `" + f.getKey() + "` is not a list");
            ArrayNode values = JSON.createArrayNode();
            boolean extended = false;
            for (JsonNode v : f.getValue()) {
                String s = v.isString() ? v.asString() : "";
                if (!FEATURE_VALUE.matcher(s).matches()) {
                    throw invalid("feature `" + f.getKey() + "` enables `" + Shown.of(s) + "`, which is not a feature");
                }
                extended |= s.startsWith("dep:") || s.contains("?/");
                values.add(s);
            }
            (extended ? features2 : features).set(f.getKey(), values);
        }
        line.put("yanked", false);
        JsonNode links = publish.path("links");
        if (links.isString() && CrateName.isValid(links.asString().replace('.', '_'))) line.put("links", links.asString());
        else if (links.isMissingNode() || links.isNull()) line.putNull("links");
        else throw invalid("links is not a library name");
        line.put("v", features2.isEmpty() ? 1 : 2);
        if (!features2.isEmpty()) line.set("features2", features2);
        JsonNode rust = publish.path("rust_version");
        if (rust.isString() && RUST_VERSION.matcher(rust.asString()).matches()) line.put("rust_version", rust.asString());
        else if (!rust.isMissingNode() && !rust.isNull()) throw invalid("rust_version is not a version like 1.70");
        return line;
    }

    private static ObjectNode dependency(JsonNode d) {
        String crate = d.path("name").asString("");
        CrateName.require(crate);
        String renamed = d.path("explicit_name_in_toml").isString() ? d.path("explicit_name_in_toml").asString() : null;
        if (renamed != null) CrateName.require(renamed);
        String req = d.path("version_req").asString("");
        if (req.isBlank() || req.length() > 200 || !java.util.Arrays.stream(req.split(",", -1))
                .allMatch(c -> REQ_CLAUSE.matcher(c).matches())) {
            throw invalid("dependency `" + crate + "` has an invalid version requirement `" + Shown.of(req) + "`");
        }
        String kind = d.path("kind").asString("normal");
        if (!KINDS.contains(kind)) throw invalid("dependency `" + crate + "` has an unknown kind");
        ObjectNode dep = JSON.createObjectNode();
        dep.put("name", renamed != null ? renamed : crate);
        dep.put("req", req);
        ArrayNode features = dep.putArray("features");
        for (JsonNode f : d.path("features")) {
            if (!f.isString() || !FEATURE_VALUE.matcher(f.asString()).matches()) {
                throw invalid("dependency `" + crate + "` enables a feature that is not a name");
            }
            features.add(f.asString());
        }
        dep.put("optional", d.path("optional").asBoolean(false));
        dep.put("default_features", d.path("default_features").asBoolean(true));
        if (d.path("target").isString() && d.path("target").asString().length() <= 200) dep.put("target", d.path("target").asString());
        else dep.putNull("target");
        dep.put("kind", kind);
        if (d.path("registry").isString()) dep.put("registry", d.path("registry").asString());
        if (renamed != null) dep.put("package", crate);
        return dep;
    }

    /** The index line as served: the stored line with its {@code yanked} flag. */
    static String render(JsonNode stored, boolean yanked) {
        return render(stored, yanked, null);
    }

    /**
     * As {@link #render(JsonNode, boolean)}, served by an index that also serves every registry of this server
     * ({@code local}: its host and {@code /api/v4/}, e.g. {@code depot.example/api/v4/}; a group's or the instance's
     * index serves its projects' crates): a dependency on a sparse registry there (by either scheme) is written
     * without {@code registry}, the index's own, so a user of the group index needs no other.
     */
    static String render(JsonNode stored, boolean yanked, String local) {
        ObjectNode line = (ObjectNode) stored.deepCopy();
        line.put("yanked", yanked);
        if (local != null) {
            for (JsonNode dep : line.path("deps")) {
                String registry = dep.path("registry").asString("");
                if (registry.startsWith("sparse+http://" + local) || registry.startsWith("sparse+https://" + local)) {
                    ((ObjectNode) dep).remove("registry");
                }
            }
        }
        return JSON.writeValueAsString(line);
    }


    private static DepotException invalid(String message) { return new DepotException.Invalid(message); }
}
