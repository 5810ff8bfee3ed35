package depot.server.api;

import depot.core.access.Principal;
import depot.core.error.DepotException;
import depot.core.identity.DirectoryService;
import depot.core.model.AccessLevel;
import depot.core.model.CiJob;
import depot.core.model.DeployToken;
import depot.core.model.Namespace;
import depot.core.model.Project;
import depot.core.model.User;
import depot.core.model.Visibility;
import depot.http.Paging;
import depot.http.Params;
import depot.server.Services;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Projects (with the fields formats add), deploy tokens of projects and groups, and CI jobs. */
final class ProjectsApi {
    private final Services s;
    private final Guard guard;
    private final Json json;
    private final List<FormatApi.Attribute> attributes;

    /** {@code attributes}: the fields formats add to a project's JSON (filled in as the formats register). */
    ProjectsApi(Services services, Guard guard, Json json, List<FormatApi.Attribute> attributes) {
        this.s = services;
        this.guard = guard;
        this.json = json;
        this.attributes = attributes;
    }

    void routes(Api.Router r) {
        r.post("/projects", this::create);
        r.get("/projects", this::list);
        r.get("/projects/{id}", ctx -> ctx.json(renderOne(guard.project(ctx))));
        r.put("/projects/{id}", this::edit);
        r.delete("/projects/{id}", ctx -> {
            Project p = guard.project(ctx);
            guard.projectLevel(ctx, p, AccessLevel.OWNER);
            s.directoryService().deleteProject(p);
            ctx.status(202).json(Map.of("message", "202 Accepted"));
        });
        deployTokenRoutes(r, "/projects/{id}", ctx -> {
            Project p = guard.project(ctx);
            guard.projectLevel(ctx, p, AccessLevel.MAINTAINER);
            return new TokenOwner("project_id", p.id());
        });
        deployTokenRoutes(r, "/groups/{id}", ctx -> {
            Namespace g = guard.group(ctx);
            guard.groupLevel(ctx, g, AccessLevel.MAINTAINER);
            return new TokenOwner("namespace_id", g.id());
        });
        // GitLab's instance-wide list (admins; ?active=true leaves out revoked and expired tokens)
        r.get("/deploy_tokens", ctx -> {
            guard.admin(ctx, false);
            long now = s.clock().now();
            boolean active = "true".equals(ctx.queryParam("active"));
            listTokens(ctx, s.identities().allDeployTokens().stream()
                    .filter(t -> !active || (!t.revoked() && (t.expiresAt() == null || t.expiresAt() > now))).toList());
        });
        r.post("/projects/{id}/jobs", this::openJob);
        r.post("/projects/{id}/jobs/{job_id}/finish", this::finishJob);
    }

    private Map<String, Object> render(Project p) {
        return json.project(p, s.directory().namespace(p.namespaceId()).orElseThrow());
    }

    /** One project, with the fields formats add (the container registry's cleanup policy, as GitLab shows it). */
    private Map<String, Object> renderOne(Project p) {
        Map<String, Object> m = new java.util.LinkedHashMap<>(render(p));
        for (FormatApi.Attribute a : attributes) m.put(a.name(), a.render().apply(p));
        return m;
    }

    private void create(Context ctx) {
        User user = guard.user(ctx, true);
        Params p = new Params(ctx);
        Long namespaceId = p.longValue("namespace_id");
        Namespace ns;
        if (namespaceId == null) {
            ns = s.directory().namespace(user.namespaceId()).orElseThrow();
        } else {
            ns = s.directory().namespace(namespaceId).orElseThrow(() -> Api.notFound("Namespace"));
            if (ns.group()) {
                if (!s.access().canSeeGroup(guard.principal(ctx), ns)) throw Api.notFound("Namespace");
                guard.groupLevel(ctx, ns, AccessLevel.MAINTAINER);
            } else if (ns.id() != user.namespaceId() && !user.admin()) {
                throw new DepotException.Forbidden("403 Forbidden");
            }
        }
        String name = p.string("name");
        String path = p.string("path");
        if (name == null && path == null) throw new DepotException.Invalid("name is missing");
        Boolean enabled = p.bool("packages_enabled");
        Project created = s.directoryService().createProject(ns, name != null ? name : path, path,
                p.string("visibility"), enabled == null || enabled, p.string("description"), user);
        ctx.status(201).json(render(created));
    }

    private void list(Context ctx) {
        Principal principal = guard.principal(ctx);
        User user = principal instanceof Principal.UserPrincipal ? guard.user(ctx, false) : null;
        boolean membership = "true".equals(ctx.queryParam("membership")) || "true".equals(ctx.queryParam("owned"));
        String search = ctx.queryParam("search");
        String visibility = ctx.queryParam("visibility");
        List<Map<String, Object>> visible = s.directory().projects().stream()
                .filter(p -> s.access().canSee(principal, p))
                .filter(p -> !membership || (user != null && s.access().level(user, p).atLeast(AccessLevel.GUEST)))
                .filter(p -> search == null || p.fullPath().toLowerCase().contains(search.toLowerCase()))
                .filter(p -> visibility == null || p.visibility().equals(visibility))
                .map(this::render).toList();
        ctx.json(Paging.apply(ctx, visible));
    }

