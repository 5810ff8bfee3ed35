package depot.server.web;

import static depot.server.web.PackageSettingsForms.SETTINGS;
import static depot.server.web.FormValues.blankToNull;
import static depot.server.web.FormValues.isNumber;
import static depot.server.web.FormValues.parseInt;

import depot.core.access.Action;
import depot.core.access.Principal;
import depot.core.db.PackageQuery;
import depot.core.db.PackageReports;
import depot.core.db.Page;
import depot.core.error.DepotException;
import depot.core.model.AccessLevel;
import depot.core.model.CiJob;
import depot.core.model.Namespace;
import depot.core.model.Package;
import depot.core.model.PackageFile;
import depot.core.model.PackageStatus;
import depot.core.model.Project;
import depot.core.model.User;
import depot.core.packages.ProtectionRules;
import depot.http.Downloads;
import depot.http.FormatContext;
import depot.http.Mounts;
import depot.http.PackageDetails;
import depot.http.PackageFormat;
import depot.server.Services;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The package pages: a project's or group's package list (filtered, sorted, paged, with a delete button where the
 * viewer may delete), a package's detail page, file downloads, and the deletes of packages and files.
 */
final class PackagePages {
    private static final int PER_PAGE = 20;
    /** The versions a detail page lists before it links to all of them. */
    private static final int VERSIONS_SHOWN = 100;
    /** The days the downloads chart spans, today included. */
    private static final int CHART_DAYS = 30;
    /** Files one publisher sends within this long of each other count as one publish in the activity. */
    private static final long ONE_PUBLISH_MILLIS = 10 * 60_000;

    private final Services s;
    private final BrowserSessions sessions;
    private final Templates templates;
    private final Mounts.Scopes scopes;
    private final ContributedPages pages;
    private final Map<String, PackageFormat> formats;
    private final FormatContext formatContext;

    PackagePages(Services services, BrowserSessions sessions, Templates templates, Mounts.Scopes scopes,
                 ContributedPages pages, Map<String, PackageFormat> formats, FormatContext formatContext) {
        this.s = services;
        this.sessions = sessions;
        this.templates = templates;
        this.scopes = scopes;
        this.pages = pages;
        this.formats = formats;
        this.formatContext = formatContext;
    }

    /**
     * Whether packages are off where a viewer who may read the project (or group) looks for them: then a page (404)
     * says so and, for those who may turn them on, links to the switch.
     */
    boolean offPage(Context ctx, Principal p, String path, Project project) {
        boolean instanceOn = s.directory().setting("packages_enabled").map(Boolean::parseBoolean).orElse(true);
        if (instanceOn && (project == null || project.packagesEnabled())) return false;
        String switchUrl = null;
        String label = null;
        String message;
        if (!instanceOn) {
            message = "Packages are turned off on this Depot instance: no package can be published, listed or "
                    + "installed anywhere until an administrator turns them on.";
            if (p.user() != null && p.user().admin()) {
                switchUrl = "/admin";
                label = "Turn packages on in the admin area";
            }
        } else {
            message = "Packages are turned off for " + project.fullPath() + ": its package registry answers no "
                    + "client, and its packages are kept but not shown, until they are turned on again.";
            if (p.user() != null && (p.user().admin()
                    || s.access().level(p.user(), project).atLeast(AccessLevel.MAINTAINER))) {
                switchUrl = "/" + project.fullPath() + SETTINGS;
                label = "Turn packages on in the package settings";
            }
        }
        ctx.status(404);
        templates.html(ctx, "packagesoff", Map.of("viewer", sessions.viewer(ctx), "title", "Packages are off",
                "message", message, "switchUrl", java.util.Objects.requireNonNullElse(switchUrl, ""),
                "switchLabel", java.util.Objects.requireNonNullElse(label, ""),
                "whoCan", instanceOn ? "A maintainer of " + project.fullPath() + " can turn them on."
                        : "An administrator can turn them on.",
                "crumbs", Crumbs.of(path, new ListPage.Link("Packages", (project == null ? "/groups/" : "/") + path
                        + "/-/packages"))));
        return true;
    }

    /** {@code /groups/:path/-/packages}: the packages of the group's projects the viewer may read. */
    void groupList(Context ctx, String groupPath) {
        Principal p = sessions.principal(ctx);
        Namespace group = scopes.group(groupPath, p);
        if (offPage(ctx, p, group.fullPath(), null)) return;
        List<Project> projects = scopes.readableIn(group, p);
        boolean owner = p.user() != null && (p.user().admin()
                || s.access().namespaceLevel(p.user(), group.id()).atLeast(AccessLevel.OWNER));
        templates.html(ctx, "list", Map.of("viewer", sessions.viewer(ctx), "page", list(ctx, p, group.fullPath(),
                "/groups/" + group.fullPath() + "/-/packages", true, projects,
                owner ? "/groups/" + group.fullPath() + SETTINGS : null,
                pages.groupLinks("/groups/" + group.fullPath(), p, group))));
    }

