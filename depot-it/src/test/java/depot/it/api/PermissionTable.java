package depot.it.api;

import depot.it.formats.FormatTestKit;
import depot.it.formats.FormatTestKits;
import depot.it.formats.Kind;
import depot.it.formats.PermissionRows;
import depot.it.formats.PermissionRows.Row;
import depot.it.formats.PermissionRows.Scope;
import depot.it.formats.Rule;
import depot.it.formats.Style;
import depot.it.formats.Vis;
import depot.it.support.OciRequests;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Every route the server registers, with the rule that decides who may call it (ARCHITECTURE.md, "Authorization")
 * and a call of it on the fixtures of {@link AuthorizationMatrixTest}. A route missing here fails the test, so each
 * new route must say who may use it. A format's routes are the rows of its {@link FormatTestKit}; this class adds
 * the server's own: operations, the REST API and the web UI.
 */
final class PermissionTable {
    private static final String PROJECTS = "/api/v4/projects/";
    private static final String GROUPS = "/api/v4/groups/";
    private final AuthorizationMatrixTest m;
    private final PermissionRows rows;

    PermissionTable(AuthorizationMatrixTest m) {
        this.m = m;
        this.rows = new PermissionRows(m.server.root(), vis -> m.projects.get(vis).id(), m.groups::get);
        operations();
        FormatTestKits.all().forEach(kit -> kit.permissionRows(rows));
        registryApi();
        packagesApi();
        usersTokensAndSettings();
        groupsAndProjects();
        protectionRules();
        deployTokensAndMembers();
        upstreams();
        webUi();
    }

    Map<String, Row> rows() { return rows.rows(); }

    /** A new project in the group of that visibility, with the matrix's members, for routes that destroy it. */
    private long freshProject(Vis vis, String unique) {
        return withMembers("projects", m.world.project(rows.group(vis), "fresh" + unique, vis.value()));
    }

    private long freshGroup(Vis vis, String unique) {
        return withMembers("groups", m.world.subgroup(rows.group(vis), "fresh" + unique, vis.value()));
    }

    private long withMembers(String kind, long id) {
        m.world.member(kind, id, m.users.get("guest"), 10);
        m.world.member(kind, id, m.users.get("reporter"), 20);
        m.world.member(kind, id, m.users.get("developer"), 30);
        m.world.member(kind, id, m.users.get("maintainer"), 40);
        return id;
    }

    private long freshUser(String unique) {
        return m.world.user("victim" + unique).id();
    }

    private long deployToken(String kind, long id) {
        return m.world.deployToken(kind, id, "read_package_registry").get("id").asLong();
    }

    /** A rule that protects nothing the matrix publishes (its pattern is the call's own). */
    private long protectionRule(long project, String unique) {
        return rows.root().post(PROJECTS + project + "/packages/protection/rules", Map.of(
                "package_name_pattern", "rule-" + unique, "package_type", "npm",
                "minimum_access_level_for_delete", "owner")).json().get("id").asLong();
    }

    private long repository(Vis vis) {
        return rows.root().get(PROJECTS + rows.project(vis) + "/registry/repositories").json().get(0).get("id").asLong();
    }

    private void operations() {
        rows.row("GET /-/health", Rule.PUBLIC, Scope.NONE, (api, vis, u) -> api.get("/-/health"));
        rows.row("GET /-/readiness", Rule.PUBLIC, Scope.NONE, (api, vis, u) -> api.get("/-/readiness"));
        rows.row("GET /-/metrics", Rule.PUBLIC, Scope.NONE, (api, vis, u) -> api.get("/-/metrics"));
    }

