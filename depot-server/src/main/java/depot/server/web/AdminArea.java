package depot.server.web;

import static depot.server.web.FormValues.blankToNull;

import depot.core.db.PackageReports;
import depot.core.error.DepotException;
import depot.core.model.Project;
import depot.core.model.User;
import depot.http.Errors;
import depot.http.FormatPage;
import depot.server.Services;
import depot.server.web.BrowserSessions.Session;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The admin area, for administrators only (anyone else gets 404): the instance's package registry switch, storage
 * by project, and the users, who can be created, blocked and unblocked.
 */
final class AdminArea {
    private final Services s;
    private final BrowserSessions sessions;
    private final Templates templates;
    private final ContributedPages pages;

    AdminArea(Services services, BrowserSessions sessions, Templates templates, ContributedPages pages) {
        this.s = services;
        this.sessions = sessions;
        this.templates = templates;
        this.pages = pages;
    }

    void admin(Context ctx, boolean saved) {
        admin(ctx, saved, null);
    }

    private void admin(Context ctx, boolean saved, String error) {
        requireAdmin(ctx);
        Map<Long, Project> projects = s.directory().projects().stream()
                .collect(Collectors.toMap(Project::id, Function.identity()));
        List<String> columns = List.copyOf(pages.storage().keySet());
        List<Map<Long, Long>> extra = pages.storage().values().stream().map(Supplier::get).toList();
        // projects with packages first, in the order of their usage, then those holding only other bytes
        Map<Long, PackageReports.Usage> usage = new LinkedHashMap<>();
        s.packages().reports().usageByProject().forEach(u -> usage.put(u.projectId(), u));
        java.util.Set<Long> listed = new java.util.LinkedHashSet<>(usage.keySet());
        extra.forEach(m -> listed.addAll(m.keySet()));
        List<AdminPage.Storage> storage = new ArrayList<>();
        for (long id : listed) {
            Project project = projects.get(id);
            if (project == null) continue;
            PackageReports.Usage u = usage.get(id);
            List<String> others = extra.stream().map(m -> m.containsKey(id) ? FormatPage.bytes(m.get(id)) : "").toList();
            storage.add(u == null ? new AdminPage.Storage(project.fullPath(), 0, 0, "", others)
                    : new AdminPage.Storage(project.fullPath(), u.packages(), u.files(), FormatPage.bytes(u.bytes()), others));
        }
        List<AdminPage.UserRow> users = s.identities().users(null).stream()
                .map(u -> new AdminPage.UserRow(u.username(), u.name(), u.state(), u.admin())).toList();
        boolean enabled = s.directory().setting("packages_enabled").map(Boolean::parseBoolean).orElse(true);
        templates.html(ctx, "admin", Map.of("viewer", sessions.viewer(ctx), "page",
                new AdminPage(enabled, users, columns, storage, saved || ctx.queryParam("saved") != null, error)));
    }

    void adminPost(Context ctx) {
        Session session = requireAdmin(ctx);
        sessions.requireCsrf(ctx, session);
        s.directory().saveSetting("packages_enabled", String.valueOf("true".equals(ctx.formParam("packages_enabled"))));
        ctx.redirect("/admin?saved=1");
    }

    /** Creates a user from the admin form; a refused name, email or password shows the form's page with the reason. */
    void adminNewUser(Context ctx) {
        Session session = requireAdmin(ctx);
        sessions.requireCsrf(ctx, session);
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
    void adminUser(Context ctx) {
        Session session = requireAdmin(ctx);
        sessions.requireCsrf(ctx, session);
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
        Session session = sessions.signedIn(ctx);
        if (!session.user().admin()) throw new DepotException.NotFound("404 Not Found");
        return session;
    }
}