    /** {@code /:path/-/packages}, once the viewer may read the project. */
    void projectList(Context ctx, Principal p, Project project) {
        boolean maintainer = p.user() != null && (p.user().admin()
                || s.access().level(p.user(), project).atLeast(AccessLevel.MAINTAINER));
        templates.html(ctx, "list", Map.of("viewer", sessions.viewer(ctx), "page", list(ctx, p, project.fullPath(),
                "/" + project.fullPath() + "/-/packages", false, List.of(project),
                maintainer ? "/" + project.fullPath() + SETTINGS : null,
                pages.projectLinks("/" + project.fullPath(), p, project))));
    }

    /** {@code /:path/-/packages/:id}, once the viewer may read the project. */
    void detailPage(Context ctx, Principal p, Project project, String id) {
        templates.html(ctx, "detail", Map.of("viewer", sessions.viewer(ctx), "page",
                detail(p, project, pkg(project, id), "all".equals(ctx.queryParam("versions")))));
    }

    /** {@code /:path/-/package_files/:id/download}, once the viewer may read the project. */
    void download(Context ctx, Project project, String id) throws IOException {
        PackageFile f = s.packages().file(Long.parseLong(id))
                .filter(file -> s.packages().get(file.packageId()).map(x -> x.projectId() == project.id()).orElse(false))
                .orElseThrow(() -> new DepotException.NotFound("404 Not Found"));
        Downloads.send(ctx, s.reads(), f, "application/octet-stream",
                f.fileName().substring(f.fileName().lastIndexOf('/') + 1));
    }

    /** {@code …/-/packages/:id/delete} and {@code …/-/packages/:id/files/:file_id/delete}. */
    void deletePost(Context ctx, Principal p, String path) {
        int marker = path.indexOf("/-/packages/");
        if (marker < 0 || !path.endsWith("/delete")) throw new DepotException.NotFound("404 Not Found");
        Project project = scopes.project(path.substring(0, marker), p);
        String[] parts = path.substring(marker + "/-/packages/".length(), path.length() - "/delete".length()).split("/");
        if (!isNumber(parts[0])) throw new DepotException.NotFound("404 Not Found");
        Package pkg = pkg(project, parts[0]);
        s.access().check(p, project, Action.DELETE);
        String back = ctx.formParam("return_to");
        if (parts.length == 1) {
            // asked by the server whatever the form said: a delete always confirms, in the server's words
            confirmed(ctx, "Delete " + pkg.name() + " " + pkg.version() + "?");
            s.packageService().delete(pkg, p);
            sessions.flash(ctx, "Deleted " + pkg.name() + " " + pkg.version() + ".");
            ctx.redirect(back != null ? BrowserSessions.returnTo(back) : "/" + project.fullPath() + "/-/packages");
        } else if (parts.length == 3 && parts[1].equals("files") && isNumber(parts[2])) {
            PackageFile f = s.packages().file(Long.parseLong(parts[2])).filter(x -> x.packageId() == pkg.id())
                    .orElseThrow(() -> new DepotException.NotFound("404 Not Found"));
            confirmed(ctx, "Delete " + f.fileName() + "?");
            s.packageService().deleteFile(pkg, f, p);
            boolean gone = s.packages().get(pkg.id()).isEmpty();
            sessions.flash(ctx, "Deleted " + f.fileName() + (gone ? ", the last file of " + pkg.name() + " "
                    + pkg.version() + ", and with it the package." : " from " + pkg.name() + " " + pkg.version() + "."));
            ctx.redirect("/" + project.fullPath() + "/-/packages" + (gone ? "" : "/" + pkg.id()));
        } else {
            throw new DepotException.NotFound("404 Not Found");
        }
    }

    /** Goes on only when the form says {@code confirmed=yes}; else the UI asks {@code question} first. */
    private static void confirmed(Context ctx, String question) {
        if (!"yes".equals(ctx.formParam("confirmed"))) throw new depot.http.FormatPage.ConfirmFirst(question);
    }

    private Package pkg(Project project, String id) {
        return s.packages().get(Long.parseLong(id))
                .filter(x -> x.projectId() == project.id() && x.status() != PackageStatus.PENDING_DESTRUCTION)
                .orElseThrow(() -> new DepotException.NotFound("404 Package Not Found"));
    }