    /** The container registry's REST API (the server's; the registry's own routes are the OCI format's). */
    private void registryApi() {
        String repositories = "/api/v4/projects/{id}/registry/repositories";
        rows.matrixRow("GET " + repositories, "API GET registry repositories");
        rows.matrixRow("GET " + repositories + "/{rid}/tags", "API GET registry tags");
        rows.matrixRow("DELETE " + repositories + "/{rid}/tags/{tag}", "API DELETE registry tag");
        rows.packageRow("GET " + repositories + "/{rid}/tags/{tag}", Kind.READ, Style.API, Scope.PROJECT, (api, vis, u) ->
                api.get(PROJECTS + rows.project(vis) + "/registry/repositories/" + repository(vis) + "/tags/v1"));
        rows.add(new Row("GET /api/v4/registry/repositories/{rid}", Rule.PACKAGE_HIDDEN, Scope.PROJECT, Kind.READ,
                Style.API, null, (api, vis, u) -> api.get("/api/v4/registry/repositories/" + repository(vis))));
        rows.row("GET /api/v4/groups/{id}/registry/repositories", Rule.SEE, Scope.GROUP,
                (api, vis, u) -> api.get(GROUPS + rows.group(vis) + "/registry/repositories"));
        rows.packageRow("DELETE " + repositories + "/{rid}/tags", Kind.DELETE, Style.API, Scope.PROJECT,
                (api, vis, u) -> api.delete(PROJECTS + rows.project(vis) + "/registry/repositories/" + repository(vis)
                        + "/tags?name_regex_delete=nomatch" + u));
        rows.row("DELETE " + repositories + "/{rid}", Rule.MAINTAIN, Scope.PROJECT, (api, vis, u) -> {
            long fresh = freshProject(vis, u);
            String path = rows.root().get(PROJECTS + fresh).json().get("path_with_namespace").asString();
            OciRequests.image(rows.root(), path + "/img", "v1", "fresh" + u);
            long rid = rows.root().get(PROJECTS + fresh + "/registry/repositories").json().get(0).get("id").asLong();
            return api.delete(PROJECTS + fresh + "/registry/repositories/" + rid);
        });
        rows.row("GET /api/v4/projects/{id}/registry/cleanup_policy/preview", Rule.MAINTAIN, Scope.PROJECT,
                (api, vis, u) -> api.get(PROJECTS + rows.project(vis) + "/registry/cleanup_policy/preview"));
        rows.row("POST /api/v4/projects/{id}/registry/cleanup_policy/run", Rule.MAINTAIN, Scope.PROJECT,
                (api, vis, u) -> api.post(PROJECTS + rows.project(vis) + "/registry/cleanup_policy/run", Map.of()));
    }

    private void packagesApi() {
        rows.matrixRow("GET /api/v4/projects/{id}/packages", "GET project packages");
        rows.matrixRow("GET /api/v4/projects/{id}/packages/{package_id}", "GET package");
        rows.matrixRow("GET /api/v4/projects/{id}/packages/{package_id}/package_files", "GET package files");
        rows.matrixRow("GET /api/v4/projects/{id}/packages/{package_id}/pipelines", "GET package pipelines");
        rows.matrixRow("DELETE /api/v4/projects/{id}/packages/{package_id}", "DELETE package");
        rows.matrixRow("DELETE /api/v4/projects/{id}/packages/{package_id}/package_files/{file_id}", "DELETE package file");
        rows.row("GET /api/v4/groups/{id}/packages", Rule.SEE, Scope.GROUP,
                (api, vis, u) -> api.get(GROUPS + rows.group(vis) + "/packages"));
    }

