package depot.server.web;

import java.util.List;

/**
 * A group's or a project's home ({@code /acme}, {@code /acme/web}): its trail, links to its pages the viewer may open,
 * and (a group) its subgroups and projects the viewer can see.
 */
public record HomePage(String path, String kind, String visibility, List<ListPage.Link> crumbs,
                       List<ListPage.Link> links, List<ListPage.Link> groups, List<ListPage.Link> projects) {}