    private void edit(Context ctx) {
        Project project = guard.project(ctx);
        guard.projectLevel(ctx, project, AccessLevel.MAINTAINER);
        Params p = new Params(ctx);
        String name = p.string("name");
        String visibility = p.string("visibility");
        Boolean enabled = p.bool("packages_enabled");
        String access = p.string("package_registry_access_level");
        if (access != null) enabled = !access.equals("disabled");
        String description = p.string("description");
        for (FormatApi.Attribute a : attributes) {
            JsonNode value = p.object(a.name() + "_attributes");
            if (value != null) a.update().accept(project, value);
        }
        String path = p.string("path");
        if (path != null) s.directoryService().changeProjectPath(project, path);
        s.directory().updateProject(project.id(), name != null ? name : project.name(),
                visibility != null ? Visibility.of(visibility).value() : project.visibility(),
                enabled != null ? enabled : project.packagesEnabled(),
                description != null ? description : project.description());
        ctx.json(renderOne(s.directory().project(project.id()).orElseThrow()));
    }

    /** The project or group whose deploy tokens a route manages, after a maintainer check. */
    private record TokenOwner(String column, long id) {
        Long projectId() { return column.equals("project_id") ? id : null; }

        Long namespaceId() { return column.equals("namespace_id") ? id : null; }
    }

    private void deployTokenRoutes(Api.Router r, String base, java.util.function.Function<Context, TokenOwner> owner) {
        r.get(base + "/deploy_tokens", ctx -> {
            TokenOwner o = owner.apply(ctx);
            listTokens(ctx, s.identities().deployTokens(o.column(), o.id()));
        });
        r.post(base + "/deploy_tokens", ctx -> {
            TokenOwner o = owner.apply(ctx);
            createToken(ctx, o.projectId(), o.namespaceId());
        });
        r.get(base + "/deploy_tokens/{tid}", ctx -> {
            TokenOwner o = owner.apply(ctx);
            ctx.json(json.deployToken(ownedToken(ctx, s.identities().deployTokens(o.column(), o.id())), s.clock().now()));
        });
        r.delete(base + "/deploy_tokens/{tid}", ctx -> {
            TokenOwner o = owner.apply(ctx);
            revokeToken(ctx, s.identities().deployTokens(o.column(), o.id()));
        });
    }

    private void listTokens(Context ctx, List<DeployToken> tokens) {
        long now = s.clock().now();
        ctx.json(Paging.apply(ctx, tokens.stream().map(t -> json.deployToken(t, now)).toList()));
    }

    private void createToken(Context ctx, Long projectId, Long namespaceId) {
        Params p = new Params(ctx);
        String expires = p.string("expires_at");
        Long expiresAt = null;
        if (expires != null && !expires.isBlank()) {
            try {
                expiresAt = java.time.OffsetDateTime.parse(expires.trim()).toInstant().toEpochMilli();
            } catch (java.time.format.DateTimeParseException e) {
                expiresAt = AccountsApi.date(expires);
            }
        }
        DirectoryService.Issued<DeployToken> issued = s.directoryService().createDeployToken(projectId, namespaceId,
                p.required("name"), p.string("username"), p.list("scopes"), expiresAt);
        s.audit().record(guard.principal(ctx), "token_created", "DeployToken", issued.record().id(),
                "deploy token \"" + issued.record().name() + "\" (" + issued.record().username() + ") for "
                        + (projectId != null ? "project " + projectId : "group " + namespaceId));
        Map<String, Object> body = json.deployToken(issued.record(), s.clock().now());
        body.put("token", issued.token());
        ctx.status(201).json(body);
    }

    private static DeployToken ownedToken(Context ctx, List<DeployToken> owned) {
        long id = Api.id(ctx, "tid", "Deploy token");
        return owned.stream().filter(d -> d.id() == id).findFirst().orElseThrow(() -> Api.notFound("Deploy token"));
    }

    private void revokeToken(Context ctx, List<DeployToken> owned) {
        DeployToken t = ownedToken(ctx, owned);
        s.identities().revokeDeployToken(t.id());
        s.audit().record(guard.principal(ctx), "token_revoked", "DeployToken", t.id(), "deploy token \"" + t.name() + "\"");
        Api.noContent(ctx);
    }

    /**
     * Depot's CI integration: a CI system (an admin or a project maintainer) opens a job for a user who is a
     * developer of the project, and gets a job token valid until the job finishes or expires.
     */
    private void openJob(Context ctx) {
        Project project = guard.project(ctx);
        guard.projectLevel(ctx, project, AccessLevel.MAINTAINER);
        Params p = new Params(ctx);
        Long userId = p.longValue("user_id");
        if (userId == null) throw new DepotException.Invalid("user_id is missing");
        User user = s.identities().user(userId).orElseThrow(() -> Api.notFound("User"));
        // admins too: a job publishes as its user, who must be a member the project's people can see
        if (!s.access().level(user, project).atLeast(AccessLevel.DEVELOPER)) {
            throw new DepotException.Forbidden("403 Forbidden - the job's user must be a developer of the project");
        }
        Long pipeline = p.longValue("pipeline_id");
        Long ttl = p.longValue("expires_in");
        DirectoryService.Issued<CiJob> issued = s.directoryService().openJob(project, user,
                pipeline == null ? 0 : pipeline, p.required("ref"), p.required("sha"), p.string("name"),
                (ttl == null ? 3600 : ttl) * 1000);
        Map<String, Object> body = json.job(issued.record(), user);
        body.put("token", issued.token());
        ctx.status(201).json(body);
    }

    private void finishJob(Context ctx) {
        Project project = guard.project(ctx);
        guard.projectLevel(ctx, project, AccessLevel.MAINTAINER);
        long id = Api.id(ctx, "job_id", "Job");
        CiJob job = s.identities().job(id).filter(j -> j.projectId() == project.id())
                .orElseThrow(() -> Api.notFound("Job"));
        String status = new Params(ctx).string("status");
        s.directoryService().finishJob(job, status == null ? "success" : status);
        ctx.json(json.job(s.identities().job(id).orElseThrow(), null));
    }
}
