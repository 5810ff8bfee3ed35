package depot.server.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A project's or group's package list: one page of rows, the type tabs with their counts, filter, sort and paging
 * state. {@code total} is null past {@link depot.core.db.Page#COUNT_LIMIT} packages (not counted exactly).
 */
public record ListPage(String title, String base, boolean group, List<Tab> tabs, String type, String name,
                       String orderBy, String sort, int page, boolean hasNext, Long total, Integer lastPage,
                       List<Row> rows, String settingsUrl, List<Link> related, List<Link> crumbs) {

    /** A page of the project or group that formats contribute (its container registry, its dependency proxy). */
    public record Link(String text, String href) {}

    /** A type tab: the stored type, its readable name, and how many packages of it there are (capped). */
    public record Tab(String type, String label, long count) {
        public String shownCount() { return ListPage.count(count); }
    }

    public record Row(long id, String name, String version, String type, String projectPath, long createdAt,
                      String detailUrl, boolean deletable, Publish publish) {}

    /** "1,234", or "10,000+" past the count limit. */
    static String count(long n) {
        return n > depot.core.db.Page.COUNT_LIMIT ? String.format("%,d+", depot.core.db.Page.COUNT_LIMIT)
                : String.format("%,d", n);
    }

    /** "28 packages", "1 package", "more than 10,000 packages". */
    public String shownTotal() {
        if (total == null) return String.format("more than %,d packages", depot.core.db.Page.COUNT_LIMIT);
        return String.format("%,d package%s", total, total == 1 ? "" : "s");
    }

    public long allCount() { return tabs.stream().mapToLong(Tab::count).sum(); }

    public String shownAllCount() { return count(allCount()); }

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

    /** This list, other page. */
    public String pageUrl(int page) { return url(type, orderBy, sort, page); }

    private static String encode(String s) { return URLEncoder.encode(s, StandardCharsets.UTF_8); }
}
