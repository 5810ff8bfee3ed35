package depot.server.web;

import static depot.server.web.FormValues.isNumber;

import depot.core.access.Principal;
import depot.core.error.DepotException;
import depot.core.model.AccessLevel;
import depot.core.model.Namespace;
import depot.core.model.Project;
import depot.core.packages.ProtectionRules;
import depot.http.Errors;
import depot.http.Mounts;
import depot.server.Services;
import depot.server.web.BrowserSessions.Session;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The package settings pages ({@code …/-/settings/packages}) and their forms: a project's registry switch and its
 * package protection rules, for its maintainers; a group's duplicate policy per format, for its owners.
 */
final class PackageSettingsForms {
    static final String SETTINGS = "/-/settings/packages";
    static final String PROTECTION = "/protection";
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final Services s;
    private final BrowserSessions sessions;
    private final Templates templates;
    private final Mounts.Scopes scopes;
    private final Set<String> types;
    private final StorageReport storage;

    PackageSettingsForms(Services services, BrowserSessions sessions, Templates templates, Mounts.Scopes scopes,
                         Set<String> types, StorageReport storage) {
        this.s = services;
        this.storage = storage;
        this.sessions = sessions;
        this.templates = templates;
        this.scopes = scopes;
        this.types = types;
    }

    /** {@code /groups/:path/-/settings/packages}. */
    void groupPage(Context ctx, String path) {
        Session session = sessions.signedIn(ctx);
        Namespace group = ownedGroup(path, session);
        templates.html(ctx, "settings", Map.of("viewer", sessions.viewer(ctx), "page",
                groupSettings(group, ctx.queryParam("saved") != null)));
    }

    /** {@code /:path/-/settings/packages}. */
    void projectPage(Context ctx, String path) {
        Session session = sessions.signedIn(ctx);
        Project project = maintainedProject(path.substring(0, path.length() - SETTINGS.length()), session);
        templates.html(ctx, "settings", Map.of("viewer", sessions.viewer(ctx), "page",
                projectSettings(project, ctx.queryParam("saved") != null, null)));
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
        List<SettingsPage.Duplicates> rows = types.stream().sorted().map(type -> new SettingsPage.Duplicates(
                type, stored.path(type + "_duplicates_allowed").asBoolean(s.packageService().duplicatesAllowedByDefault(type)),
                stored.path(type + "_duplicate_exception_regex").asString(""))).toList();
        return new SettingsPage(group.fullPath(), "/groups/" + group.fullPath() + SETTINGS, false, true, rows, saved,
                List.of(), List.of(), null, storage.of(s.directory().projectsIn(s.directory().descendantIds(group.id()))));
    }

    /** The group settings form; the session's CSRF token has been checked. */
    void groupPost(Context ctx, Session session, String path) {
        Namespace group = ownedGroup(path, session);
        ObjectNode settings = JSON.createObjectNode();
        s.directory().packageSettings(group.id()).ifPresent(t -> settings.setAll((ObjectNode) JSON.readTree(t)));
        for (String type : types) {
            settings.put(type + "_duplicates_allowed", "true".equals(ctx.formParam(type + "_duplicates_allowed")));
            String regex = Optional.ofNullable(ctx.formParam(type + "_duplicate_exception_regex")).orElse("").trim();
            depot.core.packages.UserPattern.compile(regex, "the exception pattern for " + type);
            settings.put(type + "_duplicate_exception_regex", regex);
        }
        s.directory().savePackageSettings(group.id(), JSON.writeValueAsString(settings));
        ctx.redirect("/groups/" + group.fullPath() + SETTINGS + "?saved=1");
    }

    /** The project settings form's registry switch; the session's CSRF token has been checked. */
    void projectPost(Context ctx, Session session, String path) {
        Project project = maintainedProject(path.substring(0, path.length() - SETTINGS.length()), session);
        s.directory().updateProject(project.id(), project.name(), project.visibility(),
                "true".equals(ctx.formParam("packages_enabled")), project.description());
        ctx.redirect("/" + project.fullPath() + SETTINGS + "?saved=1");
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
                types.stream().sorted().toList(), error, storage.of(List.of(project)));
    }

    /**
     * {@code …/-/settings/packages/protection} adds a package protection rule; {@code …/protection/:id/delete}
     * removes one. A refused rule shows the settings page with the reason.
     */
    void protectionPost(Context ctx, Session session, String path) {
        int at = path.indexOf(SETTINGS + PROTECTION);
        Project project = maintainedProject(path.substring(0, at), session);
        String rest = path.substring(at + SETTINGS.length() + PROTECTION.length());
        Principal p = session.principal();
        if (rest.isEmpty()) {
            try {
                ProtectionRules.Rule rule = s.packageService().protection().create(project.id(),
                        ctx.formParam("package_type"), ctx.formParam("package_name_pattern"),
                        ctx.formParam("minimum_access_level_for_push"), ctx.formParam("minimum_access_level_for_delete"),
                        types);
                s.audit().record(p, "package_protection_rule_created", "Project", project.id(),
                        rule.summary());
            } catch (DepotException.Invalid | DepotException.Conflict e) {
                ctx.status(Errors.status(e));
                templates.html(ctx, "settings", Map.of("viewer", sessions.viewer(ctx), "page",
                        projectSettings(project, false, e.getMessage())));
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
}
