package depot.server.web;

import static depot.server.web.PackageSettingsForms.SETTINGS;
import static depot.server.web.FormValues.blankToNull;
import static depot.server.web.FormValues.isNumber;
import static depot.server.web.FormValues.parseInt;

import depot.core.access.Action;
import depot.core.access.Principal;
import depot.core.db.PackageQuery;
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
import java.time.Instant;
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

    /** {@code /groups/:path/-/packages}: the packages of the group's projects the viewer may read. */
    void groupList(Context ctx, String groupPath) {
        Principal p = sessions.principal(ctx);
        Namespace group = scopes.group(groupPath, p);
        scopes.requireInstancePackagesEnabled();
        List<Project> projects = scopes.readableIn(group, p);
        boolean owner = p.user() != null && (p.user().admin()
                || s.access().namespaceLevel(p.user(), group.id()).atLeast(AccessLevel.OWNER));
        templates.html(ctx, "list", Map.of("viewer", sessions.viewer(ctx), "page", list(ctx, p, group.fullPath(),
                "/groups/" + group.fullPath() + "/-/packages", true, projects,
                owner ? "/groups/" + group.fullPath() + SETTINGS : null)));
    }

    /** {@code /:path/-/packages}, once the viewer may read the project. */
    void projectList(Context ctx, Principal p, Project project) {
        boolean maintainer = p.user() != null && (p.user().admin()
                || s.access().level(p.user(), project).atLeast(AccessLevel.MAINTAINER));
        templates.html(ctx, "list", Map.of("viewer", sessions.viewer(ctx), "page", list(ctx, p, project.fullPath(),
                "/" + project.fullPath() + "/-/packages", false, List.of(project),
                maintainer ? "/" + project.fullPath() + SETTINGS : null)));
    }

    /** {@code /:path/-/packages/:id}, once the viewer may read the project. */
    void detailPage(Context ctx, Principal p, Project project, String id) {
        templates.html(ctx, "detail", Map.of("viewer", sessions.viewer(ctx), "page",
                detail(p, project, pkg(project, id))));
    }

    /** {@code /:path/-/package_files/:id/download}, once the viewer may read the project. */
    void download(Context ctx, Project project, String id) throws IOException {
        PackageFile f = s.packages().file(Long.parseLong(id))
                .filter(file -> s.packages().get(file.packageId()).map(x -> x.projectId() == project.id()).orElse(false))
                .orElseThrow(() -> new DepotException.NotFound("404 Not Found"));
        Downloads.send(ctx, s.reads().content(), f.sha256(), f.size(), "application/octet-stream",
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
        if (parts.length == 1) {
            s.packageService().delete(pkg, p);
            sessions.flash(ctx, "Deleted " + pkg.name() + " " + pkg.version() + ".");
            ctx.redirect("/" + project.fullPath() + "/-/packages");
        } else if (parts.length == 3 && parts[1].equals("files") && isNumber(parts[2])) {
            PackageFile f = s.packages().file(Long.parseLong(parts[2])).filter(x -> x.packageId() == pkg.id())
                    .orElseThrow(() -> new DepotException.NotFound("404 Not Found"));
            s.packageService().deleteFile(pkg, f, p);
            boolean gone = s.packages().get(pkg.id()).isEmpty();
            sessions.flash(ctx, "Deleted " + f.fileName() + (gone ? ", the last file of " + pkg.name() + " "
                    + pkg.version() + ", and with it the package." : " from " + pkg.name() + " " + pkg.version() + "."));
            ctx.redirect("/" + project.fullPath() + "/-/packages" + (gone ? "" : "/" + pkg.id()));
        } else {
            throw new DepotException.NotFound("404 Not Found");
        }
    }

    private Package pkg(Project project, String id) {
        return s.packages().get(Long.parseLong(id))
                .filter(x -> x.projectId() == project.id() && x.status() != PackageStatus.PENDING_DESTRUCTION)
                .orElseThrow(() -> new DepotException.NotFound("404 Package Not Found"));
    }

    private ListPage list(Context ctx, Principal p, String title, String base, boolean group, List<Project> projects,
                          String settingsUrl) {
        List<Long> ids = projects.stream().map(Project::id).toList();
        List<String> types = s.packages().reports().types(ids, formats.keySet());
        // (an immutable list's contains(null) throws: a viewer who may read no project had a 500 here)
        String requested = ctx.queryParam("type");
        String type = requested != null && types.contains(requested) ? requested : null;
        String name = blankToNull(ctx.queryParam("name"));
        String orderBy = Optional.ofNullable(ctx.queryParam("order_by")).orElse("created_at");
        if (!orderBy.equals("name") && !orderBy.equals("version") && !(group && orderBy.equals("project_path"))) {
            orderBy = "created_at";
        }
        String sort = "asc".equals(ctx.queryParam("sort")) ? "asc" : "desc";
        int page = Math.max(1, Math.min(10_000, parseInt(ctx.queryParam("page"))));
        Page<Package> rows = s.packages().list(new PackageQuery(ids, type, name, null, null, false, orderBy, sort,
                page, PER_PAGE));
        Map<Long, Project> byId = projects.stream().collect(Collectors.toMap(Project::id, Function.identity()));
        Map<Long, Boolean> deletable = new HashMap<>();
        Map<Long, List<ProtectionRules.Rule>> rules = new HashMap<>();
        List<ListPage.Row> out = new ArrayList<>();
        for (Package pkg : rows.items()) {
            Project pr = byId.get(pkg.projectId());
            boolean canDelete = deletable.computeIfAbsent(pr.id(), k -> s.access().may(p, pr, Action.DELETE))
                    && s.packageService().protection().mayDelete(rules.computeIfAbsent(pr.id(),
                            k -> s.packageService().protection().list(k)), pr, pkg.packageType(), pkg.name(),
                            pkg.normalizedName(), p);
            out.add(new ListPage.Row(pkg.id(), pkg.name(), pkg.version(), pkg.packageType(), pr.fullPath(),
                    Instant.ofEpochMilli(pkg.createdAt()).toString(), "/" + pr.fullPath() + "/-/packages/" + pkg.id(),
                    canDelete));
        }
        return new ListPage(title, base, group, types, type, name, orderBy, sort, page, rows.hasNext(), out,
                settingsUrl, pages.links(group ? "/groups/" + title : "/" + title, group),
                Crumbs.of(title, new ListPage.Link("Packages", base)));
    }

    private DetailPage detail(Principal p, Project project, Package pkg) {
        List<PackageFile> files = s.reads().files(pkg.id());
        PackageFormat format = formats.get(pkg.packageType());
        PackageDetails details = format == null ? new PackageDetails(List.of(), List.of())
                : format.details(pkg, files, formatContext);
        String url = "/" + project.fullPath() + "/-/packages/" + pkg.id();
        List<DetailPage.Event> events = s.packages().reports().events(pkg.id()).stream().map(e -> {
            String who = e.userId() != null ? s.identities().user(e.userId()).map(User::username).orElse("a deleted user")
                    : e.deployTokenId() != null ? "a deploy token" : "someone";
            String pipeline = e.ciJobId() == null ? null : s.identities().job(e.ciJobId()).map(PackagePages::pipeline)
                    .orElse(null);
            return new DetailPage.Event(Instant.ofEpochMilli(e.createdAt()).toString(), e.action(), who, pipeline);
        }).toList();
        List<DetailPage.File> fileRows = files.stream().map(f -> new DetailPage.File(f.id(), f.fileName(), f.size(),
                f.sha256(), "/" + project.fullPath() + "/-/package_files/" + f.id() + "/download")).toList();
        List<DetailPage.Link> others = s.packages().versions(List.of(project.id()), pkg.packageType(),
                        pkg.normalizedName()).stream()
                .filter(v -> v.id() != pkg.id() && v.status() == PackageStatus.DEFAULT)
                .sorted(Comparator.comparingLong(Package::createdAt).reversed()).limit(50)
                .map(v -> new DetailPage.Link(v.version().isEmpty() ? "(no version)" : v.version(),
                        "/" + project.fullPath() + "/-/packages/" + v.id())).toList();
        return new DetailPage(pkg.name(), pkg.version(), pkg.packageType(), project.fullPath(), url,
                "/" + project.fullPath() + "/-/packages", s.access().may(p, project, Action.DELETE)
                        && s.packageService().protection().mayDelete(s.packageService().protection().list(project.id()),
                                project, pkg.packageType(), pkg.name(), pkg.normalizedName(), p),
                s.packageService().deletesFilesOneByOne(pkg.packageType()), details, events,
                fileRows, others, Markdown.toSafeHtml(details.readme()), Crumbs.of(project.fullPath(),
                        new ListPage.Link("Packages", "/" + project.fullPath() + "/-/packages"),
                        new ListPage.Link(pkg.name() + " " + pkg.version(), url)));
    }

    private static String pipeline(CiJob job) {
        return "pipeline #" + job.pipelineId() + " on " + job.ref() + " (" + job.sha().substring(0, Math.min(8,
                job.sha().length())) + ")";
    }
}
