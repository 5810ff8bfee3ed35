package depot.server.api;

import depot.server.Services;
import depot.core.access.AccessService;
import depot.core.access.Action;
import depot.core.access.Principal;
import depot.core.db.ContainerStore;
import depot.core.error.DepotException;
import depot.core.model.Namespace;
import depot.core.model.Project;
import depot.core.packages.ContainerCleanup;
import depot.server.DepotServer;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * GitLab's container registry API: repositories of a project or group, their tags, tag details, and deletes (one
 * tag, a whole repository, or tags in bulk by GitLab's cleanup rules). Reading needs the registry's pull right,
 * deleting its delete right.
 */
final class RegistryApi {
    private final Services s;
    private final Guard guard;
    private final ContainerStore store;
    private final ContainerCleanup cleanup;
    private final String host;

    RegistryApi(Services services, Guard guard, String externalUrl) {
        this.s = services;
        this.guard = guard;
        this.store = new ContainerStore(services.database().jdbi());
        this.cleanup = new ContainerCleanup(services.database().jdbi());
        this.host = externalUrl.replaceFirst("^https?://", "");
    }

    void routes(Api.Router r) {
        r.get("/projects/{id}/registry/repositories", ctx -> {
            Project p = project(ctx, Action.READ);
            ctx.json(Paging.apply(ctx, repositories(ctx, p)));
        });
        r.get("/groups/{id}/registry/repositories", ctx -> {
            Namespace g = guard.group(ctx);
            Principal principal = guard.principal(ctx);
            List<Map<String, Object>> all = new ArrayList<>();
            for (Project p : s.directory().projectsIn(s.directory().descendantIds(g.id()))) {
                if (s.access().may(principal, p, Action.READ, AccessService.Area.REGISTRY)) all.addAll(repositories(ctx, p));
            }
            ctx.json(Paging.apply(ctx, all));
        });
        r.get("/registry/repositories/{rid}", ctx -> {
            long rid = number(ctx.pathParam("rid"));
            ContainerStore.RepositorySummary repo = store.repositoryById(rid).orElseThrow(RegistryApi::notFound);
            Project p = s.directory().project(store.projectOf(rid)).orElseThrow(RegistryApi::notFound);
            if (!s.access().may(guard.principal(ctx), p, Action.READ, AccessService.Area.REGISTRY)) throw notFound();
            ctx.json(render(ctx, p, repo));
        });
        r.delete("/projects/{id}/registry/repositories/{rid}", ctx -> {
            Project p = project(ctx, Action.DELETE);
            ContainerStore.RepositorySummary repo = repository(p, ctx);
            store.deleteRepository(repo.id());
            s.audit().record(guard.principal(ctx), "package_deleted", "ContainerRepository", repo.id(),
                    "container repository " + path(p, repo) + " and all its tags");
            ctx.status(202).json(Map.of("message", "202 Accepted"));
        });
        r.get("/projects/{id}/registry/repositories/{rid}/tags", ctx -> {
            Project p = project(ctx, Action.READ);
            ContainerStore.RepositorySummary repo = repository(p, ctx);
            String path = path(p, repo);
            ctx.json(Paging.apply(ctx, store.tagRows(repo.id(), Integer.MAX_VALUE).stream()
                    .map(t -> tag(path, t.name())).toList()));
        });
        r.get("/projects/{id}/registry/repositories/{rid}/tags/{tag}", ctx -> {
            Project p = project(ctx, Action.READ);
            ContainerStore.RepositorySummary repo = repository(p, ctx);
            String tag = ctx.pathParam("tag");
            ContainerStore.TagRow t = store.tagRows(repo.id(), Integer.MAX_VALUE).stream()
                    .filter(x -> x.name().equals(tag)).findFirst().orElseThrow(() -> new DepotException.NotFound("404 Tag Not Found"));
            Map<String, Object> m = tag(path(p, repo), t.name());
            m.put("revision", t.digest().substring(t.digest().indexOf(':') + 1));
            m.put("short_revision", t.digest().substring(t.digest().indexOf(':') + 1, t.digest().indexOf(':') + 10));
            m.put("digest", t.digest());
            m.put("created_at", Json.time(t.updatedAt()));
            m.put("total_size", t.size());
            ctx.json(m);
        });
        r.delete("/projects/{id}/registry/repositories/{rid}/tags/{tag}", ctx -> {
            Project p = project(ctx, Action.DELETE);
            ContainerStore.RepositorySummary repo = repository(p, ctx);
            if (!store.deleteTag(repo.id(), ctx.pathParam("tag"))) throw new DepotException.NotFound("404 Tag Not Found");
            s.audit().record(guard.principal(ctx), "package_deleted", "ContainerImage", repo.id(),
                    "tag " + path(p, repo) + ":" + ctx.pathParam("tag"));
            ctx.status(200);
        });
        r.delete("/projects/{id}/registry/repositories/{rid}/tags", ctx -> {
            Project p = project(ctx, Action.DELETE);
            ContainerStore.RepositorySummary repo = repository(p, ctx);
            Params params = new Params(ctx);
            String delete = params.string("name_regex_delete") != null ? params.string("name_regex_delete")
                    : params.string("name_regex");
            if (delete == null) throw new DepotException.Invalid("name_regex_delete is missing");
            ContainerCleanup.Policy policy = new ContainerCleanup.Policy(true, params.intValue("keep_n"),
                    params.string("older_than"), delete, params.string("name_regex_keep"));
            for (ContainerCleanup.Candidate c : cleanup.plan(p.id(), cleanup.checked(policy), s.clock().now())) {
                if (c.repositoryId() == repo.id() && store.deleteTag(repo.id(), c.tag())) {
                    s.audit().record(guard.principal(ctx), "package_deleted", "ContainerImage", repo.id(),
                            "tag " + path(p, repo) + ":" + c.tag() + " (bulk delete)");
                }
            }
            ctx.status(202).json(Map.of("message", "202 Accepted"));
        });
    }

