package depot.server.api;

import depot.core.access.Action;
import depot.core.access.Principal;
import depot.core.db.PackageQuery;
import depot.core.db.Page;
import depot.core.error.DepotException;
import depot.core.model.Namespace;
import depot.core.model.Package;
import depot.core.model.PackageFile;
import depot.core.model.PackageStatus;
import depot.core.model.Project;
import depot.core.packages.ProtectionRules;
import depot.http.FormatContext;
import depot.http.GitLabJson;
import depot.http.PackageFormat;
import depot.http.Paging;
import depot.http.Params;
import depot.server.Services;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The packages API of projects and groups, with GitLab's filters, ordering and pagination. */
final class PackagesApi {
    private static final Set<String> LISTABLE_STATUS = Set.of("default", "hidden", "processing", "error",
            "pending_destruction");
    private final Services s;
    private final Guard guard;
    private final Json json;
    private final FormatContext formatContext;
    private final Map<String, PackageFormat> formats;

    PackagesApi(Services services, Guard guard, Json json, FormatContext formatContext,
                List<PackageFormat> formats) {
        this.s = services;
        this.guard = guard;
        this.json = json;
        this.formatContext = formatContext;
        this.formats = formats.stream().filter(PackageFormat::storesPackages)
                .collect(Collectors.toMap(PackageFormat::type, Function.identity()));
    }

    void routes(Api.Router r) {
        protectionRoutes(r);
        r.get("/projects/{id}/packages", this::listProject);
        r.get("/groups/{id}/packages", this::listGroup);
        r.get("/projects/{id}/packages/{package_id}", ctx -> {
            Project project = readable(ctx);
            Package pkg = pkg(ctx, project);
            Map<String, Object> body = render(pkg, project, false);
            body.put("versions", s.packages().versions(List.of(project.id()), pkg.packageType(), pkg.normalizedName())
                    .stream().filter(v -> v.id() != pkg.id() && v.status() == PackageStatus.DEFAULT)
                    .map(v -> render(v, project, false)).toList());
            ctx.json(body);
        });
        r.delete("/projects/{id}/packages/{package_id}", ctx -> {
            Project project = project(ctx, Action.DELETE);
            Package pkg = pkg(ctx, project);
            s.packageService().delete(pkg, guard.principal(ctx));
            PackageFormat format = formats.get(pkg.packageType());
            if (format != null) format.onDelete(pkg, formatContext);
            Api.noContent(ctx);
        });
        r.get("/projects/{id}/packages/{package_id}/package_files", ctx -> {
            Project project = readable(ctx);
            Package pkg = pkg(ctx, project);
            List<Map<String, Object>> files = new ArrayList<>();
            for (PackageFile f : s.reads().files(pkg.id())) files.add(GitLabJson.packageFile(f));
            ctx.json(Paging.apply(ctx, files));
        });
        r.delete("/projects/{id}/packages/{package_id}/package_files/{file_id}", ctx -> {
            Project project = project(ctx, Action.DELETE);
            Package pkg = pkg(ctx, project);
            long fileId = Api.id(ctx, "file_id", "Package file");
            PackageFile file = s.packages().file(fileId).filter(f -> f.packageId() == pkg.id())
                    .orElseThrow(() -> Api.notFound("Package file"));
            s.packageService().deleteFile(pkg, file, guard.principal(ctx));
            Api.noContent(ctx);
        });
        r.get("/projects/{id}/packages/{package_id}/pipelines", ctx -> {
            Project project = readable(ctx);
            Package pkg = pkg(ctx, project);
            ctx.json(Paging.apply(ctx, new Pipelines(s.packages().reports().jobIds(List.of(pkg.id())), Map.of()).of(pkg)));
        });
    }

