package depot.format.oci;

import depot.core.access.AccessService;
import depot.core.access.Action;
import depot.core.access.Principal;
import depot.core.error.DepotException;
import depot.core.model.AccessLevel;
import depot.core.model.Namespace;
import depot.core.model.Project;
import depot.http.ApiRoutes;
import depot.http.FormatContext;
import depot.http.GitLabJson;
import depot.http.Paging;
import depot.http.Params;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * GitLab's container registry API: repositories of a project or group, their tags, tag details, and deletes (one
 * tag, a whole repository, or tags in bulk by GitLab's cleanup rules), and the project's cleanup policy (a field of
 * the project's JSON, its dry run and a run now). Reading needs the registry's pull right, deleting its delete right.
 */
final class RegistryApi {
    private final FormatContext s;
    private final ApiRoutes guard;
    private final ContainerStore store;
    private final ContainerCleanup cleanup;
    private final String host;

    RegistryApi(ApiRoutes routes, ContainerStore store, ContainerCleanup cleanup) {
        this.s = routes.services();
        this.guard = routes;
        this.store = store;
        this.cleanup = cleanup;
        this.host = s.externalUrl().replaceFirst("^https?://", "");
    }

    void routes(ApiRoutes r) {
        r.projectAttribute("container_expiration_policy", p -> cleanup.policy(p.id()).json(),
                (p, policy) -> cleanup.update(p.id(), policy));
        r.add(HandlerType.GET, "/projects/{id}/registry/cleanup_policy/preview", ctx -> cleanup(ctx, false));
        r.add(HandlerType.POST, "/projects/{id}/registry/cleanup_policy/run", ctx -> cleanup(ctx, true));
        r.add(HandlerType.GET, "/projects/{id}/registry/repositories", ctx -> {
            Project p = project(ctx, Action.READ);
            ctx.json(Paging.apply(ctx, repositories(ctx, p)));
        });
        r.add(HandlerType.GET, "/groups/{id}/registry/repositories", ctx -> {
            Namespace g = guard.group(ctx);
            Principal principal = guard.principal(ctx);
            List<Map<String, Object>> all = new ArrayList<>();
            for (Project p : s.directory().projectsIn(s.directory().descendantIds(g.id()))) {
                if (s.access().may(principal, p, Action.READ, AccessService.Area.REGISTRY)) all.addAll(repositories(ctx, p));
            }
            ctx.json(Paging.apply(ctx, all));
        });
        r.add(HandlerType.GET, "/registry/repositories/{rid}", ctx -> {
            long rid = number(ctx.pathParam("rid"));
            ContainerStore.RepositorySummary repo = store.repositoryById(rid).orElseThrow(RegistryApi::notFound);
            Project p = s.directory().project(store.projectOf(rid)).orElseThrow(RegistryApi::notFound);
            if (!s.access().may(guard.principal(ctx), p, Action.READ, AccessService.Area.REGISTRY)) throw notFound();
            ctx.json(render(ctx, p, repo));
        });
        r.add(HandlerType.DELETE, "/projects/{id}/registry/repositories/{rid}", ctx -> {
            Project p = project(ctx, Action.DELETE);
            ContainerStore.RepositorySummary repo = repository(p, ctx);
            store.deleteRepository(repo.id());
            s.audit(guard.principal(ctx), "package_deleted", "ContainerRepository", repo.id(),
                    "container repository " + path(p, repo) + " and all its tags");
            ctx.status(202).json(Map.of("message", "202 Accepted"));
        });
        r.add(HandlerType.GET, "/projects/{id}/registry/repositories/{rid}/tags", ctx -> {
            Project p = project(ctx, Action.READ);
            ContainerStore.RepositorySummary repo = repository(p, ctx);
            String path = path(p, repo);
            ctx.json(Paging.apply(ctx, store.tagRows(repo.id(), Integer.MAX_VALUE).stream()
                    .map(t -> tag(path, t.name())).toList()));
        });
        r.add(HandlerType.GET, "/projects/{id}/registry/repositories/{rid}/tags/{tag}", ctx -> {
            Project p = project(ctx, Action.READ);
            ContainerStore.RepositorySummary repo = repository(p, ctx);
            String tag = ctx.pathParam("tag");
            ContainerStore.TagRow t = store.tagRows(repo.id(), Integer.MAX_VALUE).stream()
                    .filter(x -> x.name().equals(tag)).findFirst().orElseThrow(() -> new DepotException.NotFound("404 Tag Not Found"));
            Map<String, Object> m = tag(path(p, repo), t.name());
            m.put("revision", t.digest().substring(t.digest().indexOf(':') + 1));
            m.put("short_revision", t.digest().substring(t.digest().indexOf(':') + 1, t.digest().indexOf(':') + 10));
            m.put("digest", t.digest());
            m.put("created_at", GitLabJson.time(t.updatedAt()));
            m.put("total_size", t.size());
            ctx.json(m);
        });
        r.add(HandlerType.DELETE, "/projects/{id}/registry/repositories/{rid}/tags/{tag}", ctx -> {
            Project p = project(ctx, Action.DELETE);
            ContainerStore.RepositorySummary repo = repository(p, ctx);
            if (!store.deleteTag(repo.id(), ctx.pathParam("tag"))) throw new DepotException.NotFound("404 Tag Not Found");
            s.audit(guard.principal(ctx), "package_deleted", "ContainerImage", repo.id(),
                    "tag " + path(p, repo) + ":" + ctx.pathParam("tag"));
            ctx.status(200);
        });
        r.add(HandlerType.DELETE, "/projects/{id}/registry/repositories/{rid}/tags", ctx -> {
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
                    s.audit(guard.principal(ctx), "package_deleted", "ContainerImage", repo.id(),
                            "tag " + path(p, repo) + ":" + c.tag() + " (bulk delete)");
                }
            }
            ctx.status(202).json(Map.of("message", "202 Accepted"));
        });
    }

    /**
     * The cleanup policy's dry run ({@code GET …/registry/cleanup_policy/preview}) or a run now ({@code POST …/run}):
     * the tags it removes. Maintainers only; runs whether or not the policy is enabled.
     */
    private void cleanup(Context ctx, boolean apply) {
        Project project = guard.project(ctx);
        guard.requireLevel(ctx, project, AccessLevel.MAINTAINER);
        ContainerCleanup.Policy policy = cleanup.policy(project.id());
        long now = s.clock().now();
        List<ContainerCleanup.Candidate> tags = apply ? cleanup.apply(project.id(), policy, now)
                : cleanup.plan(project.id(), policy, now);
        String base = project.fullPath();
        ctx.json(tags.stream().map(c -> Map.of("repository", c.repository().isEmpty() ? base : base + "/" + c.repository(),
                "tag", c.tag(), "digest", c.digest(),
                "updated_at", GitLabJson.time(c.updatedAt()))).toList());
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
        m.put("created_at", GitLabJson.time(r.createdAt()));
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
