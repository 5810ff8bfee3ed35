package depot.server.api;

import depot.core.access.Principal;
import depot.core.error.DepotException;
import depot.core.model.AccessLevel;
import depot.core.model.Namespace;
import depot.core.model.User;
import depot.http.Paging;
import depot.http.Params;
import depot.server.Services;
import io.javalin.http.Context;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Groups: create, list, get, edit, delete, subgroups, projects, and package settings (duplicates). */
final class GroupsApi {
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final ObjectMapper SETTINGS_BODY = depot.http.BoundedJson.mapper(10_000);
    private final Services s;
    private final Guard guard;
    private final Json json;

    GroupsApi(Services services, Guard guard, Json json) {
        this.s = services;
        this.guard = guard;
        this.json = json;
    }

    void routes(Api.Router r) {
        r.post("/groups", this::create);
        r.get("/groups", ctx -> list(ctx, s.directory().groups()));
        r.get("/groups/{id}", ctx -> ctx.json(json.group(guard.group(ctx))));
        r.put("/groups/{id}", this::edit);
        r.delete("/groups/{id}", ctx -> {
            Namespace g = guard.group(ctx);
            guard.groupLevel(ctx, g, AccessLevel.OWNER);
            s.directoryService().deleteGroup(g);
            ctx.status(202).json(Map.of("message", "202 Accepted"));
        });
        r.get("/groups/{id}/subgroups", ctx -> list(ctx, s.directory().subgroups(guard.group(ctx).id())));
        r.get("/groups/{id}/projects", this::projects);
        r.get("/groups/{id}/package_settings", ctx -> {
            Namespace g = guard.group(ctx);
            guard.groupLevel(ctx, g, AccessLevel.MAINTAINER);
            ctx.json(settings(g));
        });
        r.put("/groups/{id}/package_settings", this::editSettings);
    }

    private void create(Context ctx) {
        User user = guard.user(ctx, true);
        Params p = new Params(ctx);
        Long parentId = p.longValue("parent_id");
        if (parentId != null) {
            Namespace parent = s.directory().namespace(parentId).filter(Namespace::group)
                    .filter(n -> s.access().canSeeGroup(guard.principal(ctx), n))
                    .orElseThrow(() -> Api.notFound("Group"));
            guard.groupLevel(ctx, parent, AccessLevel.MAINTAINER);
        }
        Namespace g = s.directoryService().createGroup(p.required("name"), p.required("path"), parentId,
                p.string("visibility"), p.string("description"), user);
        ctx.status(201).json(json.group(g));
    }

    private void list(Context ctx, List<Namespace> groups) {
        Principal principal = guard.principal(ctx);
        String search = ctx.queryParam("search");
        List<Map<String, Object>> visible = groups.stream()
                .filter(Namespace::group)
                .filter(g -> s.access().canSeeGroup(principal, g))
                .filter(g -> search == null || g.fullPath().toLowerCase().contains(search.toLowerCase())
                        || g.name().toLowerCase().contains(search.toLowerCase()))
                .sorted(Comparator.comparing(Namespace::name, String.CASE_INSENSITIVE_ORDER))
                .map(json::group).toList();
        ctx.json(Paging.apply(ctx, visible));
    }

    private void edit(Context ctx) {
        Namespace g = guard.group(ctx);
        guard.groupLevel(ctx, g, AccessLevel.OWNER);
        Params p = new Params(ctx);
        String name = p.string("name");
        String visibility = p.string("visibility");
        String description = p.string("description");
        s.directory().updateNamespace(g.id(), name != null ? name : g.name(),
                visibility != null ? depot.core.model.Visibility.of(visibility).value() : g.visibility(),
                description != null ? description : g.description());
        ctx.json(json.group(s.directory().namespace(g.id()).orElseThrow()));
    }

    private void projects(Context ctx) {
        Namespace g = guard.group(ctx);
        Principal principal = guard.principal(ctx);
        boolean includeSubgroups = "true".equals(ctx.queryParam("include_subgroups"));
        List<Long> ids = includeSubgroups ? s.directory().descendantIds(g.id()) : List.of(g.id());
        List<Map<String, Object>> visible = s.directory().projectsIn(ids).stream()
                .filter(p -> s.access().canSee(principal, p))
                .map(p -> json.project(p, s.directory().namespace(p.namespaceId()).orElseThrow())).toList();
        ctx.json(Paging.apply(ctx, visible));
    }

    private ObjectNode settings(Namespace g) {
        ObjectNode node = JSON.createObjectNode();
        s.directory().packageSettings(g.id()).ifPresent(text -> node.setAll((ObjectNode) JSON.readTree(text)));
        return node;
    }

    /** Duplicate settings, as GitLab keeps them per group: {@code <type>_duplicates_allowed}, {@code …_exception_regex}. */
    private void editSettings(Context ctx) {
        Namespace g = guard.group(ctx);
        guard.groupLevel(ctx, g, AccessLevel.OWNER);
        ObjectNode current = settings(g);
        ObjectNode changes;
        try {
            changes = (ObjectNode) SETTINGS_BODY.readTree(ctx.body());
        } catch (tools.jackson.core.JacksonException | ClassCastException e) {
            throw new DepotException.Invalid("the request body must be a JSON object");
        }
        for (var e : changes.properties()) {
            String key = e.getKey();
            if (key.endsWith("_duplicates_allowed") && e.getValue().isBoolean()) current.set(key, e.getValue());
            else if (key.endsWith("_duplicate_exception_regex") && e.getValue().isString()) {
                depot.core.packages.UserPattern.compile(e.getValue().asString(), key);
                current.set(key, e.getValue());
            } else {
                throw new DepotException.Invalid(key + " is not a package setting");
            }
        }
        s.directory().savePackageSettings(g.id(), JSON.writeValueAsString(current));
        ctx.json(current);
    }

}
