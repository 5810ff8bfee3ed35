package depot.server.web;

import depot.core.access.Action;
import depot.core.access.Principal;
import depot.core.access.Secrets;
import depot.core.db.PackageQuery;
import depot.core.db.Packages;
import depot.core.db.Page;
import depot.core.db.WebSessions;
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
import depot.http.Errors;
import depot.http.FormatContext;
import depot.http.FormatPage;
import depot.http.Mounts;
import depot.http.PackageDetails;
import depot.http.PackageFormat;
import depot.http.PageRoutes;
import depot.server.Services;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.HandlerType;
import io.javalin.http.SameSite;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The web UI: server-rendered pages (precompiled jte templates, every value escaped) for signing in, exploring
 * groups and projects, package lists of a project or group, and package details with downloads and deletes.
 * Sessions are database rows behind an HttpOnly, SameSite cookie; every form carries a CSRF token. The same
 * access rules as the API apply: what a viewer may not see answers 404, what they may not do 403.
 */
public final class WebUi {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(WebUi.class);
    static final String SESSION_COOKIE = "depot_session";
    static final String CSRF_COOKIE = "depot_csrf";
    private static final long SESSION_MILLIS = 7L * 24 * 3600 * 1000;
    private static final int PER_PAGE = 20;
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final Services s;
    private final WebSessions sessions;
    private final Map<String, PackageFormat> formats;
    private final FormatContext formatContext;
    private final Mounts.Scopes scopes;
    private final boolean secure;
    private final TemplateEngine templates = TemplateEngine.createPrecompiled(ContentType.Html);
    private final ContributedPages pages;

    public WebUi(Services services, List<PackageFormat> formats, FormatContext formatContext) {
        this.s = services;
        this.sessions = new WebSessions(services.database().jdbi());
        this.formats = formats.stream().filter(PackageFormat::storesPackages)
                .collect(Collectors.toMap(PackageFormat::type, Function.identity()));
        this.formatContext = formatContext;
        this.scopes = new Mounts.Scopes(services.directory(), services.access());
        this.secure = formatContext.externalUrl().startsWith("https:");
        this.pages = new ContributedPages(formatContext);
        formats.forEach(f -> f.pages(pages));
    }