    private ListPage list(Context ctx, Principal p, String title, String base, boolean group, List<Project> projects,
                          String settingsUrl, List<ListPage.Link> related) {
        List<Long> ids = projects.stream().map(Project::id).toList();
        List<String> candidates = formats.values().stream()
                .sorted(Comparator.comparing((PackageFormat f) -> f.displayName().toLowerCase(java.util.Locale.ROOT)))
                .map(PackageFormat::type).toList();
        String name = blankToNull(ctx.queryParam("name"));
        List<ListPage.Tab> tabs = s.packages().reports().typeCounts(ids, candidates).entrySet().stream()
                .map(e -> new ListPage.Tab(e.getKey(), formats.get(e.getKey()).displayName(),
                        name == null ? e.getValue() : filteredCount(ids, e.getKey(), name))).toList();
        String requested = ctx.queryParam("type");
        String type = tabs.stream().anyMatch(t -> t.type().equals(requested)) ? requested : null;
        String orderBy = Optional.ofNullable(ctx.queryParam("order_by")).orElse("created_at");
        if (!orderBy.equals("name") && !orderBy.equals("version") && !(group && orderBy.equals("project_path"))) {
            orderBy = "created_at";
        }
        String sort = "asc".equals(ctx.queryParam("sort")) ? "asc" : "desc";
        int page = Math.max(1, Math.min(10_000, parseInt(ctx.queryParam("page"))));
        Page<Package> rows = s.packages().list(new PackageQuery(ids, type, name, null, null, false, orderBy, sort,
                page, PER_PAGE));
        if (rows.items().isEmpty() && page > 1 && rows.totalPages() != null && page > rows.totalPages()) {
            // past the end (a bookmark, a deleted last row): the last page
            page = rows.totalPages();
            rows = s.packages().list(new PackageQuery(ids, type, name, null, null, false, orderBy, sort, page, PER_PAGE));
        }
        Map<Long, Project> byId = projects.stream().collect(Collectors.toMap(Project::id, Function.identity()));
        Map<Long, Boolean> deletable = new HashMap<>();
        Map<Long, List<ProtectionRules.Rule>> rules = new HashMap<>();
        Publishers publishers = new Publishers();
        List<ListPage.Row> out = new ArrayList<>();
        for (Package pkg : rows.items()) {
            Project pr = byId.get(pkg.projectId());
            boolean canDelete = deletable.computeIfAbsent(pr.id(), k -> s.access().may(p, pr, Action.DELETE))
                    && s.packageService().protection().mayDelete(rules.computeIfAbsent(pr.id(),
                            k -> s.packageService().protection().list(k)), pr, pkg.packageType(), pkg.name(),
                            pkg.normalizedName(), p);
            out.add(new ListPage.Row(pkg.id(), pkg.name(), pkg.version(), label(pkg.packageType()), pr.fullPath(),
                    pkg.createdAt(), "/" + pr.fullPath() + "/-/packages/" + pkg.id(), canDelete,
                    publishers.of(pkg.creatorId(), null, pkg.ciJobId(), pr.fullPath())));
        }
        return new ListPage(title, base, group, tabs, type, name, orderBy, sort, page, rows.hasNext(), rows.total(),
                rows.totalPages(), out, settingsUrl, related,
                Crumbs.of(title, new ListPage.Link("Packages", base)));
    }

    /** The packages of one type whose name matches the filter, counted as the list counts (10,000+ past that). */
    private long filteredCount(List<Long> ids, String type, String name) {
        Long total = s.packages().list(new PackageQuery(ids, type, name, null, null, false, "created_at", "desc", 1, 1))
                .total();
        return total == null ? Page.COUNT_LIMIT + 1 : total;
    }

    private String label(String type) {
        PackageFormat f = formats.get(type);
        return f == null ? type : f.displayName();
    }

    /** Publishers of one page's rows, each user and CI job read once. */
    private final class Publishers {
        private final Map<Long, String> users = new HashMap<>();
        private final Map<Long, Optional<CiJob>> jobs = new HashMap<>();
        private final String ciUrl = Optional.ofNullable(formatContext.option("ci_url"))
                .map(u -> u.endsWith("/") ? u.substring(0, u.length() - 1) : u).orElse(null);