    private void usersTokensAndSettings() {
        rows.row("GET /api/v4/version", Rule.ANY, Scope.NONE, (api, vis, u) -> api.get("/api/v4/version"));
        rows.row("GET /api/v4/user", Rule.SIGNED_IN, Scope.NONE, (api, vis, u) -> api.get("/api/v4/user"));
        rows.row("GET /api/v4/users", Rule.SIGNED_IN, Scope.NONE, (api, vis, u) -> api.get("/api/v4/users"));
        rows.row("GET /api/v4/users/{uid}", Rule.SIGNED_IN, Scope.NONE,
                (api, vis, u) -> api.get("/api/v4/users/" + m.users.get("guest")));
        rows.row("POST /api/v4/users", Rule.ADMIN, Scope.NONE, (api, vis, u) -> api.post("/api/v4/users", Map.of("username",
                "made" + u, "name", "made" + u, "email", "made" + u + "@example.com", "password", "password-made" + u)));
        rows.row("POST /api/v4/users/{uid}/block", Rule.ADMIN, Scope.NONE,
                (api, vis, u) -> api.post("/api/v4/users/" + freshUser(u) + "/block", Map.of()));
        rows.row("POST /api/v4/users/{uid}/unblock", Rule.ADMIN, Scope.NONE,
                (api, vis, u) -> api.post("/api/v4/users/" + freshUser(u) + "/unblock", Map.of()));
        rows.row("POST /api/v4/users/{uid}/personal_access_tokens", Rule.ADMIN, Scope.NONE, (api, vis, u) -> api.post(
                "/api/v4/users/" + m.users.get("guest") + "/personal_access_tokens",
                Map.of("name", "t" + u, "scopes", List.of("read_api"))));
        rows.row("GET /api/v4/personal_access_tokens", Rule.SIGNED_IN, Scope.NONE,
                (api, vis, u) -> api.get("/api/v4/personal_access_tokens"));
        rows.row("GET /api/v4/personal_access_tokens/self", Rule.SIGNED_IN, Scope.NONE,
                (api, vis, u) -> api.get("/api/v4/personal_access_tokens/self"));
        rows.row("DELETE /api/v4/personal_access_tokens/self", Rule.SIGNED_IN, Scope.NONE, (api, vis, u) -> {
            // the caller's own token would be gone for the rows after this one: it is asked who it is, and a new
            // token of that user revokes itself
            depot.it.support.Api.Response me = api.get("/api/v4/user");
            if (me.status() != 200) return me;
            String token = m.world.token(me.json().get("id").asLong(), List.of("read_api"), null);
            return m.server.as("Private-Token", token).delete("/api/v4/personal_access_tokens/self");
        });
        rows.row("GET /api/v4/personal_access_tokens/{tid}", Rule.TOKEN_OWNER, Scope.NONE, (api, vis, u) -> api.get(
                "/api/v4/personal_access_tokens/" + rows.root().get("/api/v4/personal_access_tokens?user_id="
                        + m.users.get("nonmember")).json().get(0).get("id").asLong()));
        rows.row("DELETE /api/v4/personal_access_tokens/{tid}", Rule.TOKEN_OWNER, Scope.NONE, (api, vis, u) -> {
            String token = m.world.token(m.users.get("nonmember"), List.of("read_api"), null);
            long id = m.server.as("Private-Token", token).get("/api/v4/personal_access_tokens/self").json().get("id")
                    .asLong();
            return api.delete("/api/v4/personal_access_tokens/" + id);
        });
        rows.row("GET /api/v4/audit_events", Rule.ADMIN, Scope.NONE, (api, vis, u) -> api.get("/api/v4/audit_events"));
        rows.row("GET /api/v4/package_claims", Rule.ADMIN, Scope.NONE, (api, vis, u) -> api.get("/api/v4/package_claims"));
        rows.row("PUT /api/v4/package_claims", Rule.ADMIN, Scope.NONE, (api, vis, u) -> api.put("/api/v4/package_claims",
                Map.of("package_type", "maven", "claim", "org.permission.table", "namespace", "matrix")));
        rows.row("GET /api/v4/application/settings", Rule.ADMIN, Scope.NONE,
                (api, vis, u) -> api.get("/api/v4/application/settings"));
        rows.row("PUT /api/v4/application/settings", Rule.ADMIN, Scope.NONE,
                (api, vis, u) -> api.put("/api/v4/application/settings", Map.of("packages_enabled", true)));
        rows.row("GET /api/v4/job", Rule.JOB, Scope.NONE, (api, vis, u) -> api.get("/api/v4/job"));
        rows.row("GET /api/v4/deploy_tokens", Rule.ADMIN, Scope.NONE, (api, vis, u) -> api.get("/api/v4/deploy_tokens"));
    }

