package depot.server.web;

import static depot.server.web.FormValues.isNumber;
import static depot.server.web.PackageSettingsForms.PROTECTION;
import static depot.server.web.PackageSettingsForms.SETTINGS;

import depot.core.access.Action;
import depot.core.access.Principal;
import depot.core.error.DepotException;
import depot.core.model.AccessLevel;
import depot.core.model.Namespace;
import depot.core.model.Project;
import depot.http.FormatContext;
import depot.http.FormatPage;
import depot.http.Mounts;
import depot.http.PackageFormat;
import depot.server.Services;
import depot.server.web.BrowserSessions.Session;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The web UI: server-rendered pages (precompiled jte templates, every value escaped) for signing in, exploring
 * groups and projects, package lists of a project or group, and package details with downloads and deletes.
 * Sessions are database rows behind an HttpOnly, SameSite cookie; every form carries a CSRF token. The same
 * access rules as the API apply: what a viewer may not see answers 404, what they may not do 403.
 *
 * <p>This class installs the routes, wraps every page in the security headers and the error pages, and sends a
 * path to the part that serves it: {@link BrowserSessions}, {@link AdminArea}, {@link PackageSettingsForms},
 * {@link PackagePages} or a page a format contributed.
 */
public final class WebUi {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(WebUi.class);

    private final Services s;
    private final Mounts.Scopes scopes;
    private final Templates templates = new Templates();
    private final ContributedPages pages;
    private final BrowserSessions sessions;
    private final AdminArea admin;
    private final PackageSettingsForms settings;
    private final PackagePages packages;
    private final UpstreamPage upstreamPage;

    public WebUi(Services services, List<PackageFormat> formats, FormatContext formatContext) {
        this.s = services;
        Map<String, PackageFormat> stored = formats.stream().filter(PackageFormat::storesPackages)
                .collect(Collectors.toMap(PackageFormat::type, Function.identity()));
        this.scopes = new Mounts.Scopes(services.directory(), services.access());
        this.pages = new ContributedPages(formatContext);
        formats.forEach(f -> f.pages(pages));
        this.upstreamPage = new UpstreamPage(services.upstreams(), services.access(), services.directory(),
                formatContext.externalUrl(),
                formats.stream().filter(PackageFormat::readsThroughUpstreams).collect(Collectors.toMap(
                        PackageFormat::type, Function.identity(), (a, b) -> a, java.util.TreeMap::new)));
        pages.group(UpstreamPage.NAME, "Upstream registries", upstreamPage);
        this.sessions = new BrowserSessions(services, templates, formatContext.externalUrl().startsWith("https:"));
        this.admin = new AdminArea(services, sessions, templates, pages);
        Map<String, String> labels = stored.values().stream().collect(Collectors.toMap(PackageFormat::type,
                PackageFormat::displayName));
        this.settings = new PackageSettingsForms(services, sessions, templates, scopes, labels,
                new StorageReport(services, pages, labels));
        this.packages = new PackagePages(services, sessions, templates, scopes, pages, stored, formatContext);
    }

    public void install(RoutesConfig routes) {
        add(routes, HandlerType.GET, "/", this::explore);
        add(routes, HandlerType.GET, "/users/sign_in", ctx -> sessions.signInPage(ctx, null));
        add(routes, HandlerType.POST, "/users/sign_in", sessions::signIn);
        add(routes, HandlerType.POST, "/users/sign_out", sessions::signOut);
        add(routes, HandlerType.GET, "/-/assets/{file}", templates::asset);
        add(routes, HandlerType.GET, "/admin", ctx -> admin.admin(ctx, false));
        add(routes, HandlerType.POST, "/admin", admin::adminPost);
        add(routes, HandlerType.POST, "/admin/users", admin::adminNewUser);
        add(routes, HandlerType.POST, "/admin/users/{username}/{action}", admin::adminUser);
        add(routes, HandlerType.GET, "/admin/upstreams", ctx -> formatPage(ctx,
                upstreamPage.instance().render(sessions.signedIn(ctx).principal(), null), "/admin/upstreams"));
        add(routes, HandlerType.POST, "/admin/upstreams/<action>", ctx -> {
            Session session = sessions.signedIn(ctx);
            sessions.requireCsrf(ctx, session);
            if (confirmFirst(ctx)) return;
            postTo(ctx, session.principal(), upstreamPage.instance(), null, ctx.pathParam("action"), "/admin/upstreams");
        });
        add(routes, HandlerType.GET, "/groups/<path>", this::groupPage);
        add(routes, HandlerType.POST, "/groups/<path>", this::groupPost);
        add(routes, HandlerType.GET, "/<path>", this::projectPage);
        add(routes, HandlerType.POST, "/<path>", this::projectPost);
    }

