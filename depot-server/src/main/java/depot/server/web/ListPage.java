package depot.server.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** A project's or group's package list: one page of rows, the type tabs, filter, sort and paging state. */
public record ListPage(String title, String base, boolean group, List<String> types, String type, String name,
                       String orderBy, String sort, int page, boolean hasNext, List<Row> rows, String settingsUrl,
                       List<Link> related, List<Link> crumbs) {

    /** A page of the project or group that formats contribute (its container registry, its dependency proxy). */
    public record Link(String text, String href) {}

    public record Row(long id, String name, String version, String type, String projectPath, String createdAt,
                      String detailUrl, boolean deletable) {}

    public List<String> orderKeys() {
        return group ? List.of("created_at", "name", "version", "project_path") : List.of("created_at", "name", "version");
    }

    public String orderLabel(String key) {
        return switch (key) {
            case "name" -> "Name";
            case "version" -> "Version";
            case "project_path" -> "Project";
            default -> "Published";
        };
    }

    /** This list with other tab, order, direction or page; the name filter is kept. */
    public String url(String type, String orderBy, String sort, int page) {
        StringBuilder b = new StringBuilder(base).append("?order_by=").append(orderBy).append("&sort=").append(sort);
        if (type != null) b.append("&type=").append(encode(type));
        if (name != null && !name.isEmpty()) b.append("&name=").append(encode(name));
        if (page > 1) b.append("&page=").append(page);
        return b.toString();
    }

    private static String encode(String s) { return URLEncoder.encode(s, StandardCharsets.UTF_8); }
}