    private void groupsAndProjects() {
        rows.row("GET /api/v4/groups", Rule.ANY, Scope.NONE, (api, vis, u) -> api.get("/api/v4/groups"));
        rows.row("POST /api/v4/groups", Rule.SIGNED_IN, Scope.NONE, (api, vis, u) ->
                api.post("/api/v4/groups", Map.of("name", "new" + u, "path", "new" + u, "visibility", "private")));
        rows.row("GET /api/v4/groups/{id}", Rule.SEE, Scope.GROUP, (api, vis, u) -> api.get(GROUPS + rows.group(vis)));
        rows.row("PUT /api/v4/groups/{id}", Rule.OWN, Scope.GROUP,
                (api, vis, u) -> api.put(GROUPS + rows.group(vis), Map.of("description", "d" + u)));
        rows.row("DELETE /api/v4/groups/{id}", Rule.OWN, Scope.GROUP,
                (api, vis, u) -> api.delete(GROUPS + freshGroup(vis, u)));
        rows.row("GET /api/v4/groups/{id}/subgroups", Rule.SEE, Scope.GROUP,
                (api, vis, u) -> api.get(GROUPS + rows.group(vis) + "/subgroups"));
        rows.row("GET /api/v4/groups/{id}/projects", Rule.SEE, Scope.GROUP,
                (api, vis, u) -> api.get(GROUPS + rows.group(vis) + "/projects"));
        rows.row("GET /api/v4/groups/{id}/package_settings", Rule.MAINTAIN, Scope.GROUP,
                (api, vis, u) -> api.get(GROUPS + rows.group(vis) + "/package_settings"));
        rows.row("PUT /api/v4/groups/{id}/package_settings", Rule.OWN, Scope.GROUP, (api, vis, u) ->
                api.put(GROUPS + rows.group(vis) + "/package_settings", Map.of("maven_duplicates_allowed", true)));
        rows.row("GET /api/v4/projects", Rule.ANY, Scope.NONE, (api, vis, u) -> api.get("/api/v4/projects"));
        rows.row("POST /api/v4/projects", Rule.SIGNED_IN, Scope.NONE, (api, vis, u) -> api.post("/api/v4/projects",
                Map.of("name", "mine" + u, "path", "mine" + u)));
        rows.row("GET /api/v4/projects/{id}", Rule.SEE, Scope.PROJECT,
                (api, vis, u) -> api.get(PROJECTS + rows.project(vis)));
        rows.row("PUT /api/v4/projects/{id}", Rule.MAINTAIN, Scope.PROJECT,
                (api, vis, u) -> api.put(PROJECTS + rows.project(vis), Map.of("description", "d" + u)));
        rows.row("DELETE /api/v4/projects/{id}", Rule.OWN, Scope.PROJECT,
                (api, vis, u) -> api.delete(PROJECTS + freshProject(vis, u)));
        rows.row("POST /api/v4/projects/{id}/jobs", Rule.MAINTAIN, Scope.PROJECT, (api, vis, u) -> api.post(PROJECTS
                + rows.project(vis) + "/jobs", Map.of("user_id", m.users.get("developer"), "pipeline_id", 1, "ref",
                "main", "sha", "0".repeat(40), "name", "j" + u)));
        rows.row("POST /api/v4/projects/{id}/jobs/{job_id}/finish", Rule.MAINTAIN, Scope.PROJECT, (api, vis, u) -> {
            long job = m.world.job(rows.project(vis), m.users.get("developer")).get("id").asLong();
            return api.post(PROJECTS + rows.project(vis) + "/jobs/" + job + "/finish", Map.of("status", "success"));
        });
    }

    /** The package protection rules of a project. */
    private void protectionRules() {
        String rules = "/packages/protection/rules";
        String route = PROJECTS + "{id}" + rules;
        rows.row("GET " + route, Rule.MAINTAIN, Scope.PROJECT,
                (api, vis, u) -> api.get(PROJECTS + rows.project(vis) + rules));
        rows.row("POST " + route, Rule.MAINTAIN, Scope.PROJECT, (api, vis, u) -> api.post(PROJECTS + rows.project(vis)
                + rules, Map.of("package_name_pattern", "p" + u + "*", "package_type", "generic",
                "minimum_access_level_for_push", "maintainer")));
        rows.row("PATCH " + route + "/{rule_id}", Rule.MAINTAIN, Scope.PROJECT, (api, vis, u) ->
                api.patch(PROJECTS + rows.project(vis) + rules + "/" + protectionRule(rows.project(vis), u),
                        Map.of("minimum_access_level_for_push", "owner")));
        rows.row("DELETE " + route + "/{rule_id}", Rule.MAINTAIN, Scope.PROJECT, (api, vis, u) ->
                api.delete(PROJECTS + rows.project(vis) + rules + "/" + protectionRule(rows.project(vis), u)));
    }