    private interface Handler { void handle(Context ctx) throws Exception; }

    private void add(RoutesConfig routes, HandlerType method, String path, Handler page) {
        routes.addHttpHandler(method, path, ctx -> {
            if (ctx.path().startsWith("/api/") || ctx.path().startsWith("/v2/")) {
                // an API path no API route took: the API's own 404, not a page
                ctx.status(404).json(Map.of("error", "404 Not Found"));
                return;
            }
            ctx.header("X-Frame-Options", "DENY");
            ctx.header("X-Content-Type-Options", "nosniff");
            ctx.header("Referrer-Policy", "same-origin");
            ctx.header("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; "
                    + "img-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'");
            try {
                page.handle(ctx);
            } catch (DepotException e) {
                int status = depot.http.Errors.status(e);
                if (status == 401) {
                    // back here after signing in (a form's page for a form)
                    ctx.redirect(sessions.viewer(ctx).signInUrl());
                    return;
                }
                ctx.status(status).contentType("text/html; charset=utf-8")
                        .result(templates.render("error", Map.of("viewer", sessions.viewer(ctx), "status", status,
                                "message", e.getMessage())));
            } catch (Exception e) {
                DepotException fault = depot.http.Errors.fault(e);
                if (fault != null) {
                    // a form body over the limit, a full disk, a database away: said as such, not as a 500
                    int status = depot.http.Errors.status(fault);
                    ctx.status(status).contentType("text/html; charset=utf-8").result(templates.render("error",
                            Map.of("viewer", Viewer.ANONYMOUS, "status", status, "message", fault.getMessage())));
                    return;
                }
                String id = ctx.res().getHeader("X-Request-Id");
                LOG.error("page {} {} failed (request id {})", ctx.method(), ctx.path(), id, e);
                ctx.status(500).contentType("text/html; charset=utf-8").result(templates.render("error", Map.of("viewer",
                        Viewer.ANONYMOUS, "status", 500, "message", "Something went wrong (request id " + id + ")")));
            }
        });
    }

    private void explore(Context ctx) {
        Principal p = sessions.principal(ctx);
        List<Namespace> groups = s.directory().groups().stream().filter(g -> s.access().canSeeGroup(p, g)).toList();
        List<Project> projects = s.directory().projects().stream().filter(pr -> s.access().canSee(p, pr))
                .sorted(Comparator.comparing(Project::fullPath)).toList();
        templates.html(ctx, "explore", Map.of("viewer", sessions.viewer(ctx), "groups", groups, "projects", projects));
    }

    private void groupPage(Context ctx) {
        String path = ctx.pathParam("path");
        if (path.endsWith(SETTINGS)) {
            settings.groupPage(ctx, path);
            return;
        }
        var contributed = pages.group(path, false);
        if (contributed.isPresent()) {
            Principal p = sessions.principal(ctx);
            Namespace group = scopes.group(contributed.get().owner(), p);
            formatPage(ctx, contributed.get().page().render(p, group), "/groups/" + path);
            return;
        }
        if (!path.contains("/-/")) {
            ctx.redirect("/" + path);
            return;
        }
        if (!path.endsWith("/-/packages")) throw new DepotException.NotFound("404 Not Found");
        packages.groupList(ctx, path.substring(0, path.length() - "/-/packages".length()));
    }

    private void projectPage(Context ctx) throws IOException {
        String path = ctx.pathParam("path");
        Principal p = sessions.principal(ctx);
        int marker = path.indexOf("/-/");
        if (marker < 0) {
            home(ctx, p, path);
            return;
        }
        if (path.endsWith(SETTINGS)) {
            settings.projectPage(ctx, path);
            return;
        }
        Project project = scopes.project(path.substring(0, marker), p);
        String rest = path.substring(marker + 3);
        var contributed = pages.project(path, false);
        if (contributed.isPresent()) {
            formatPage(ctx, contributed.get().page().render(p, project), "/" + project.fullPath() + "/-/" + rest);
            return;
        }
        if ((rest.equals("packages") || rest.startsWith("packages/")) && s.access().may(p, project, Action.READ)
                && packages.offPage(ctx, p, project.fullPath(), project)) {
            return;
        }
        scopes.requirePackagesEnabled(project, p);
        s.access().check(p, project, Action.READ);
        if (rest.equals("packages")) {
            packages.projectList(ctx, p, project);
        } else if (rest.startsWith("packages/") && isNumber(rest.substring("packages/".length()))) {
            packages.detailPage(ctx, p, project, rest.substring("packages/".length()));
        } else if (rest.startsWith("package_files/") && rest.endsWith("/download")) {
            String id = rest.substring("package_files/".length(), rest.length() - "/download".length());
            if (!isNumber(id)) throw new DepotException.NotFound("404 Not Found");
            packages.download(ctx, project, id);
        } else {
            throw new DepotException.NotFound("404 Not Found");
        }
    }