    public void install(RoutesConfig routes) {
        add(routes, HandlerType.GET, "/", this::explore);
        add(routes, HandlerType.GET, "/users/sign_in", ctx -> signInPage(ctx, null));
        add(routes, HandlerType.POST, "/users/sign_in", this::signIn);
        add(routes, HandlerType.POST, "/users/sign_out", this::signOut);
        add(routes, HandlerType.GET, "/-/assets/{file}", this::asset);
        add(routes, HandlerType.GET, "/admin", ctx -> admin(ctx, false));
        add(routes, HandlerType.POST, "/admin", this::adminPost);
        add(routes, HandlerType.POST, "/admin/users", this::adminNewUser);
        add(routes, HandlerType.POST, "/admin/users/{username}/{action}", this::adminUser);
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
                    + "img-src 'self' https: data:; object-src 'none'; base-uri 'none'; form-action 'self'");
            try {
                page.handle(ctx);
            } catch (DepotException e) {
                int status = depot.http.Errors.status(e);
                if (status == 401) {
                    ctx.redirect("/users/sign_in");
                    return;
                }
                ctx.status(status).contentType("text/html; charset=utf-8")
                        .result(render("error", Map.of("viewer", viewer(ctx), "status", status,
                                "message", e.getMessage())));
            } catch (Exception e) {
                DepotException fault = depot.http.Errors.fault(e);
                if (fault != null) {
                    // a form body over the limit, a full disk, a database away: said as such, not as a 500
                    int status = depot.http.Errors.status(fault);
                    ctx.status(status).contentType("text/html; charset=utf-8").result(render("error",
                            Map.of("viewer", Viewer.ANONYMOUS, "status", status, "message", fault.getMessage())));
                    return;
                }
                String id = ctx.res().getHeader("X-Request-Id");
                LOG.error("page {} {} failed (request id {})", ctx.method(), ctx.path(), id, e);
                ctx.status(500).contentType("text/html; charset=utf-8").result(render("error", Map.of("viewer",
                        Viewer.ANONYMOUS, "status", 500, "message", "Something went wrong (request id " + id + ")")));
            }
        });
    }

    // ---- sessions

    private record Session(User user, String csrf) {
        /** A signed-in browser acts as its user with every scope, like a password sign-in. */
        Principal principal() { return new Principal.UserPrincipal(user, null, Set.of()); }
    }

    private Session signedIn(Context ctx) {
        return session(ctx).orElseThrow(() -> new DepotException.Unauthenticated("sign in first"));
    }

    /** The request's session, looked up once per request. */
    @SuppressWarnings("unchecked")
    private Optional<Session> session(Context ctx) {
        Optional<Session> known = (Optional<Session>) ctx.attribute("depot.web.session");
        if (known != null) return known;
        String token = ctx.cookie(SESSION_COOKIE);
        Optional<Session> found = token == null || token.isEmpty() ? Optional.empty()
                : sessions.find(Secrets.digest(token))
                        .filter(x -> x.expiresAt() > s.clock().now())
                        .flatMap(x -> s.identities().user(x.userId()).filter(User::active)
                                .map(u -> new Session(u, x.csrfToken())));
        ctx.attribute("depot.web.session", found);
        return found;
    }

    private Viewer viewer(Context ctx) {
        return session(ctx).map(x -> new Viewer(x.user().username(), x.csrf(), x.user().admin())).orElse(Viewer.ANONYMOUS);
    }

    private Principal principal(Context ctx) {
        return session(ctx).<Principal>map(Session::principal)
                .orElse(Principal.ANONYMOUS);
    }

    /** Forms of signed-in users echo the session's CSRF token. */
    private void requireCsrf(Context ctx, Session session) {
        if (!constantTimeEquals(session.csrf(), ctx.formParam("csrf_token"))) {
            throw new DepotException.Forbidden("the form has expired; reload the page and try again");
        }
    }

    private static boolean constantTimeEquals(String a, String b) {
        return a != null && b != null && MessageDigest.isEqual(a.getBytes(), b.getBytes());
    }

    private void signInPage(Context ctx, String error) {
        signInPage(ctx, error == null ? 200 : 401, error);
    }

    private void signInPage(Context ctx, int status, String error) {
        // before a session exists the form is protected by a double-submit cookie
        String csrf = s.secrets().randomString(32);
        ctx.cookie(cookie(CSRF_COOKIE, csrf, -1));
        ctx.status(status).contentType("text/html; charset=utf-8")
                .result(render("signin", Map.of("viewer", viewer(ctx), "error", error == null ? "" : error,
                        "csrf", csrf)));
    }

    private void signIn(Context ctx) {
        if (!constantTimeEquals(ctx.cookie(CSRF_COOKIE), ctx.formParam("csrf_token"))) {
            signInPage(ctx, "The form has expired; please try again.");
            return;
        }
        String username = String.valueOf(ctx.formParam("username")).trim();
        String password = String.valueOf(ctx.formParam("password"));
        depot.core.access.Principal.UserPrincipal signedIn;
        try {
            signedIn = s.authenticator().signIn(username, password, ctx.ip());
        } catch (DepotException.TooManyRequests e) {
            ctx.header("Retry-After", String.valueOf(e.retryAfterSeconds()));
            signInPage(ctx, 429, "Too many failed sign-in attempts; try again in " + e.retryAfterSeconds() + " seconds.");
            return;
        } catch (DepotException.Unauthenticated e) {
            s.audit().record(null, "sign_in_failed", "User", null, "sign-in as \"" + username + "\" refused");
            signInPage(ctx, "Invalid username or password.");
            return;
        }
        User user = signedIn.user();
        s.audit().record(signedIn, "sign_in", "User", user.id(), "signed in to the web UI");
        String token = s.secrets().randomString(48);
        long now = s.clock().now();
        sessions.deleteExpired(now);
        sessions.create(Secrets.digest(token), user.id(), s.secrets().randomString(32), now + SESSION_MILLIS, now);
        ctx.cookie(cookie(SESSION_COOKIE, token, (int) (SESSION_MILLIS / 1000)));
        ctx.removeCookie(CSRF_COOKIE, "/");
        ctx.redirect("/");
    }

    private void signOut(Context ctx) {
        Optional<Session> session = session(ctx);
        if (session.isPresent()) {
            requireCsrf(ctx, session.get());
            sessions.delete(Secrets.digest(ctx.cookie(SESSION_COOKIE)));
        }
        ctx.cookie(cookie(SESSION_COOKIE, "", 0));
        ctx.redirect("/");
    }

    private Cookie cookie(String name, String value, int maxAge) {
        Cookie c = new Cookie(name, value, "/", maxAge, secure);
        c.setHttpOnly(true);
        c.setSameSite(SameSite.LAX);
        return c;
    }

    // ---- pages

    private void explore(Context ctx) {
        Principal p = principal(ctx);
        List<Namespace> groups = s.directory().groups().stream().filter(g -> s.access().canSeeGroup(p, g)).toList();
        List<Project> projects = s.directory().projects().stream().filter(pr -> s.access().canSee(p, pr))
                .sorted(Comparator.comparing(Project::fullPath)).toList();
        html(ctx, "explore", Map.of("viewer", viewer(ctx), "groups", groups, "projects", projects));
    }

    private void groupPage(Context ctx) {
        String path = ctx.pathParam("path");
        if (path.endsWith(SETTINGS)) {
            Session session = signedIn(ctx);
            Namespace group = ownedGroup(path, session);
            html(ctx, "settings", Map.of("viewer", viewer(ctx), "page", groupSettings(group, ctx.queryParam("saved") != null)));
            return;
        }
        int marker = path.lastIndexOf("/-/");
        var contributed = marker < 0 ? Optional.<PageRoutes.Page<Namespace>>empty()
                : pages.groupPage(path.substring(marker + 3));
        if (contributed.isPresent()) {
            Namespace group = scopes.group(path.substring(0, marker), principal(ctx));
            formatPage(ctx, contributed.get().render(principal(ctx), group), "/groups/" + path);
            return;
        }
        if (!path.endsWith("/-/packages")) throw new DepotException.NotFound("404 Not Found");
        Principal p = principal(ctx);
        Namespace group = scopes.group(path.substring(0, path.length() - "/-/packages".length()), p);
        scopes.requireInstancePackagesEnabled();
        List<Project> projects = scopes.readableIn(group, p);
        boolean owner = p.user() != null && (p.user().admin()
                || s.access().namespaceLevel(p.user(), group.id()).atLeast(AccessLevel.OWNER));
        html(ctx, "list", Map.of("viewer", viewer(ctx), "page", list(ctx, p, group.fullPath(),
                "/groups/" + group.fullPath() + "/-/packages", true, projects,
                owner ? "/groups/" + group.fullPath() + SETTINGS : null)));
    }

    private void projectPage(Context ctx) throws IOException {
        String path = ctx.pathParam("path");
        Principal p = principal(ctx);
        int marker = path.indexOf("/-/");
        if (marker < 0) throw new DepotException.NotFound("404 Not Found");
        if (path.endsWith(SETTINGS)) {
            Session session = signedIn(ctx);
            Project project = maintainedProject(path.substring(0, path.length() - SETTINGS.length()), session);
            html(ctx, "settings", Map.of("viewer", viewer(ctx), "page",
                    projectSettings(project, ctx.queryParam("saved") != null, null)));
            return;
        }
        Project project = scopes.project(path.substring(0, marker), p);
        String rest = path.substring(marker + 3);
        var contributed = pages.projectPage(rest);
        if (contributed.isPresent()) {
            formatPage(ctx, contributed.get().render(p, project), "/" + project.fullPath() + "/-/" + rest);
            return;
        }
        scopes.requirePackagesEnabled(project, p);
        s.access().check(p, project, Action.READ);
        if (rest.equals("packages")) {
            boolean maintainer = p.user() != null && (p.user().admin()
                    || s.access().level(p.user(), project).atLeast(AccessLevel.MAINTAINER));
            html(ctx, "list", Map.of("viewer", viewer(ctx), "page", list(ctx, p, project.fullPath(),
                    "/" + project.fullPath() + "/-/packages", false, List.of(project),
                    maintainer ? "/" + project.fullPath() + SETTINGS : null)));
        } else if (rest.startsWith("packages/") && isNumber(rest.substring("packages/".length()))) {
            html(ctx, "detail", Map.of("viewer", viewer(ctx), "page",
                    detail(p, project, pkg(project, rest.substring("packages/".length())))));
        } else if (rest.startsWith("package_files/") && rest.endsWith("/download")) {
            String id = rest.substring("package_files/".length(), rest.length() - "/download".length());
            if (!isNumber(id)) throw new DepotException.NotFound("404 Not Found");
            PackageFile f = s.packages().file(Long.parseLong(id))
                    .filter(file -> s.packages().get(file.packageId()).map(x -> x.projectId() == project.id()).orElse(false))
                    .orElseThrow(() -> new DepotException.NotFound("404 Not Found"));
            Downloads.send(ctx, s.reads().content(), f.sha256(), f.size(), "application/octet-stream",
                    f.fileName().substring(f.fileName().lastIndexOf('/') + 1));
        } else {
            throw new DepotException.NotFound("404 Not Found");
        }
    }

    /** {@code …/-/packages/:id/delete} and {@code …/-/packages/:id/files/:file_id/delete}. */
    private void projectPost(Context ctx) {
        String path = ctx.pathParam("path");
        Session session = signedIn(ctx);
        requireCsrf(ctx, session);
        Principal p = session.principal();
        if (path.contains(SETTINGS + PROTECTION)) {
            protectionPost(ctx, session, path);
            return;
        }
        if (path.endsWith(SETTINGS)) {
            Project project = maintainedProject(path.substring(0, path.length() - SETTINGS.length()), session);
            s.directory().updateProject(project.id(), project.name(), project.visibility(),
                    "true".equals(ctx.formParam("packages_enabled")), project.description());
            ctx.redirect("/" + project.fullPath() + SETTINGS + "?saved=1");
            return;
        }
        int pageMarker = path.indexOf("/-/");
        if (pageMarker >= 0) {
            String rest = path.substring(pageMarker + 3);
            int slash = rest.indexOf('/');
            var contributed = slash < 0 ? Optional.<PageRoutes.Page<Project>>empty()
                    : pages.projectPage(rest.substring(0, slash));
            if (contributed.isPresent()) {
                Project project = scopes.project(path.substring(0, pageMarker), p);
                contributed.get().post(p, project, rest.substring(slash + 1));
                ctx.redirect("/" + project.fullPath() + "/-/" + rest.substring(0, slash));
                return;
            }
        }
        int marker = path.indexOf("/-/packages/");
        if (marker < 0 || !path.endsWith("/delete")) throw new DepotException.NotFound("404 Not Found");
        Project project = scopes.project(path.substring(0, marker), p);
        String[] parts = path.substring(marker + "/-/packages/".length(), path.length() - "/delete".length()).split("/");
        if (!isNumber(parts[0])) throw new DepotException.NotFound("404 Not Found");
        Package pkg = pkg(project, parts[0]);
        s.access().check(p, project, Action.DELETE);
        if (parts.length == 1) {
            s.packageService().delete(pkg, p);
            ctx.redirect("/" + project.fullPath() + "/-/packages");
        } else if (parts.length == 3 && parts[1].equals("files") && isNumber(parts[2])) {
            PackageFile f = s.packages().file(Long.parseLong(parts[2])).filter(x -> x.packageId() == pkg.id())
                    .orElseThrow(() -> new DepotException.NotFound("404 Not Found"));
            s.packageService().deleteFile(pkg, f, p);
            boolean gone = s.packages().get(pkg.id()).isEmpty();
            ctx.redirect("/" + project.fullPath() + "/-/packages" + (gone ? "" : "/" + pkg.id()));
        } else {
            throw new DepotException.NotFound("404 Not Found");
        }
    }

    private static final String SETTINGS = "/-/settings/packages";
    private static final String PROTECTION = "/protection";

    /** A page a format contributed, with the forms on it posting below {@code base}. */
    private void formatPage(Context ctx, FormatPage page, String base) {
        html(ctx, "formatpage", Map.of("viewer", viewer(ctx), "page", page, "base", base));
    }

    /** A group whose package settings the session's user may change (Owner, as the API requires). */
    private Namespace ownedGroup(String path, Session session) {
        Principal p = session.principal();
        Namespace group = scopes.group(path.substring(0, path.length() - SETTINGS.length()), p);
        if (!session.user().admin() && !s.access().namespaceLevel(session.user(), group.id()).atLeast(AccessLevel.OWNER)) {
            throw new DepotException.Forbidden("403 Forbidden: only the group's owners change its package settings");
        }
        return group;
    }

    private SettingsPage groupSettings(Namespace group, boolean saved) {
        JsonNode stored = s.directory().packageSettings(group.id()).map(JSON::readTree)
                .orElse(JSON.createObjectNode());
        List<SettingsPage.Duplicates> rows = formats.keySet().stream().sorted().map(type -> new SettingsPage.Duplicates(
                type, stored.path(type + "_duplicates_allowed").asBoolean(s.packageService().duplicatesAllowedByDefault(type)),
                stored.path(type + "_duplicate_exception_regex").asString(""))).toList();
        return new SettingsPage(group.fullPath(), "/groups/" + group.fullPath() + SETTINGS, false, true, rows, saved,
                List.of(), List.of(), null);
    }

    private void groupPost(Context ctx) {
        String path = ctx.pathParam("path");
        Session session = signedIn(ctx);
        requireCsrf(ctx, session);
        int pageMarker = path.indexOf("/-/");
        if (pageMarker >= 0) {
            String rest = path.substring(pageMarker + 3);
            int slash = rest.indexOf('/');
            var contributed = slash < 0 ? Optional.<PageRoutes.Page<Namespace>>empty()
                    : pages.groupPage(rest.substring(0, slash));
            if (contributed.isPresent()) {
                Namespace group = scopes.group(path.substring(0, pageMarker), session.principal());
                contributed.get().post(session.principal(), group, rest.substring(slash + 1));
                ctx.redirect("/groups/" + group.fullPath() + "/-/" + rest.substring(0, slash));
                return;
            }
        }
        if (!path.endsWith(SETTINGS)) throw new DepotException.NotFound("404 Not Found");
        Namespace group = ownedGroup(path, session);
        ObjectNode settings = JSON.createObjectNode();
        s.directory().packageSettings(group.id()).ifPresent(t -> settings.setAll((ObjectNode) JSON.readTree(t)));
        for (String type : formats.keySet()) {
            settings.put(type + "_duplicates_allowed", "true".equals(ctx.formParam(type + "_duplicates_allowed")));
            String regex = Optional.ofNullable(ctx.formParam(type + "_duplicate_exception_regex")).orElse("").trim();
            depot.core.packages.UserPattern.compile(regex, "the exception pattern for " + type);
            settings.put(type + "_duplicate_exception_regex", regex);
        }
        s.directory().savePackageSettings(group.id(), JSON.writeValueAsString(settings));
        ctx.redirect("/groups/" + group.fullPath() + SETTINGS + "?saved=1");
    }

    private Project maintainedProject(String projectPath, Session session) {
        Principal p = session.principal();
        Project project = scopes.project(projectPath, p);
        if (!session.user().admin() && !s.access().level(session.user(), project).atLeast(AccessLevel.MAINTAINER)) {
            throw new DepotException.Forbidden("403 Forbidden: only maintainers change project settings");
        }
        return project;
    }

    private SettingsPage projectSettings(Project project, boolean saved, String error) {
        return new SettingsPage(project.fullPath(), "/" + project.fullPath() + SETTINGS, true, project.packagesEnabled(),
                List.of(), saved, s.packageService().protection().list(project.id()),
                formats.keySet().stream().sorted().toList(), error);
    }

    /**
     * {@code …/-/settings/packages/protection} adds a package protection rule; {@code …/protection/:id/delete}
     * removes one. A refused rule shows the settings page with the reason.
     */
    private void protectionPost(Context ctx, Session session, String path) {
        int at = path.indexOf(SETTINGS + PROTECTION);
        Project project = maintainedProject(path.substring(0, at), session);
        String rest = path.substring(at + SETTINGS.length() + PROTECTION.length());
        Principal p = session.principal();
        if (rest.isEmpty()) {
            try {
                ProtectionRules.Rule rule = s.packageService().protection().create(project.id(),
                        ctx.formParam("package_type"), ctx.formParam("package_name_pattern"),
                        ctx.formParam("minimum_access_level_for_push"), ctx.formParam("minimum_access_level_for_delete"),
                        formats.keySet());
                s.audit().record(p, "package_protection_rule_created", "Project", project.id(),
                        rule.summary());
            } catch (DepotException.Invalid | DepotException.Conflict e) {
                ctx.status(Errors.status(e));
                html(ctx, "settings", Map.of("viewer", viewer(ctx), "page", projectSettings(project, false, e.getMessage())));
                return;
            }
        } else if (rest.startsWith("/") && rest.endsWith("/delete") && isNumber(rest.substring(1, rest.length() - 7))) {
            long id = Long.parseLong(rest.substring(1, rest.length() - 7));
            ProtectionRules.Rule rule = s.packageService().protection().get(project.id(), id)
                    .orElseThrow(() -> new DepotException.NotFound("404 Not Found"));
            s.packageService().protection().delete(rule);
            s.audit().record(p, "package_protection_rule_deleted", "Project", project.id(),
                    rule.summary());
        } else {
            throw new DepotException.NotFound("404 Not Found");
        }
        ctx.redirect("/" + project.fullPath() + SETTINGS + "?saved=1");
    }

    private void admin(Context ctx, boolean saved) {
        admin(ctx, saved, null);
    }

    private void admin(Context ctx, boolean saved, String error) {
        requireAdmin(ctx);
        Map<Long, Project> projects = s.directory().projects().stream()
                .collect(Collectors.toMap(Project::id, Function.identity()));
        List<String> columns = List.copyOf(pages.storage().keySet());
        List<Map<Long, Long>> extra = pages.storage().values().stream().map(Supplier::get).toList();
        // projects with packages first, in the order of their usage, then those holding only other bytes
        Map<Long, Packages.Usage> usage = new LinkedHashMap<>();
        s.packages().usageByProject().forEach(u -> usage.put(u.projectId(), u));
        java.util.Set<Long> listed = new java.util.LinkedHashSet<>(usage.keySet());
        extra.forEach(m -> listed.addAll(m.keySet()));
        List<AdminPage.Storage> storage = new ArrayList<>();
        for (long id : listed) {
            Project project = projects.get(id);
            if (project == null) continue;
            Packages.Usage u = usage.get(id);
            List<String> others = extra.stream().map(m -> m.containsKey(id) ? FormatPage.bytes(m.get(id)) : "").toList();
            storage.add(u == null ? new AdminPage.Storage(project.fullPath(), 0, 0, "", others)
                    : new AdminPage.Storage(project.fullPath(), u.packages(), u.files(), FormatPage.bytes(u.bytes()), others));
        }
        List<AdminPage.UserRow> users = s.identities().users(null).stream()
                .map(u -> new AdminPage.UserRow(u.username(), u.name(), u.state(), u.admin())).toList();
        boolean enabled = s.directory().setting("packages_enabled").map(Boolean::parseBoolean).orElse(true);
        html(ctx, "admin", Map.of("viewer", viewer(ctx), "page",
                new AdminPage(enabled, users, columns, storage, saved || ctx.queryParam("saved") != null, error)));
    }

    private void adminPost(Context ctx) {
        Session session = requireAdmin(ctx);
        requireCsrf(ctx, session);
        s.directory().saveSetting("packages_enabled", String.valueOf("true".equals(ctx.formParam("packages_enabled"))));
        ctx.redirect("/admin?saved=1");
    }

    /** Creates a user from the admin form; a refused name, email or password shows the form's page with the reason. */
    private void adminNewUser(Context ctx) {
        Session session = requireAdmin(ctx);
        requireCsrf(ctx, session);
        try {
            s.directoryService().createUser(blankToNull(ctx.formParam("username")), blankToNull(ctx.formParam("name")),
                    blankToNull(ctx.formParam("email")), blankToNull(ctx.formParam("password")),
                    "true".equals(ctx.formParam("admin")));
        } catch (DepotException.Invalid | DepotException.Conflict e) {
            ctx.status(Errors.status(e));
            admin(ctx, false, e.getMessage());
            return;
        }
        ctx.redirect("/admin?saved=1");
    }

    /** Blocking signs a user out everywhere in effect: tokens, passwords and sessions all need an active user. */
    private void adminUser(Context ctx) {
        Session session = requireAdmin(ctx);
        requireCsrf(ctx, session);
        User user = s.identities().userByUsername(ctx.pathParam("username"))
                .orElseThrow(() -> new DepotException.NotFound("404 User Not Found"));
        if (user.id() == session.user().id()) throw new DepotException.Invalid("you cannot block yourself");
        switch (ctx.pathParam("action")) {
            case "block" -> s.identities().setUserState(user.id(), "blocked");
            case "unblock" -> s.identities().setUserState(user.id(), "active");
            default -> throw new DepotException.NotFound("404 Not Found");
        }
        ctx.redirect("/admin?saved=1");
    }

    private Session requireAdmin(Context ctx) {
        Session session = signedIn(ctx);
        if (!session.user().admin()) throw new DepotException.NotFound("404 Not Found");
        return session;
    }

    private Package pkg(Project project, String id) {
        return s.packages().get(Long.parseLong(id))
                .filter(x -> x.projectId() == project.id() && x.status() != PackageStatus.PENDING_DESTRUCTION)
                .orElseThrow(() -> new DepotException.NotFound("404 Package Not Found"));
    }

    private ListPage list(Context ctx, Principal p, String title, String base, boolean group, List<Project> projects,
                          String settingsUrl) {
        List<Long> ids = projects.stream().map(Project::id).toList();
        List<String> types = s.packages().types(ids, formats.keySet());
        String type = types.contains(ctx.queryParam("type")) ? ctx.queryParam("type") : null;
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
                settingsUrl, pages.links(group ? "/groups/" + title : "/" + title, group));
    }

    private DetailPage detail(Principal p, Project project, Package pkg) {
        List<PackageFile> files = s.packages().files(pkg.id());
        PackageFormat format = formats.get(pkg.packageType());
        PackageDetails details = format == null ? new PackageDetails(List.of(), List.of())
                : format.details(pkg, files, formatContext);
        String url = "/" + project.fullPath() + "/-/packages/" + pkg.id();
        List<DetailPage.Event> events = s.packages().events(pkg.id()).stream().map(e -> {
            String who = e.userId() != null ? s.identities().user(e.userId()).map(User::username).orElse("a deleted user")
                    : e.deployTokenId() != null ? "a deploy token" : "someone";
            String pipeline = e.ciJobId() == null ? null : s.identities().job(e.ciJobId()).map(WebUi::pipeline)
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
                                project, pkg.packageType(), pkg.name(), pkg.normalizedName(), p), details, events,
                fileRows, others, Markdown.toSafeHtml(details.readme()));
    }

    private static String pipeline(CiJob job) {
        return "pipeline #" + job.pipelineId() + " on " + job.ref() + " (" + job.sha().substring(0, Math.min(8,
                job.sha().length())) + ")";
    }

    private void asset(Context ctx) throws IOException {
        String file = ctx.pathParam("file");
        if (!file.equals("depot.css") && !file.equals("depot.js")) throw new DepotException.NotFound("404 Not Found");
        try (InputStream in = WebUi.class.getResourceAsStream("/web/" + file)) {
            if (in == null) throw new DepotException.NotFound("404 Not Found");
            ctx.header("Cache-Control", "public, max-age=300");
            ctx.contentType(file.endsWith(".css") ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8")
                    .result(in.readAllBytes());
        }
    }

    private void html(Context ctx, String template, Map<String, Object> params) {
        ctx.contentType("text/html; charset=utf-8").result(render(template, params));
    }

    private String render(String template, Map<String, Object> params) {
        StringOutput out = new StringOutput();
        templates.render(template + ".jte", params, out);
        return out.toString();
    }

    private static boolean isNumber(String s) {
        return !s.isEmpty() && s.length() < 19 && s.chars().allMatch(Character::isDigit);
    }

    private static int parseInt(String s) {
        return s != null && isNumber(s) ? Integer.parseInt(s) : 1;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
