package depot.format.pypi;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The simple repository API: PEP 503 HTML and PEP 691 JSON (with PEP 700's versions, size and upload-time),
 * PEP 658/714 core-metadata hashes, PEP 592 yanks and {@code Requires-Python}. API version 1.1.
 */
final class SimplePages {
    static final String JSON_TYPE = "application/vnd.pypi.simple.v1+json";
    static final String HTML_TYPE = "application/vnd.pypi.simple.v1+html";
    static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    /** One file on a project page. {@code coreMetadataSha256} and {@code yanked} may be null. */
    record FileLink(String fileName, String url, String sha256, String requiresPython, String coreMetadataSha256,
                    String yanked, long size, long uploadedAt) {}

    private SimplePages() {}

    static String indexHtml(List<String> names) {
        StringBuilder b = new StringBuilder(head("Simple index"));
        for (String name : names) {
            String normalized = Distribution.normalize(name);
            b.append("    <a href=\"").append(escape(normalized)).append("/\">").append(escape(name)).append("</a>\n");
        }
        return b.append("  </body>\n</html>\n").toString();
    }

    static byte[] indexJson(List<String> names) {
        ObjectNode root = JSON.createObjectNode();
        root.putObject("meta").put("api-version", "1.1");
        ArrayNode projects = root.putArray("projects");
        for (String name : names) projects.addObject().put("name", name);
        return JSON.writeValueAsBytes(root);
    }

    static String projectHtml(String name, List<FileLink> files) {
        StringBuilder b = new StringBuilder(head("Links for " + name));
        b.append("    <h1>Links for ").append(escape(name)).append("</h1>\n");
        for (FileLink f : files) {
            b.append("    <a href=\"").append(escape(f.url())).append("#sha256=").append(f.sha256()).append('"');
            if (f.requiresPython() != null) {
                b.append(" data-requires-python=\"").append(escape(f.requiresPython())).append('"');
            }
            if (f.coreMetadataSha256() != null) {
                b.append(" data-dist-info-metadata=\"sha256=").append(f.coreMetadataSha256()).append('"');
                b.append(" data-core-metadata=\"sha256=").append(f.coreMetadataSha256()).append('"');
            }
            if (f.yanked() != null) b.append(" data-yanked=\"").append(escape(f.yanked())).append('"');
            b.append('>').append(escape(f.fileName())).append("</a><br/>\n");
        }
        return b.append("  </body>\n</html>\n").toString();
    }

    /**
     * A project page in JSON. API version 1.1 (PEP 700) when every file's size is known; a page read through an
     * upstream whose sizes Depot does not know yet (an HTML index gives none) says 1.0 and leaves them out, as it
     * leaves out an upload time it does not know.
     */
    static byte[] projectJson(String name, List<String> versions, List<FileLink> files) {
        ObjectNode root = JSON.createObjectNode();
        boolean sizes = files.stream().allMatch(f -> f.size() > 0);
        root.putObject("meta").put("api-version", sizes ? "1.1" : "1.0");
        root.put("name", Distribution.normalize(name));
        ArrayNode v = root.putArray("versions");
        versions.forEach(v::add);
        ArrayNode out = root.putArray("files");
        for (FileLink f : files) {
            ObjectNode o = out.addObject();
            o.put("filename", f.fileName());
            o.put("url", f.url());
            o.putObject("hashes").put("sha256", f.sha256());
            if (f.requiresPython() != null) o.put("requires-python", f.requiresPython());
            if (f.coreMetadataSha256() != null) {
                Map<String, String> hash = new LinkedHashMap<>();
                hash.put("sha256", f.coreMetadataSha256());
                // only PEP 714's name: pip 22.x-23.0 (Debian 12's) crash on the old key holding a dict ("unhashable
                // type"), and PEP 714 renamed it so that they would ignore the metadata instead
                o.putPOJO("core-metadata", hash);
            } else {
                o.put("core-metadata", false);
            }
            if (f.yanked() == null) o.put("yanked", false);
            else if (f.yanked().isEmpty()) o.put("yanked", true);
            else o.put("yanked", f.yanked());
            if (f.size() > 0) o.put("size", f.size());
            if (f.uploadedAt() > 0) o.put("upload-time", TIME.format(Instant.ofEpochMilli(f.uploadedAt())));
        }
        return JSON.writeValueAsBytes(root);
    }

    private static String head(String title) {
        return "<!DOCTYPE html>\n<html>\n  <head>\n    <meta name=\"pypi:repository-version\" content=\"1.1\">\n"
                + "    <title>" + escape(title) + "</title>\n  </head>\n  <body>\n";
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#x27;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