        Publish of(Long userId, Long deployTokenId, Long ciJobId, String projectPath) {
            Optional<CiJob> job = ciJobId == null ? Optional.empty()
                    : jobs.computeIfAbsent(ciJobId, id -> s.identities().job(id));
            Long who = userId != null ? userId : job.map(CiJob::userId).orElse(null);
            String user = who != null ? users.computeIfAbsent(who, id -> s.identities().user(id).map(User::username)
                    .orElse("a deleted user")) : deployTokenId != null ? "a deploy token" : null;
            if (user == null && job.isEmpty()) return null;
            if (job.isEmpty()) return new Publish(user, null, null, null, null, null);
            CiJob j = job.get();
            String base = ciUrl == null ? null : ciUrl + "/" + projectPath;
            return new Publish(user == null ? "a CI job" : user, j.pipelineId(),
                    base == null ? null : base + "/-/pipelines/" + j.pipelineId(), j.ref(), j.sha(),
                    base == null ? null : base + "/-/commit/" + java.net.URLEncoder.encode(j.sha(),
                            java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    private DetailPage detail(Principal p, Project project, Package pkg, boolean allVersions) {
        List<PackageFile> files = s.reads().files(pkg.id());
        PackageFormat format = formats.get(pkg.packageType());
        PackageDetails details = format == null ? new PackageDetails(List.of(), List.of())
                : format.details(pkg, files, formatContext);
        String path = project.fullPath();
        String url = "/" + path + "/-/packages/" + pkg.id();
        Publishers publishers = new Publishers();
        List<DetailPage.Activity> activity = activity(s.packages().reports().events(pkg.id()), publishers, path);
        Map<Long, Long> downloads = s.reads().downloads().perFile(pkg.id());
        List<DetailPage.File> fileRows = files.stream().map(f -> new DetailPage.File(f.id(), f.fileName(), f.size(),
                f.sha256(), f.createdAt(), "/" + path + "/-/package_files/" + f.id() + "/download",
                downloads.getOrDefault(f.id(), 0L))).toList();
        long downloaded = downloads.values().stream().mapToLong(Long::longValue).sum();
        java.util.Comparator<String> order = format == null ? depot.http.VersionOrder.NATURAL : format.versionOrder();
        List<Package> all = s.packages().versions(List.of(project.id()), pkg.packageType(), pkg.normalizedName())
                .stream().filter(v -> v.id() == pkg.id() || v.status() == PackageStatus.DEFAULT)
                .sorted(Comparator.comparing(Package::version, order).reversed()).toList();
        List<DetailPage.Version> versions = all.stream().limit(allVersions ? Long.MAX_VALUE : VERSIONS_SHOWN)
                .map(v -> new DetailPage.Version(v.version().isEmpty() ? "(no version)" : v.version(),
                        "/" + path + "/-/packages/" + v.id(), v.createdAt(), v.id() == pkg.id())).toList();
        boolean deletable = s.access().may(p, project, Action.DELETE) && s.packageService().protection().mayDelete(
                s.packageService().protection().list(project.id()), project, pkg.packageType(), pkg.name(),
                pkg.normalizedName(), p);
        return new DetailPage(pkg.name(), pkg.version(), pkg.packageType(), label(pkg.packageType()), path, url,
                "/" + path + "/-/packages", deletable, s.packageService().deletesFilesOneByOne(pkg.packageType()),
                details, new DetailPage.Summary(pkg.createdAt(), publishers.of(pkg.creatorId(), null, pkg.ciJobId(), path),
                        pkg.updatedAt()), activity, fileRows, versions, all.size(), Markdown.toSafeHtml(details.readme()),
                downloaded, DownloadChart.svg(s.reads().downloads().perDay(pkg.id(), CHART_DAYS),
                        s.reads().downloads().today()),
                Crumbs.of(path, new ListPage.Link("Packages", "/" + path + "/-/packages"),
                        new ListPage.Link(pkg.name() + " " + pkg.version(), url)));
    }

    /**
     * A package's events as people tell them: the files one publisher sent within {@link #ONE_PUBLISH_MILLIS} of
     * each other from one CI job (or none) are one publish, not one line per file.
     */
    private List<DetailPage.Activity> activity(List<PackageReports.Event> events, Publishers publishers, String path) {
        List<DetailPage.Activity> out = new ArrayList<>();
        PackageReports.Event first = null;
        PackageReports.Event last = null;
        int count = 0;
        for (PackageReports.Event e : events) {   // newest first
            if (first != null && e.action().equals("published") && first.action().equals("published")
                    && java.util.Objects.equals(e.userId(), first.userId())
                    && java.util.Objects.equals(e.deployTokenId(), first.deployTokenId())
                    && java.util.Objects.equals(e.ciJobId(), first.ciJobId())
                    && last.createdAt() - e.createdAt() <= ONE_PUBLISH_MILLIS) {
                count++;
                last = e;
                continue;
            }
            if (first != null) out.add(new DetailPage.Activity(first.createdAt(), first.action(), count,
                    publishers.of(first.userId(), first.deployTokenId(), first.ciJobId(), path)));
            first = e;
            last = e;
            count = 1;
        }
        if (first != null) out.add(new DetailPage.Activity(first.createdAt(), first.action(), count,
                publishers.of(first.userId(), first.deployTokenId(), first.ciJobId(), path)));
        return out;
    }
}