    /** Settings forms, forms on a format's pages, and package and file deletes. */
    private void projectPost(Context ctx) {
        String path = ctx.pathParam("path");
        Session session = sessions.signedIn(ctx);
        sessions.requireCsrf(ctx, session);
        Principal p = session.principal();
        if (path.contains(SETTINGS + PROTECTION)) {
            settings.protectionPost(ctx, session, path);
            return;
        }
        if (path.endsWith(SETTINGS)) {
            settings.projectPost(ctx, session, path);
            return;
        }
        var contributed = pages.project(path, true);
        if (contributed.isPresent()) {
            if (confirmFirst(ctx)) return;
            var form = contributed.get();
            Project project = scopes.project(form.owner(), p);
            postTo(ctx, p, form.page(), project, form.action(), "/" + project.fullPath() + "/-/" + form.name());
            return;
        }
        try {
            packages.deletePost(ctx, p, path);
        } catch (FormatPage.ConfirmFirst c) {
            askFirst(ctx, c.getMessage());
        }
    }

    private void groupPost(Context ctx) {
        String path = ctx.pathParam("path");
        Session session = sessions.signedIn(ctx);
        sessions.requireCsrf(ctx, session);
        var contributed = pages.group(path, true);
        if (contributed.isPresent()) {
            if (confirmFirst(ctx)) return;
            var form = contributed.get();
            Namespace group = scopes.group(form.owner(), session.principal());
            postTo(ctx, session.principal(), form.page(), group, form.action(),
                    "/groups/" + group.fullPath() + "/-/" + form.name());
            return;
        }
        if (!path.endsWith(SETTINGS)) throw new DepotException.NotFound("404 Not Found");
        settings.groupPost(ctx, session, path);
    }

    /**
     * {@code /acme} and {@code /acme/web}: a group's or a project's home, for whoever may see it (a path names a group
     * or a project, never both).
     */
    private void home(Context ctx, Principal p, String path) {
        Optional<Project> project = s.directory().projectByPath(path).filter(pr -> s.access().canSee(p, pr));
        List<ListPage.Link> links = new java.util.ArrayList<>();
        HomePage page;
        if (project.isPresent()) {
            Project pr = project.get();
            links.add(new ListPage.Link("Packages", "/" + pr.fullPath() + "/-/packages"));
            links.addAll(pages.projectLinks("/" + pr.fullPath(), p, pr));
            if (p.user() != null && (p.user().admin() || s.access().level(p.user(), pr).atLeast(AccessLevel.MAINTAINER))) {
                links.add(new ListPage.Link("Package settings", "/" + pr.fullPath() + SETTINGS));
            }
            page = new HomePage(pr.fullPath(), "Project", pr.visibility(), Crumbs.of(pr.fullPath()), links, List.of(),
                    List.of());
        } else {
            // a path naming nothing answers as one naming something private would: a signed-in viewer gets a 404,
            // an anonymous one the sign-in page (else the difference would tell strangers which private paths exist)
            if (s.directory().namespaceByPath(path).isEmpty() && s.directory().projectByPath(path).isEmpty()) {
                throw depot.core.access.AccessService.hidden(p, "404 Not Found");
            }
            Namespace group = scopes.group(path, p);
            links.add(new ListPage.Link("Packages", "/groups/" + group.fullPath() + "/-/packages"));
            links.addAll(pages.groupLinks("/groups/" + group.fullPath(), p, group));
            if (p.user() != null && (p.user().admin()
                    || s.access().namespaceLevel(p.user(), group.id()).atLeast(AccessLevel.OWNER))) {
                links.add(new ListPage.Link("Package settings", "/groups/" + group.fullPath() + SETTINGS));
            }
            List<ListPage.Link> subgroups = s.directory().groups().stream()
                    .filter(g -> java.util.Objects.equals(g.parentId(), group.id()) && s.access().canSeeGroup(p, g))
                    .sorted(Comparator.comparing(Namespace::fullPath))
                    .map(g -> new ListPage.Link(g.fullPath(), "/" + g.fullPath())).toList();
            List<ListPage.Link> projects = s.directory().projects().stream()
                    .filter(pr -> pr.namespaceId() == group.id() && s.access().canSee(p, pr))
                    .sorted(Comparator.comparing(Project::fullPath))
                    .map(pr -> new ListPage.Link(pr.fullPath(), "/" + pr.fullPath())).toList();
            page = new HomePage(group.fullPath(), "Group", group.visibility(), Crumbs.of(group.fullPath()), links,
                    subgroups, projects);
        }
        templates.html(ctx, "home", Map.of("viewer", sessions.viewer(ctx), "page", page));
    }

