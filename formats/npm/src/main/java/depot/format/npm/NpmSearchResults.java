package depot.format.npm;

import depot.core.model.Package;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** The body of {@code GET /-/v1/search}: one object per name (its latest version), with the scores npm expects. */
final class NpmSearchResults {
    private NpmSearchResults() {}

    /** {@code page}: the latest versions to list; {@code total}: how many names matched; {@code now}: epoch millis. */
    static Map<String, Object> of(List<Package> page, int total, long now) {
        List<Map<String, Object>> objects = new ArrayList<>();
        page.forEach(p -> {
            JsonNode meta = p.metadata() == null ? PublishBody.JSON.createObjectNode()
                    : PublishBody.JSON.readTree(p.metadata());
            JsonNode manifest = meta.path("manifest");
            String publisher = meta.path("publisher").asString("unknown");
            Map<String, Object> pkg = new LinkedHashMap<>();
            pkg.put("name", p.name());
            pkg.put("version", p.version());
            pkg.put("description", manifest.path("description").asString(""));
            pkg.put("keywords", manifest.path("keywords").isArray() ? manifest.get("keywords") : List.of());
            pkg.put("date", Packument.format(p.createdAt()));
            pkg.put("links", Map.of());
            pkg.put("publisher", Map.of("username", publisher));
            pkg.put("maintainers", List.of(Map.of("username", publisher)));
            objects.add(Map.of("package", pkg, "score", Map.of("final", 1.0, "detail",
                    Map.of("quality", 1.0, "popularity", 1.0, "maintenance", 1.0)), "searchScore", 1.0));
        });
        return Map.of("objects", objects, "total", total, "time", Packument.format(now));
    }
}