    /** The deploy tokens and members of projects and groups. */
    private void deployTokensAndMembers() {
        for (Scope scope : List.of(Scope.PROJECT, Scope.GROUP)) {
            String kind = scope == Scope.PROJECT ? "projects" : "groups";
            Function<Vis, Long> id = vis -> scope == Scope.PROJECT ? rows.project(vis) : rows.group(vis);
            String base = "/api/v4/" + kind + "/";
            rows.row("GET " + base + "{id}/deploy_tokens", Rule.MAINTAIN, scope,
                    (api, vis, u) -> api.get(base + id.apply(vis) + "/deploy_tokens"));
            rows.row("POST " + base + "{id}/deploy_tokens", Rule.MAINTAIN, scope, (api, vis, u) -> api.post(base
                    + id.apply(vis) + "/deploy_tokens", Map.of("name", "d" + u, "scopes", List.of("read_package_registry"))));
            rows.row("GET " + base + "{id}/deploy_tokens/{tid}", Rule.MAINTAIN, scope, (api, vis, u) ->
                    api.get(base + id.apply(vis) + "/deploy_tokens/" + deployToken(kind, id.apply(vis))));
            rows.row("DELETE " + base + "{id}/deploy_tokens/{tid}", Rule.MAINTAIN, scope, (api, vis, u) ->
                    api.delete(base + id.apply(vis) + "/deploy_tokens/" + deployToken(kind, id.apply(vis))));
            rows.row("GET " + base + "{id}/members", Rule.SEE, scope,
                    (api, vis, u) -> api.get(base + id.apply(vis) + "/members"));
            rows.row("GET " + base + "{id}/members/all", Rule.SEE, scope,
                    (api, vis, u) -> api.get(base + id.apply(vis) + "/members/all"));
            rows.row("GET " + base + "{id}/members/{user_id}", Rule.SEE, scope,
                    (api, vis, u) -> api.get(base + id.apply(vis) + "/members/" + m.users.get("reporter")));
            rows.row("POST " + base + "{id}/members", Rule.MAINTAIN, scope, (api, vis, u) -> api.post(base
                    + id.apply(vis) + "/members", Map.of("user_id", freshUser(u), "access_level", 20)));
            rows.row("PUT " + base + "{id}/members/{user_id}", Rule.MAINTAIN, scope, (api, vis, u) -> {
                long user = freshUser(u);
                m.world.member(kind, id.apply(vis), user, 10);
                return api.put(base + id.apply(vis) + "/members/" + user, Map.of("access_level", 20));
            });
            rows.row("DELETE " + base + "{id}/members/{user_id}", Rule.MAINTAIN, scope, (api, vis, u) -> {
                long user = freshUser(u);
                m.world.member(kind, id.apply(vis), user, 10);
                return api.delete(base + id.apply(vis) + "/members/" + user);
            });
        }
    }

    /** The web UI: sessions and CSRF tokens, not API credentials (the browser tests sign in). */
    /** A group's (or the instance's) PyPI upstream, pointing nowhere: the rows only configure and list. */
    private long upstream(String owner, String unique) {
        return rows.root().post(owner + "/upstreams", Map.of("package_type", "pypi",
                "url", "http://127.0.0.1:9/simple", "name", "u" + unique)).json().get("id").asLong();
    }

    /** A cache entry of that upstream, written as a fetch would (no row of the matrix fetches from an upstream). */
    private long cacheEntry(long upstream, String unique) {
        var rows = m.server.services().upstreams().rows();
        rows.put(new depot.core.upstream.CacheEntry(0, upstream, "x/x-" + unique + ".whl", "file", "0".repeat(64), 1,
                null, null, 0, 0, 0));
        return rows.entry(upstream, "x/x-" + unique + ".whl").orElseThrow().id();
    }

