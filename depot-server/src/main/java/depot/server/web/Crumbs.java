package depot.server.web;

import java.util.ArrayList;
import java.util.List;

/** The trail above a page: each group of a path and its project, each linked to its home page, then the page's own. */
final class Crumbs {
    private Crumbs() {}

    /** {@code acme/tools/web} gives acme, tools, web (each its home), then {@code more}. */
    static List<ListPage.Link> of(String fullPath, ListPage.Link... more) {
        List<ListPage.Link> crumbs = new ArrayList<>();
        String[] parts = fullPath.split("/");
        StringBuilder prefix = new StringBuilder();
        for (String part : parts) {
            if (prefix.length() > 0) prefix.append('/');
            prefix.append(part);
            crumbs.add(new ListPage.Link(part, "/" + prefix));
        }
        crumbs.addAll(List.of(more));
        return crumbs;
    }
}