    /**
     * GitLab's package protection rules of a project (Maintainer and up; reading needs read_api, changing api).
     * Enforced for every format by the package service.
     */
    private void protectionRoutes(Api.Router r) {
        String base = "/projects/{id}/packages/protection/rules";
        r.get(base, ctx -> {
            Project project = maintained(ctx, false);
            ctx.json(Paging.apply(ctx, s.packageService().protection().list(project.id()).stream()
                    .map(PackagesApi::rule).toList()));
        });
        r.post(base, ctx -> {
            Project project = maintained(ctx, true);
            Params p = new Params(ctx);
            ProtectionRules.Rule rule = s.packageService().protection().create(project.id(), p.string("package_type"),
                    p.string("package_name_pattern"), p.string("minimum_access_level_for_push"),
                    p.string("minimum_access_level_for_delete"), formats.keySet());
            s.audit().record(guard.principal(ctx), "package_protection_rule_created", "Project", project.id(),
                    rule.summary());
            ctx.status(201).json(rule(rule));
        });
        r.patch(base + "/{rule_id}", ctx -> {
            Project project = maintained(ctx, true);
            Params p = new Params(ctx);
            ProtectionRules.Rule rule = s.packageService().protection().update(protectionRule(ctx, project),
                    p.string("package_type"), p.string("package_name_pattern"),
                    level(p, "minimum_access_level_for_push"), level(p, "minimum_access_level_for_delete"),
                    formats.keySet());
            s.audit().record(guard.principal(ctx), "package_protection_rule_updated", "Project", project.id(),
                    rule.summary());
            ctx.json(rule(rule));
        });
        r.delete(base + "/{rule_id}", ctx -> {
            Project project = maintained(ctx, true);
            ProtectionRules.Rule rule = protectionRule(ctx, project);
            s.packageService().protection().delete(rule);
            s.audit().record(guard.principal(ctx), "package_protection_rule_deleted", "Project", project.id(),
                    rule.summary());
            Api.noContent(ctx);
        });
    }

    /** A level to change: null leaves it, JSON null or "" clears it (python-gitlab sends null). */
    private static String level(Params p, String name) {
        return p.isNull(name) ? "" : p.string(name);
    }

    /** The project of {@code :id}, for a user who maintains it (or an admin). */
    private Project maintained(Context ctx, boolean write) {
        Project project = guard.project(ctx);
        guard.projectLevel(ctx, project, depot.core.model.AccessLevel.MAINTAINER, write);
        return project;
    }

    private ProtectionRules.Rule protectionRule(Context ctx, Project project) {
        long id = Api.id(ctx, "rule_id", "Package protection rule");
        return s.packageService().protection().get(project.id(), id)
                .orElseThrow(() -> Api.notFound("Package protection rule"));
    }

    static Map<String, Object> rule(ProtectionRules.Rule r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("project_id", r.projectId());
        m.put("package_name_pattern", r.packageNamePattern());
        m.put("package_type", r.packageType());
        m.put("minimum_access_level_for_delete", r.minimumAccessLevelForDelete());
        m.put("minimum_access_level_for_push", r.minimumAccessLevelForPush());
        return m;
    }

    private Project readable(Context ctx) { return project(ctx, Action.READ); }

    /** The project of {@code :id}, with {@code action} allowed on its packages; hidden ones are 404 here. */
    private Project project(Context ctx, Action action) {
        Principal principal = guard.principal(ctx);
        Project project = guard.project(ctx);
        guard.scopes().requirePackagesEnabled(project, principal);
        s.access().check(principal, project, action);
        return project;
    }

    private Package pkg(Context ctx, Project project) {
        long id = Api.id(ctx, "package_id", "Package");
        return s.packages().get(id)
                .filter(p -> p.projectId() == project.id())
                .filter(p -> p.status() != PackageStatus.PENDING_DESTRUCTION)
                .orElseThrow(() -> Api.notFound("Package"));
    }

    private void listProject(Context ctx) {
        Project project = readable(ctx);
        respond(ctx, List.of(project), false);
    }

