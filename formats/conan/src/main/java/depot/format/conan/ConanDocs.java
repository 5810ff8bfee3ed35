package depot.format.conan;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON documents of Conan's REST API, as the Conan clients read them. Keys are written in a stable order so
 * that the answers can be compared byte for byte (golden tests).
 */
final class ConanDocs {
    static final String JSON_TYPE = "application/json";
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxxx").withZone(ZoneOffset.UTC);

    private ConanDocs() {}

    /** ISO 8601 with milliseconds and an offset, which Python's {@code fromisoformat} reads. */
    static String time(long epochMillis) { return TIME.format(Instant.ofEpochMilli(epochMillis)); }

    /** {@code GET …/latest}: {@code {"revision": …, "time": …}}. */
    static String revision(Recipe.Revision r) {
        return Recipe.JSON.writeValueAsString(revisionNode(r));
    }

    /** {@code GET …/revisions}: the reference and its revisions, newest first. */
    static String revisions(String reference, List<Recipe.Revision> revisions) {
        ObjectNode root = Recipe.JSON.createObjectNode();
        root.put("reference", reference);
        ArrayNode list = root.putArray("revisions");
        for (Recipe.Revision r : revisions) list.add(revisionNode(r));
        return Recipe.JSON.writeValueAsString(root);
    }

    private static ObjectNode revisionNode(Recipe.Revision r) {
        ObjectNode n = Recipe.JSON.createObjectNode();
        n.put("revision", r.revision());
        n.put("time", time(r.time()));
        return n;
    }

    /** v2 {@code GET …/files}: {@code {"files": {"conanfile.py": {}, …}}}. */
    static String fileList(Iterable<String> names) {
        ObjectNode root = Recipe.JSON.createObjectNode();
        ObjectNode files = root.putObject("files");
        for (String n : sorted(names)) files.putObject(n);
        return Recipe.JSON.writeValueAsString(root);
    }

    /** v1 snapshots ({@code file: md5}) and URL lists ({@code file: url}). */
    static String fileMap(Map<String, String> map) {
        ObjectNode root = Recipe.JSON.createObjectNode();
        new TreeMap<>(map).forEach(root::put);
        return Recipe.JSON.writeValueAsString(root);
    }

    /** {@code GET conans/search}: {@code {"results": ["name/version@user/channel", …]}}. */
    static String searchResults(List<String> references) {
        ObjectNode root = Recipe.JSON.createObjectNode();
        ArrayNode list = root.putArray("results");
        references.stream().sorted().forEach(list::add);
        return Recipe.JSON.writeValueAsString(root);
    }

    /**
     * A binary in a package search: Conan 2 reads {@code content} (the conaninfo.txt text); Conan 1 reads the
     * parsed {@code settings}, {@code options} and {@code requires}.
     */
    record Binary(String packageId, String conaninfo, Map<String, Object> parsed) {}

    static String packageSearch(List<Binary> binaries) {
        ObjectNode root = Recipe.JSON.createObjectNode();
        binaries.stream().sorted(java.util.Comparator.comparing(Binary::packageId)).forEach(b -> {
            ObjectNode n = root.putObject(b.packageId());
            n.set("settings", Recipe.JSON.valueToTree(b.parsed().getOrDefault("settings", Map.of())));
            n.set("options", Recipe.JSON.valueToTree(b.parsed().getOrDefault("options", Map.of())));
            n.set("requires", Recipe.JSON.valueToTree(b.parsed().getOrDefault("requires", List.of())));
            n.put("content", b.conaninfo());
        });
        return Recipe.JSON.writeValueAsString(root);
    }

    /** Errors in the shape Conan prints as {@code status: message}. */
    static String error(int status, String message) {
        ObjectNode root = Recipe.JSON.createObjectNode();
        ObjectNode e = root.putArray("errors").addObject();
        e.put("status", status);
        e.put("message", message);
        return Recipe.JSON.writeValueAsString(root);
    }

    private static List<String> sorted(Iterable<String> names) {
        java.util.ArrayList<String> list = new java.util.ArrayList<>();
        names.forEach(list::add);
        list.sort(null);
        return list;
    }
}