    /**
     * A form that asks first (it carries {@code confirm_text}) and was not confirmed (no {@code confirmed=yes}, which
     * the page's script adds once the browser asked): a page asking, whose button posts the same form again,
     * confirmed. Without JavaScript, this is the confirmation. True when that page was sent.
     */
    private boolean confirmFirst(Context ctx) {
        String message = ctx.formParam("confirm_text");
        if (message == null || "yes".equals(ctx.formParam("confirmed"))) return false;
        askFirst(ctx, message);
        return true;
    }

    /**
     * A contributed page's form: done, said once and back to the page; or confirmed first when the page asks
     * ({@link FormatPage.ConfirmFirst}); or, refused, the page again with the reason and what was typed.
     */
    private <T> void postTo(Context ctx, Principal p, depot.http.PageRoutes.Page<T> page, T owner, String action,
                            String back) {
        Map<String, String> values = values(ctx);
        try {
            done(ctx, page.post(p, owner, action, values));
            ctx.redirect(back);
        } catch (FormatPage.ConfirmFirst c) {
            askFirst(ctx, c.getMessage());
        } catch (DepotException.Invalid | DepotException.Conflict e) {
            FormatPage again = page.render(p, owner, action, values);
            List<FormatPage.Block> blocks = new java.util.ArrayList<>();
            blocks.add(new FormatPage.Text(e.getMessage(), "error"));
            blocks.addAll(again.blocks());
            ctx.status(depot.http.Errors.status(e));
            formatPage(ctx, new FormatPage(again.title(), again.heading(), blocks), back);
        }
    }

    /** The confirmation page: its button posts the same form again, confirmed. */
    private void askFirst(Context ctx, String message) {
        // the page carries the form's fields (a password typed into it too): never kept by the browser or a proxy
        ctx.header("Cache-Control", "no-store");
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        ctx.formParamMap().forEach((name, list) -> {
            if (!name.equals("confirmed") && !list.isEmpty()) fields.put(name, list.get(0));
        });
        templates.html(ctx, "confirm", Map.of("viewer", sessions.viewer(ctx), "message",
                message.length() > 500 ? message.substring(0, 500) + "…" : message, "action", ctx.path(), "fields",
                fields, "cancel", ctx.formParam("return_to") != null ? BrowserSessions.returnTo(ctx.formParam("return_to"))
                        : sameSiteReferer(ctx)));
    }

    /** The page a form was posted from, when it is this site's; else the start page. */
    private static String sameSiteReferer(Context ctx) {
        String referer = ctx.header("Referer");
        if (referer == null) return "/";
        try {
            java.net.URI uri = java.net.URI.create(referer);
            java.net.URI self = java.net.URI.create(ctx.url());
            if (!java.util.Objects.equals(uri.getHost(), self.getHost()) || uri.getPort() != self.getPort()) return "/";
            return BrowserSessions.returnTo(uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
        } catch (IllegalArgumentException e) {
            return "/";
        }
    }

    /** Says once, on the page the action redirects to, what it did. */
    private void done(Context ctx, String message) {
        sessions.flash(ctx, message == null ? "Done." : message);
    }

    /** A posted form's values: the first of each name, without the CSRF token. */
    private static Map<String, String> values(Context ctx) {
        Map<String, String> values = new java.util.LinkedHashMap<>();
        ctx.formParamMap().forEach((name, list) -> {
            if (!name.equals("csrf_token") && !list.isEmpty()) values.put(name, list.get(0));
        });
        return values;
    }

    /** A page a format contributed, with the forms on it posting below {@code base}, under its breadcrumbs. */
    private void formatPage(Context ctx, FormatPage page, String base) {
        templates.html(ctx, "formatpage", Map.of("viewer", sessions.viewer(ctx), "page", page, "base", base,
                "crumbs", crumbs(base)));
    }

    /** {@code /groups/acme/-/upstreams}: acme, Upstream registries; {@code /admin/upstreams}: Admin area, …. */
    private List<ListPage.Link> crumbs(String base) {
        if (base.startsWith("/admin/")) {
            return List.of(new ListPage.Link("Admin area", "/admin"), new ListPage.Link("Upstream registries", base));
        }
        boolean group = base.startsWith("/groups/");
        int marker = base.indexOf("/-/");
        if (marker < 0) return List.of();
        String owner = base.substring(group ? "/groups/".length() : 1, marker);
        String name = base.substring(marker + 3);
        return Crumbs.of(owner, new ListPage.Link(pages.label(group, name), base));
    }
}
