package depot.server.web;

import depot.core.access.AccessService;
import depot.core.access.Principal;
import depot.core.error.DepotException;
import depot.core.model.AccessLevel;
import depot.core.model.Namespace;
import depot.core.upstream.CacheEntry;
import depot.core.upstream.Upstream;
import depot.core.upstream.Upstreams;
import depot.http.FormatPage;
import depot.http.FormatPage.Block;
import depot.http.FormatPage.Cell;
import depot.http.PageRoutes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code /groups/:group/-/upstreams}: the group's upstream registries in order (no credentials shown) and what was
 * cached from each, newest first, for Reporters and up; Maintainers delete entries. Upstreams are configured through
 * the REST API, which the page shows.
 */
final class UpstreamPage implements PageRoutes.Page<Namespace> {
    static final String NAME = "upstreams";
    private static final int ENTRIES_SHOWN = 200;
    private static final Pattern DELETE = Pattern.compile("(\\d{1,18})/entries/(\\d{1,18})/delete");
    private final Upstreams upstreams;
    private final AccessService access;
    private final String externalUrl;

    UpstreamPage(Upstreams upstreams, AccessService access, String externalUrl) {
        this.upstreams = upstreams;
        this.access = access;
        this.externalUrl = externalUrl;
    }

    private boolean atLeast(Principal viewer, Namespace group, AccessLevel level) {
        return viewer.user() != null && (viewer.user().admin()
                || access.namespaceLevel(viewer.user(), group.id()).atLeast(level));
    }

    @Override
    public FormatPage render(Principal viewer, Namespace group) {
        if (!atLeast(viewer, group, AccessLevel.REPORTER)) throw AccessService.hidden(viewer, "404 Not Found");
        boolean maintainer = atLeast(viewer, group, AccessLevel.MAINTAINER);
        String path = group.fullPath();
        List<Block> blocks = new ArrayList<>();
        blocks.add(new FormatPage.Link("Packages", "/groups/" + path + "/-/packages"));
        blocks.add(new FormatPage.Text("Maven, npm and PyPI reads at this group go through these registries, in "
                + "order, for what its projects do not have; what they send is kept here. A group without its own list "
                + "for a format reads through its nearest ancestor's, else the instance's.", null));
        blocks.add(new FormatPage.Snippet("upstream-api", "Configure (Maintainers)", "curl -H \"Private-Token: $DEPOT_TOKEN\" "
                + "-X POST " + externalUrl + "/api/v4/groups/" + group.id() + "/-/upstreams \\\n  -d package_type=npm "
                + "-d url=https://registry.example.org -d cache_validity_hours=24"));
        List<Upstream> own = upstreams.of(group.id(), null);
        if (own.isEmpty()) blocks.add(new FormatPage.Text("This group has no upstreams of its own.", "empty"));
        for (Upstream u : own) {
            List<Block> inside = new ArrayList<>();
            inside.add(new FormatPage.Text(u.packageType() + " · " + u.url() + " · metadata kept "
                    + u.cacheValidityHours() + " h" + (u.username() != null ? " · signs in as " + u.username() : ""), null));
            long count = upstreams.rows().countEntries(u.id());
            List<List<Cell>> rows = upstreams.rows().entries(u.id(), 1, ENTRIES_SHOWN).stream().map(e -> List.of(
                    Cell.code(e.relativePath(), null),
                    Cell.text(e.kind()),
                    Cell.text(FormatPage.bytes(e.size())),
                    Cell.time(Instant.ofEpochMilli(e.createdAt()).toString()),
                    Cell.text(String.valueOf(e.downloadsCount())),
                    Cell.form(maintainer ? new FormatPage.Form("Delete", u.id() + "/entries/" + e.id() + "/delete",
                            "Delete the cached " + e.relativePath() + "? It is fetched again when asked for.", true)
                            : null))).toList();
            inside.add(rows.isEmpty() ? new FormatPage.Text("Nothing cached yet.", "empty")
                    : new FormatPage.Table("upstream-entries", List.of("Path", "Kind", "Size", "Fetched", "Downloads", ""), rows));
            if (count > ENTRIES_SHOWN) {
                inside.add(new FormatPage.Text("The newest " + ENTRIES_SHOWN + " of " + count + " entries; the API lists "
                        + "them all.", null));
            }
            blocks.add(new FormatPage.Section("upstream-" + u.id(), "upstream", u.position() + ". " + u.name(), inside));
        }
        return new FormatPage(path + " upstream registries", "Upstream registries of " + path, blocks);
    }

    /** {@code :upstream_id/entries/:entry_id/delete}, Maintainers only. */
    @Override
    public void post(Principal viewer, Namespace group, String action) {
        Matcher m = DELETE.matcher(action);
        if (!m.matches()) throw new DepotException.NotFound("404 Not Found");
        if (!atLeast(viewer, group, AccessLevel.REPORTER)) throw AccessService.hidden(viewer, "404 Not Found");
        if (!atLeast(viewer, group, AccessLevel.MAINTAINER)) throw new DepotException.Forbidden("403 Forbidden");
        long upstream = Long.parseLong(m.group(1));
        long entry = Long.parseLong(m.group(2));
        boolean ours = upstreams.find(upstream).filter(u -> u.namespaceId() != null && u.namespaceId() == group.id())
                .isPresent();
        CacheEntry e = upstreams.rows().entry(entry).filter(x -> x.upstreamId() == upstream).orElse(null);
        if (!ours || e == null) throw new DepotException.NotFound("404 Not Found");
        upstreams.rows().deleteEntry(e.id());
    }
}
