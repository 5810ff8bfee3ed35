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

    /**
     * A contributed page a path names: {@code <owner>/-/<name>} (a view) or {@code <owner>/-/<name>/<action>} (a form,
     * {@code action} the rest). {@code owner} is the project's or group's path, as written.
     */
    record Match<T>(Page<T> page, String owner, String name, String action) {}

    /** The project page {@code path} names, viewed ({@code form} false) or posted to. */
    Optional<Match<Project>> project(String path, boolean form) { return match(projectPages, path, form); }

    /** The group page {@code path} (below {@code /groups/}) names, viewed or posted to. */
    Optional<Match<Namespace>> group(String path, boolean form) { return match(groupPages, path, form); }

    private static <T> Optional<Match<T>> match(Map<String, Entry<T>> pages, String path, boolean form) {
        // no project or group path segment starts with "-": the first "/-/" ends the owner
        int marker = path.indexOf("/-/");
        if (marker < 0) return Optional.empty();
        String rest = path.substring(marker + 3);
        int slash = rest.indexOf('/');
        if (form != (slash >= 0)) return Optional.empty();
        String name = form ? rest.substring(0, slash) : rest;
        Entry<T> entry = pages.get(name);
        return entry == null ? Optional.empty() : Optional.of(new Match<>(entry.page(), path.substring(0, marker), name,
                form ? rest.substring(slash + 1) : null));
    }

    /**
     * The links a package list or home shows to the pages of its project ({@code base} {@code /acme/app}) or group:
     * those the viewer may open.
     */
    List<ListPage.Link> projectLinks(String base, depot.core.access.Principal viewer, Project project) {
        List<ListPage.Link> links = new ArrayList<>();
        projectPages.forEach((name, e) -> {
            if (e.page().visible(viewer, project)) links.add(new ListPage.Link(e.label(), base + "/-/" + name));
        });
        return links;
    }

    List<ListPage.Link> groupLinks(String base, depot.core.access.Principal viewer, Namespace group) {
        List<ListPage.Link> links = new ArrayList<>();
        groupPages.forEach((name, e) -> {
            if (e.page().visible(viewer, group)) links.add(new ListPage.Link(e.label(), base + "/-/" + name));
        });
        return links;
    }

    /** A page's label ("Container registry"), for its breadcrumbs; its name when no format contributed it. */
    String label(boolean group, String name) {
        Entry<?> e = (group ? groupPages : projectPages).get(name);
        return e == null ? name : e.label();
    }

    /** The admin page's extra storage columns, each with its bytes by project id. */
    Map<String, Supplier<Map<Long, Long>>> storage() { return storage; }

    private static <T> void add(Map<String, Entry<T>> pages, String name, Entry<T> entry) {
        if (!name.matches("[a-z][a-z0-9_]*") || pages.putIfAbsent(name, entry) != null) {
            throw new IllegalArgumentException("a page name must be unique and [a-z0-9_]: " + name);
        }
    }
}