    private Project project(Context ctx, Action action) {
        Project p = guard.project(ctx);
        s.access().check(guard.principal(ctx), p, action, AccessService.Area.REGISTRY);
        return p;
    }

    private ContainerStore.RepositorySummary repository(Project p, Context ctx) {
        long rid = number(ctx.pathParam("rid"));
        return store.repositoriesOf(p.id()).stream().filter(r -> r.id() == rid).findFirst()
                .orElseThrow(RegistryApi::notFound);
    }

    private List<Map<String, Object>> repositories(Context ctx, Project p) {
        return store.repositoriesOf(p.id()).stream().map(r -> render(ctx, p, r)).toList();
    }

    private Map<String, Object> render(Context ctx, Project p, ContainerStore.RepositorySummary r) {
        String path = path(p, r);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("name", r.name());
        m.put("path", path);
        m.put("project_id", p.id());
        m.put("location", host + "/" + path);
        m.put("created_at", Json.time(r.createdAt()));
        m.put("cleanup_policy_started_at", null);
        if ("true".equals(ctx.queryParam("tags_count"))) m.put("tags_count", r.tags());
        if ("true".equals(ctx.queryParam("size"))) m.put("size", r.size());
        if ("true".equals(ctx.queryParam("tags"))) {
            m.put("tags", store.tagRows(r.id(), Integer.MAX_VALUE).stream().map(t -> tag(path, t.name())).toList());
        }
        return m;
    }

    /** A tag as GitLab lists it: name, path and pull location. */
    private Map<String, Object> tag(String repositoryPath, String name) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("path", repositoryPath + ":" + name);
        m.put("location", host + "/" + repositoryPath + ":" + name);
        return m;
    }

    private static String path(Project p, ContainerStore.RepositorySummary r) {
        return r.name().isEmpty() ? p.fullPath() : p.fullPath() + "/" + r.name();
    }

    private static long number(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw notFound();
        }
    }

    private static DepotException notFound() {
        return new DepotException.NotFound("404 Repository Not Found");
    }
}
