package depot.server.web;

import depot.core.model.Namespace;
import depot.core.model.Project;
import depot.http.FormatContext;
import depot.http.PageRoutes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** The pages formats contribute ({@link PageRoutes}): found by name, linked from the package lists. */
final class ContributedPages implements PageRoutes {
    private record Entry<T>(String label, Page<T> page) {}

    private final FormatContext services;
    private final Map<String, Entry<Project>> projectPages = new LinkedHashMap<>();
    private final Map<String, Entry<Namespace>> groupPages = new LinkedHashMap<>();
    private final Map<String, Supplier<Map<Long, Long>>> storage = new LinkedHashMap<>();

    ContributedPages(FormatContext services) { this.services = services; }

    @Override
    public void project(String name, String label, Page<Project> page) { add(projectPages, name, new Entry<>(label, page)); }

    @Override
    public void group(String name, String label, Page<Namespace> page) { add(groupPages, name, new Entry<>(label, page)); }

    @Override
    public void storage(String column, Supplier<Map<Long, Long>> bytesByProject) { storage.put(column, bytesByProject); }

    @Override
    public FormatContext services() { return services; }

    Optional<Page<Project>> projectPage(String name) {
        return Optional.ofNullable(projectPages.get(name)).map(Entry::page);
    }

    Optional<Page<Namespace>> groupPage(String name) {
        return Optional.ofNullable(groupPages.get(name)).map(Entry::page);
    }

    /** The links a package list shows to the pages of its project ({@code base} {@code /acme/app}) or group. */
    List<ListPage.Link> links(String base, boolean group) {
        List<ListPage.Link> links = new ArrayList<>();
        (group ? groupPages : projectPages).forEach((name, e) -> links.add(new ListPage.Link(e.label(), base + "/-/" + name)));
        return links;
    }

    /** The admin page's extra storage columns, each with its bytes by project id. */
    Map<String, Supplier<Map<Long, Long>>> storage() { return storage; }

    private static <T> void add(Map<String, Entry<T>> pages, String name, Entry<T> entry) {
        if (!name.matches("[a-z][a-z0-9_]*") || pages.putIfAbsent(name, entry) != null) {
            throw new IllegalArgumentException("a page name must be unique and [a-z0-9_]: " + name);
        }
    }
}