    private void upstreams() {
        String g = "/-/upstreams";
        rows.row("GET /api/v4/groups/{id}/-/upstreams", Rule.REPORT, Scope.GROUP,
                (api, vis, u) -> api.get(GROUPS + rows.group(vis) + g));
        rows.row("POST /api/v4/groups/{id}/-/upstreams", Rule.MAINTAIN, Scope.GROUP, (api, vis, u) -> api.post(
                GROUPS + rows.group(vis) + g, Map.of("package_type", "pypi", "url", "http://127.0.0.1:9/" + u)));
        rows.row("GET /api/v4/groups/{id}/-/upstreams/{upstream_id}", Rule.REPORT, Scope.GROUP, (api, vis, u) ->
                api.get(GROUPS + rows.group(vis) + g + "/" + upstream(GROUPS + rows.group(vis) + "/-", u)));
        rows.row("PUT /api/v4/groups/{id}/-/upstreams/{upstream_id}", Rule.MAINTAIN, Scope.GROUP, (api, vis, u) ->
                api.put(GROUPS + rows.group(vis) + g + "/" + upstream(GROUPS + rows.group(vis) + "/-", u),
                        Map.of("cache_validity_hours", 1)));
        rows.row("DELETE /api/v4/groups/{id}/-/upstreams/{upstream_id}", Rule.MAINTAIN, Scope.GROUP, (api, vis, u) ->
                api.delete(GROUPS + rows.group(vis) + g + "/" + upstream(GROUPS + rows.group(vis) + "/-", u)));
        rows.row("GET /api/v4/groups/{id}/-/upstreams/{upstream_id}/cache_entries", Rule.REPORT, Scope.GROUP,
                (api, vis, u) -> api.get(GROUPS + rows.group(vis) + g + "/"
                        + upstream(GROUPS + rows.group(vis) + "/-", u) + "/cache_entries"));
        rows.row("DELETE /api/v4/groups/{id}/-/upstreams/{upstream_id}/cache_entries/{entry_id}", Rule.MAINTAIN,
                Scope.GROUP, (api, vis, u) -> {
                    long up = upstream(GROUPS + rows.group(vis) + "/-", u);
                    return api.delete(GROUPS + rows.group(vis) + g + "/" + up + "/cache_entries/" + cacheEntry(up, u));
                });
        String i = "/api/v4/upstreams";
        rows.row("GET " + i, Rule.ADMIN, Scope.NONE, (api, vis, u) -> api.get(i));
        rows.row("POST " + i, Rule.ADMIN, Scope.NONE, (api, vis, u) ->
                api.post(i, Map.of("package_type", "pypi", "url", "http://127.0.0.1:9/" + u)));
        rows.row("GET " + i + "/{upstream_id}", Rule.ADMIN, Scope.NONE,
                (api, vis, u) -> api.get(i + "/" + upstream("/api/v4", u)));
        rows.row("PUT " + i + "/{upstream_id}", Rule.ADMIN, Scope.NONE,
                (api, vis, u) -> api.put(i + "/" + upstream("/api/v4", u), Map.of("name", "renamed")));
        rows.row("DELETE " + i + "/{upstream_id}", Rule.ADMIN, Scope.NONE,
                (api, vis, u) -> api.delete(i + "/" + upstream("/api/v4", u)));
        rows.row("GET " + i + "/{upstream_id}/cache_entries", Rule.ADMIN, Scope.NONE,
                (api, vis, u) -> api.get(i + "/" + upstream("/api/v4", u) + "/cache_entries"));
        rows.row("DELETE " + i + "/{upstream_id}/cache_entries/{entry_id}", Rule.ADMIN, Scope.NONE, (api, vis, u) -> {
            long up = upstream("/api/v4", u);
            return api.delete(i + "/" + up + "/cache_entries/" + cacheEntry(up, u));
        });
    }

    private void webUi() {
        rows.row("GET /", Rule.PUBLIC, Scope.NONE, (api, vis, u) -> api.get("/"));
        rows.row("GET /users/sign_in", Rule.PUBLIC, Scope.NONE, (api, vis, u) -> api.get("/users/sign_in"));
        rows.row("GET /-/assets/{file}", Rule.PUBLIC, Scope.NONE, (api, vis, u) -> api.get("/-/assets/depot.css"));
        rows.row("POST /users/sign_in", Rule.WEB, Scope.NONE,
                (api, vis, u) -> api.postForm("/users/sign_in", "username=root&password=x"));
        rows.row("POST /users/sign_out", Rule.WEB, Scope.NONE, (api, vis, u) -> api.postForm("/users/sign_out", ""));
        rows.row("GET /admin", Rule.WEB, Scope.NONE, (api, vis, u) -> api.get("/admin"));
        rows.row("POST /admin", Rule.WEB, Scope.NONE, (api, vis, u) -> api.postForm("/admin", "packages_enabled=false"));
        rows.row("POST /admin/users", Rule.WEB, Scope.NONE,
                (api, vis, u) -> api.postForm("/admin/users", "username=web" + u));
        rows.row("GET /admin/upstreams", Rule.WEB, Scope.NONE, (api, vis, u) -> api.get("/admin/upstreams"));
        rows.row("POST /admin/upstreams/<action>", Rule.WEB, Scope.NONE,
                (api, vis, u) -> api.postForm("/admin/upstreams/add", "package_type=npm&url=http://a.example"));
        rows.row("POST /admin/users/{username}/{action}", Rule.WEB, Scope.NONE,
                (api, vis, u) -> api.postForm("/admin/users/guest/block", ""));
        rows.row("GET /groups/<path>", Rule.WEB, Scope.GROUP,
                (api, vis, u) -> api.get("/groups/g" + vis.value() + "/-/packages"));
        rows.row("POST /groups/<path>", Rule.WEB, Scope.GROUP,
                (api, vis, u) -> api.postForm("/groups/g" + vis.value() + "/-/settings/packages", ""));
        rows.row("GET /<path>", Rule.WEB, Scope.PROJECT, (api, vis, u) -> api.get("/matrix/" + vis.value() + "/-/packages"));
        rows.row("POST /<path>", Rule.WEB, Scope.PROJECT, (api, vis, u) -> api.postForm("/matrix/" + vis.value()
                + "/-/packages/" + m.projects.get(vis).packageId() + "/delete", ""));
    }
}