    private void listGroup(Context ctx) {
        Namespace group = guard.group(ctx);
        guard.scopes().requireInstancePackagesEnabled();
        Principal principal = guard.principal(ctx);
        boolean exclude = "true".equals(ctx.queryParam("exclude_subgroups"));
        List<Project> projects = exclude
                ? s.directory().projectsIn(List.of(group.id())).stream()
                        .filter(p -> p.packagesEnabled() && s.access().may(principal, p, Action.READ)).toList()
                : guard.scopes().readableIn(group, principal);
        respond(ctx, projects, true);
    }

    private void respond(Context ctx, List<Project> projects, boolean withProject) {
        String status = ctx.queryParam("status");
        if (status != null && !LISTABLE_STATUS.contains(status)) {
            throw new DepotException.Invalid("status does not have a valid value");
        }
        String type = ctx.queryParam("package_type");
        if (type != null && !formats.containsKey(type)) {
            throw new DepotException.Invalid("package_type does not have a valid value");
        }
        PackageQuery q = new PackageQuery(projects.stream().map(Project::id).toList(), type,
                blank(ctx.queryParam("package_name")), blank(ctx.queryParam("package_version")), status,
                "true".equals(ctx.queryParam("include_versionless")), ctx.queryParam("order_by"),
                ctx.queryParam("sort"), Paging.page(ctx), Paging.perPage(ctx));
        Page<Package> page = s.packages().list(q);
        Map<Long, Project> byId = projects.stream().collect(Collectors.toMap(Project::id, Function.identity()));
        Paging.headers(ctx, page.total(), page.page(), page.perPage(), page.hasNext());
        List<Long> ids = page.items().stream().map(Package::id).toList();
        Pipelines pipelines = new Pipelines(s.packages().reports().jobIds(ids), s.packages().tagsOf(ids));
        ctx.json(page.items().stream().map(p -> render(p, byId.get(p.projectId()), withProject, pipelines)).toList());
    }

    private static String blank(String s) { return s == null || s.isBlank() ? null : s; }

    private Map<String, Object> render(Package p, Project project, boolean withProject) {
        return render(p, project, withProject, new Pipelines(s.packages().reports().jobIds(List.of(p.id())),
                s.packages().tagsOf(List.of(p.id()))));
    }

    /** The pipelines and tags of a page of packages, each job and user looked up once. */
    private final class Pipelines {
        private final Map<Long, List<Long>> jobIds;
        private final Map<Long, List<Map<String, Object>>> tags;
        private final Map<Long, Map<String, Object>> rendered = new java.util.HashMap<>();

        Pipelines(Map<Long, List<Long>> jobIds, Map<Long, List<Map<String, Object>>> tags) {
            this.jobIds = jobIds;
            this.tags = tags;
        }

        List<Map<String, Object>> tags(Package p) { return tags.getOrDefault(p.id(), List.of()); }

        List<Map<String, Object>> of(Package p) {
            return jobIds.getOrDefault(p.id(), List.of()).stream()
                    .map(id -> rendered.computeIfAbsent(id, this::lookup)).filter(Objects::nonNull).toList();
        }

        private Map<String, Object> lookup(long jobId) {
            return s.identities().job(jobId)
                    .map(j -> json.pipeline(j, s.identities().user(j.userId()).orElse(null))).orElse(null);
        }
    }

    private Map<String, Object> render(Package p, Project project, boolean withProject, Pipelines all) {
        Map<String, Object> m = GitLabJson.packageSummary(p);
        if (withProject) {
            m.put("project_id", project.id());
            m.put("project_path", project.fullPath());
        }
        String web = "/" + project.fullPath() + "/-/packages/" + p.id();
        Map<String, Object> links = new LinkedHashMap<>();
        links.put("web_path", web);
        links.put("delete_api_path", formatContext.externalUrl() + "/api/v4/projects/" + project.id() + "/packages/" + p.id());
        m.put("_links", links);
        List<Map<String, Object>> pipelines = all.of(p);
        m.put("pipeline", pipelines.isEmpty() ? null : pipelines.get(0));
        m.put("pipelines", pipelines);
        m.put("tags", all.tags(p));
        m.put("last_downloaded_at", null);
        return m;
    }

}
