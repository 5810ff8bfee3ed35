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
    private final Map<String, String> labels;

    PackageSettingsForms(Services services, BrowserSessions sessions, Templates templates, Mounts.Scopes scopes,
                         Map<String, String> labels, StorageReport storage) {
        this.s = services;
        this.labels = labels;
        this.storage = storage;
        this.sessions = sessions;
        this.templates = templates;
        this.scopes = scopes;
        this.types = labels.keySet();
    }

    /** {@code /groups/:path/-/settings/packages}. */
    void groupPage(Context ctx, String path) {
        Session session = sessions.signedIn(ctx);
        Namespace group = ownedGroup(path, session);
        templates.html(ctx, "settings", Map.of("viewer", sessions.viewer(ctx), "page",
                groupSettings(group, null, null)));
    }

    /** {@code /:path/-/settings/packages}. */
    void projectPage(Context ctx, String path) {
        Session session = sessions.signedIn(ctx);
        Project project = maintainedProject(path.substring(0, path.length() - SETTINGS.length()), session);
        templates.html(ctx, "settings", Map.of("viewer", sessions.viewer(ctx), "page",
                projectSettings(project, null)));
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

    /**
     * A group's settings page: its duplicate policy per format (as stored, or as just submitted and refused with
     * {@code error}), or for a subgroup a pointer to its top-level group's, which is the one that applies.
     */
    private SettingsPage groupSettings(Namespace group, Map<String, String> submitted, String error) {
        JsonNode stored = s.directory().packageSettings(group.id()).map(JSON::readTree)
                .orElse(JSON.createObjectNode());
        List<SettingsPage.Duplicates> rows = types.stream().sorted().map(type -> new SettingsPage.Duplicates(type,
                labels.getOrDefault(type, type), submitted != null ? "true".equals(submitted.get(type + "_duplicates_allowed"))
                        : stored.path(type + "_duplicates_allowed").asBoolean(s.packageService().duplicatesAllowedByDefault(type)),
                submitted != null ? submitted.getOrDefault(type + "_duplicate_exception_regex", "")
                        : stored.path(type + "_duplicate_exception_regex").asString(""))).toList();
        String top = group.parentId() == null ? null : group.fullPath().substring(0, group.fullPath().indexOf('/'));
        return new SettingsPage(group.fullPath(), "/groups/" + group.fullPath() + SETTINGS, false, true, rows,
                List.of(), List.of(), error, storage.of(s.directory().projectsIn(s.directory().descendantIds(group.id()))),
                top);
    }

    /** The group settings form; the session's CSRF token has been checked. */
    void groupPost(Context ctx, Session session, String path) {
        Namespace group = ownedGroup(path, session);
        if (group.parentId() != null) {
            throw new DepotException.Invalid("a subgroup's duplicate settings are its top-level group's: change them there");
        }
        ObjectNode settings = JSON.createObjectNode();
        s.directory().packageSettings(group.id()).ifPresent(t -> settings.setAll((ObjectNode) JSON.readTree(t)));
        Map<String, String> submitted = new java.util.HashMap<>();
        ctx.formParamMap().forEach((k, v) -> {
            if (!v.isEmpty()) submitted.put(k, v.get(0));
        });
        try {
            for (String type : types) {
                settings.put(type + "_duplicates_allowed", "true".equals(ctx.formParam(type + "_duplicates_allowed")));
                String regex = Optional.ofNullable(ctx.formParam(type + "_duplicate_exception_regex")).orElse("").trim();
                depot.core.packages.UserPattern.compile(regex, "the exception pattern for " + labels.getOrDefault(type, type));
                settings.put(type + "_duplicate_exception_regex", regex);
            }
        } catch (DepotException.Invalid e) {
            // the page again, with the reason and what was typed
            ctx.status(400);
            templates.html(ctx, "settings", Map.of("viewer", sessions.viewer(ctx), "page",
                    groupSettings(group, submitted, e.getMessage())));
            return;
        }
        s.directory().savePackageSettings(group.id(), JSON.writeValueAsString(settings));
        sessions.flash(ctx, "Saved the duplicate settings of " + group.fullPath() + ".");
        ctx.redirect("/groups/" + group.fullPath() + SETTINGS);
    }

    /** The project settings form's registry switch; the session's CSRF token has been checked. */
    void projectPost(Context ctx, Session session, String path) {
        Project project = maintainedProject(path.substring(0, path.length() - SETTINGS.length()), session);
        s.directory().updateProject(project.id(), project.name(), project.visibility(),
                "true".equals(ctx.formParam("packages_enabled")), project.description());
        sessions.flash(ctx, "Saved: packages are " + ("true".equals(ctx.formParam("packages_enabled")) ? "on" : "off")
                + " for " + project.fullPath() + ".");
        ctx.redirect("/" + project.fullPath() + SETTINGS);
    }

    private Project maintainedProject(String projectPath, Session session) {
        Principal p = session.principal();
        Project project = scopes.project(projectPath, p);
        if (!session.user().admin() && !s.access().level(session.user(), project).atLeast(AccessLevel.MAINTAINER)) {
            throw new DepotException.Forbidden("403 Forbidden: only maintainers change project settings");
        }
        return project;
    }

    private SettingsPage projectSettings(Project project, String error) {
        return new SettingsPage(project.fullPath(), "/" + project.fullPath() + SETTINGS, true, project.packagesEnabled(),
                List.of(), s.packageService().protection().list(project.id()),
                types.stream().sorted().map(t -> new SettingsPage.Type(t, labels.getOrDefault(t, t))).toList(), error,
                storage.of(List.of(project)), null);
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
                sessions.flash(ctx, "Saved: added the protection rule for " + rule.packageNamePattern() + ".");
            } catch (DepotException.Invalid | DepotException.Conflict e) {
                ctx.status(Errors.status(e));
                templates.html(ctx, "settings", Map.of("viewer", sessions.viewer(ctx), "page",
                        projectSettings(project, e.getMessage())));
                return;
            }
        } else if (rest.startsWith("/") && rest.endsWith("/delete") && isNumber(rest.substring(1, rest.length() - 7))) {
            long id = Long.parseLong(rest.substring(1, rest.length() - 7));
            ProtectionRules.Rule rule = s.packageService().protection().get(project.id(), id)
                    .orElseThrow(() -> new DepotException.NotFound("404 Not Found"));
            s.packageService().protection().delete(rule);
            s.audit().record(p, "package_protection_rule_deleted", "Project", project.id(),
                    rule.summary());
            sessions.flash(ctx, "Saved: removed the protection rule for " + rule.packageNamePattern() + ".");
        } else {
            throw new DepotException.NotFound("404 Not Found");
        }
        ctx.redirect("/" + project.fullPath() + SETTINGS);
    }
}
