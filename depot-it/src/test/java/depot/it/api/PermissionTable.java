package depot.it.api;

import depot.it.api.AuthorizationMatrixTest.Kind;
import depot.it.api.AuthorizationMatrixTest.Style;
import depot.it.api.AuthorizationMatrixTest.Vis;
import depot.it.api.AuthorizationMatrixTest.Who;
import depot.it.support.Api;
import depot.it.support.ConanRequests;
import depot.it.support.PypiUploads;
import java.net.http.HttpRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every route the server registers, with the rule that decides who may call it (ARCHITECTURE.md, "Authorization")
 * and a call of it on the fixtures of {@link AuthorizationMatrixTest}. A route missing here fails the test, so each
 * new route must say who may use it. Package routes probed with every caller kind in the matrix itself say so
 * ({@link Rule#MATRIX}).
 */
final class PermissionTable {
    /** Who may call a route. */
    enum Rule {
        /** Anyone, credentials or not (health, sign-in page, assets). */
        PUBLIC,
        /** Anyone; a credential that is presented must be valid. */
        ANY,
        /** Any signed-in user. */
        SIGNED_IN,
        /** Administrators only. */
        ADMIN,
        /** CI job tokens only. */
        JOB,
        /** Whoever can see the project or group; others get 404, as if it did not exist. */
        SEE,
        /** Maintainers and administrators of a project or group they can see. */
        MAINTAIN,
        /** Owners (here: administrators) only; members who can see it get 403. */
        OWN,
        /** Reading, writing or deleting packages: the matrix's rule for package endpoints. */
        PACKAGE,
        /** A package endpoint of a group or the instance: serves only projects the caller may read or write. */
        GROUP_PACKAGE,
        /** Like PACKAGE reading, but npm's whoami challenges every anonymous caller. */
        WHOAMI,
        /** A group's service document: whoever sees the group; others are challenged (401) or told 404. */
        SEE_FORMAT,
        /**
         * A search or listing across a group or the instance: anyone may ask, and the answer names the package of
         * a project of the given visibility ("only-…") exactly when the caller may read that project.
         */
        LISTING,
        /** A personal access token: its owner and administrators; other users get 404. */
        TOKEN_OWNER,
        /** Like PACKAGE, but addressed without its project: a caller who may not read it gets 404, not 403. */
        PACKAGE_HIDDEN,
        /** A web UI page or form: a browser session is needed; probed anonymously on private things only. */
        WEB,
        /** Probed with every caller kind by the matrix tests (the note names where). */
        MATRIX
    }

    enum Scope { NONE, PROJECT, GROUP }

    @FunctionalInterface
    interface Probe {
        Api.Response run(Api api, Vis vis, String unique);
    }

    record Row(String route, Rule rule, Scope scope, Kind kind, Style style, String note, Probe probe) {}

    private final AuthorizationMatrixTest m;
    private final Map<String, Row> rows = new LinkedHashMap<>();

    PermissionTable(AuthorizationMatrixTest m) {
        this.m = m;
        build();
    }

    Map<String, Row> rows() { return rows; }

    private void row(String route, Rule rule, Scope scope, Probe probe) {
        rows.put(route, new Row(route, rule, scope, null, null, null, probe));
    }

    private void pkg(String route, Kind kind, Style style, Scope scope, Probe probe) {
        rows.put(route, new Row(route, scope == Scope.PROJECT ? Rule.PACKAGE : Rule.GROUP_PACKAGE, scope, kind, style,
                null, probe));
    }

    private void matrix(String route, String note) {
        rows.put(route, new Row(route, Rule.MATRIX, Scope.NONE, null, null, note, null));
    }

    private long project(Vis vis) { return m.projects.get(vis).id(); }

    private long group(Vis vis) { return m.groups.get(vis); }

    private static String v(Vis vis) { return vis.name().toLowerCase(); }

    private Api root() { return m.server.root(); }

    /** A new project in the group of that visibility, with the matrix's members, for routes that destroy it. */
    private long freshProject(Vis vis, String unique) {
        return withMembers("projects", m.world.project(group(vis), "fresh" + unique, v(vis)));
    }

    private long freshGroup(Vis vis, String unique) {
        return withMembers("groups", m.world.subgroup(group(vis), "fresh" + unique, v(vis)));
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
        return root().post("/api/v4/projects/" + project + "/packages/protection/rules", Map.of(
                "package_name_pattern", "rule-" + unique, "package_type", "npm",
                "minimum_access_level_for_delete", "owner")).json().get("id").asLong();
    }

    private long repository(Vis vis) {
        return root().get("/api/v4/projects/" + project(vis) + "/registry/repositories").json().get(0).get("id").asLong();
    }

    /**
     * Conan at the project remote (rules of package endpoints) and at the instance remote, where a recipe's user
     * names its project (a project the caller may not read is not found there).
     */
    private void conan() {
        String cp = "/api/v4/projects/{id}/packages/conan";
        String ci = "/api/v4/packages/conan";
        String ref = "/{name}/{version}/{user}/{channel}";
        String rrev = "/v2/conans" + ref + "/revisions/{rrev}";
        String prev = rrev + "/packages/{pid}/revisions/{prev}";
        String r = AuthorizationMatrixTest.CONAN_RREV;
        String pid = AuthorizationMatrixTest.CONAN_PID;
        String pr = AuthorizationMatrixTest.CONAN_PREV;
        // the routes the full matrix calls with every credential kind, deploy and job tokens included
        matrix("GET " + cp + "/v2/conans" + ref + "/latest", "GET conan recipe latest");
        matrix("GET " + cp + rrev + "/files/<file>", "GET conan recipe file");
        matrix("GET " + cp + prev + "/files/<file>", "GET conan package file");
        matrix("GET " + cp + "/v1/conans" + ref + "/download_urls", "GET conan v1 download urls");
        matrix("PUT " + cp + rrev + "/files/<file>", "PUT conan recipe file");
        matrix("PUT " + cp + prev + "/files/<file>", "PUT conan package file");
        matrix("POST " + cp + "/v1/conans" + ref + "/upload_urls", "POST conan v1 upload urls");
        matrix("DELETE " + cp + rrev, "DELETE conan recipe revision");
        for (boolean instance : List.of(false, true)) {
            String base = instance ? ci : cp;
            Scope sc = instance ? Scope.GROUP : Scope.PROJECT;
            java.util.function.Function<Vis, String> remote = vis -> instance ? "/api/v4/packages/conan"
                    : AuthorizationMatrixTest.conan(project(vis));
            java.util.function.Function<Vis, String> recipe = vis -> instance ? AuthorizationMatrixTest.conanInstanceRef(vis)
                    : AuthorizationMatrixTest.CONAN_REF;
            // a recipe of the caller's own making: "name/1.0" in the project, or with the project as user at the instance
            java.util.function.BiFunction<Vis, String, String> named = (vis, name) -> instance
                    ? name + "/1.0/matrix+" + v(vis) + "/stable" : name + "/1.0/_/_";
            java.util.function.BiFunction<Vis, String, String> fresh = (vis, u) -> {
                String f = named.apply(vis, "gone" + u);
                ConanRequests.recipe(root(), AuthorizationMatrixTest.conan(project(vis)), f, r, "x = 1\n");
                ConanRequests.binary(root(), AuthorizationMatrixTest.conan(project(vis)), f, r, pid, pr);
                return f;
            };
            for (String v : List.of("/v1", "/v2")) {
                if (instance) {
                    row("GET " + base + v + "/ping", Rule.ANY, Scope.NONE, (api, vis, u) -> api.get(ci + "/v1/ping"));
                    for (String users : List.of("/users/authenticate", "/users/check_credentials")) {
                        row("GET " + base + v + users, Rule.SIGNED_IN, Scope.NONE, (api, vis, u) -> api.get(ci + v + users));
                    }
                    row("GET " + base + v + "/conans/search", Rule.LISTING, Scope.GROUP,
                            (api, vis, u) -> api.get(ci + v + "/conans/search?q=only-" + v(vis) + "*"));
                } else {
                    pkg("GET " + base + v + "/ping", Kind.READ, Style.FORMAT, sc,
                            (api, vis, u) -> api.get(remote.apply(vis) + v + "/ping"));
                    for (String users : List.of("/users/authenticate", "/users/check_credentials")) {
                        row("GET " + base + v + users, Rule.WHOAMI, Scope.PROJECT,
                                (api, vis, u) -> api.get(remote.apply(vis) + v + users));
                    }
                    pkg("GET " + base + v + "/conans/search", Kind.READ, Style.FORMAT, sc,
                            (api, vis, u) -> api.get(remote.apply(vis) + v + "/conans/search?q=c*"));
                }
                pkg("GET " + base + v + "/conans" + ref + "/search", Kind.READ, Style.FORMAT, sc,
                        (api, vis, u) -> api.get(remote.apply(vis) + v + "/conans/" + recipe.apply(vis) + "/search"));
            }
            Map<String, String> reads = new LinkedHashMap<>();
            reads.put("/v2/conans" + ref + "/revisions", "/v2/conans/R/revisions");
            reads.put(rrev + "/search", "/v2/conans/R/revisions/" + r + "/search");
            reads.put(rrev + "/files", "/v2/conans/R/revisions/" + r + "/files");
            reads.put(rrev + "/packages/{pid}/latest", "/v2/conans/R/revisions/" + r + "/packages/" + pid + "/latest");
            reads.put(rrev + "/packages/{pid}/revisions", "/v2/conans/R/revisions/" + r + "/packages/" + pid + "/revisions");
            reads.put(prev + "/files", "/v2/conans/R/revisions/" + r + "/packages/" + pid + "/revisions/" + pr + "/files");
            reads.put("/v1/conans" + ref, "/v1/conans/R");
            reads.put("/v1/conans" + ref + "/digest", "/v1/conans/R/digest");
            reads.put("/v1/conans" + ref + "/packages/{pid}", "/v1/conans/R/packages/" + pid);
            reads.put("/v1/conans" + ref + "/packages/{pid}/digest", "/v1/conans/R/packages/" + pid + "/digest");
            reads.put("/v1/conans" + ref + "/packages/{pid}/download_urls", "/v1/conans/R/packages/" + pid + "/download_urls");
            reads.put("/v1/files" + ref + "/{rrev}/export/{file}", "/v1/files/R/" + r + "/export/conanfile.py");
            reads.put("/v1/files" + ref + "/{rrev}/package/{pid}/{prev}/{file}",
                    "/v1/files/R/" + r + "/package/" + pid + "/" + pr + "/conaninfo.txt");
            if (instance) {
                reads.put("/v2/conans" + ref + "/latest", "/v2/conans/R/latest");
                reads.put(rrev + "/files/<file>", "/v2/conans/R/revisions/" + r + "/files/conanfile.py");
                reads.put(prev + "/files/<file>", "/v2/conans/R/revisions/" + r + "/packages/" + pid + "/revisions/" + pr
                        + "/files/conaninfo.txt");
                reads.put("/v1/conans" + ref + "/download_urls", "/v1/conans/R/download_urls");
            }
            reads.forEach((route, path) -> pkg("GET " + base + route, Kind.READ, Style.FORMAT, sc,
                    (api, vis, u) -> api.get(remote.apply(vis) + path.replace("/R", "/" + recipe.apply(vis)))));

            pkg("PUT " + base + "/v1/files" + ref + "/{rrev}/export/{file}", Kind.WRITE, Style.FORMAT, sc,
                    (api, vis, u) -> ConanRequests.put(api, remote.apply(vis) + "/v1/files/" + named.apply(vis, "written")
                            + "/0/export/conanfile.py", new byte[] {'x'}));
            pkg("PUT " + base + "/v1/files" + ref + "/{rrev}/package/{pid}/{prev}/{file}", Kind.WRITE, Style.FORMAT, sc,
                    (api, vis, u) -> ConanRequests.put(api, remote.apply(vis) + "/v1/files/" + recipe.apply(vis) + "/" + r
                            + "/package/q" + u + "/0/conaninfo.txt", "[settings]\n".getBytes()));
            pkg("POST " + base + "/v1/conans" + ref + "/packages/{pid}/upload_urls", Kind.WRITE, Style.FORMAT, sc,
                    (api, vis, u) -> api.post(remote.apply(vis) + "/v1/conans/" + recipe.apply(vis) + "/packages/" + pid
                            + "/upload_urls", Map.of("conaninfo.txt", 1)));
            if (instance) {
                pkg("PUT " + base + rrev + "/files/<file>", Kind.WRITE, Style.FORMAT, sc, (api, vis, u) -> ConanRequests.put(api,
                        ConanRequests.recipeFile(ci, named.apply(vis, "written"), "r" + u, "conanfile.py"), new byte[] {'x'}));
                pkg("PUT " + base + prev + "/files/<file>", Kind.WRITE, Style.FORMAT, sc, (api, vis, u) -> ConanRequests.put(api,
                        ConanRequests.packageFile(ci, recipe.apply(vis), r, "p" + u, "1", "conaninfo.txt"),
                        "[settings]\n".getBytes()));
                pkg("POST " + base + "/v1/conans" + ref + "/upload_urls", Kind.WRITE, Style.FORMAT, sc, (api, vis, u) ->
                        api.post(ci + "/v1/conans/" + named.apply(vis, "written") + "/upload_urls", Map.of("conanfile.py", 1)));
                pkg("DELETE " + base + rrev, Kind.DELETE, Style.FORMAT, sc,
                        (api, vis, u) -> api.delete(ci + "/v2/conans/" + fresh.apply(vis, u) + "/revisions/" + r));
            }
            pkg("DELETE " + base + "/v2/conans" + ref, Kind.DELETE, Style.FORMAT, sc,
                    (api, vis, u) -> api.delete(remote.apply(vis) + "/v2/conans/" + fresh.apply(vis, u)));
            pkg("DELETE " + base + "/v1/conans" + ref, Kind.DELETE, Style.FORMAT, sc,
                    (api, vis, u) -> api.delete(remote.apply(vis) + "/v1/conans/" + fresh.apply(vis, u)));
            pkg("DELETE " + base + rrev + "/packages", Kind.DELETE, Style.FORMAT, sc, (api, vis, u) ->
                    api.delete(remote.apply(vis) + "/v2/conans/" + fresh.apply(vis, u) + "/revisions/" + r + "/packages"));
            pkg("DELETE " + base + prev, Kind.DELETE, Style.FORMAT, sc, (api, vis, u) -> api.delete(remote.apply(vis)
                    + "/v2/conans/" + fresh.apply(vis, u) + "/revisions/" + r + "/packages/" + pid + "/revisions/" + pr));
            pkg("POST " + base + "/v1/conans" + ref + "/remove_files", Kind.DELETE, Style.FORMAT, sc, (api, vis, u) ->
                    api.post(remote.apply(vis) + "/v1/conans/" + fresh.apply(vis, u) + "/remove_files",
                            Map.of("files", List.of("conanfile.py"))));
            pkg("POST " + base + "/v1/conans" + ref + "/packages/delete", Kind.DELETE, Style.FORMAT, sc, (api, vis, u) ->
                    api.post(remote.apply(vis) + "/v1/conans/" + fresh.apply(vis, u) + "/packages/delete",
                            Map.of("package_ids", List.of())));
            // any other path under a remote: Conan's 404 once past the access check (counted as an answer here)
            for (String method : List.of("GET", "PUT", "POST", "DELETE")) {
                Probe other = (api, vis, u) -> {
                    Api.Response res = api.send(api.request(remote.apply(vis) + "/nothing/here")
                            .method(method, HttpRequest.BodyPublishers.noBody()));
                    return res.status() == 404 && res.body().contains("No Conan endpoint")
                            ? new Api.Response(200, res.body(), res.headers()) : res;
                };
                if (instance) row(method + " " + base + "/<path>", Rule.ANY, Scope.NONE, other);
                else pkg(method + " " + base + "/<path>", Kind.READ, Style.FORMAT, sc, other);
            }
        }
    }

    private void build() {
        String p = "/api/v4/projects/";
        String g = "/api/v4/groups/";

        // operations
        row("GET /-/health", Rule.PUBLIC, Scope.NONE, (api, vis, u) -> api.get("/-/health"));
        row("GET /-/readiness", Rule.PUBLIC, Scope.NONE, (api, vis, u) -> api.get("/-/readiness"));
        row("GET /-/metrics", Rule.PUBLIC, Scope.NONE, (api, vis, u) -> api.get("/-/metrics"));

        // generic and Maven
        matrix("GET /api/v4/projects/{id}/packages/generic/{name}/{version}/{file}", "GET generic file");
        matrix("PUT /api/v4/projects/{id}/packages/generic/{name}/{version}/{file}", "PUT generic file");
        pkg("HEAD /api/v4/projects/{id}/packages/generic/{name}/{version}/{file}", Kind.READ, Style.FORMAT, Scope.PROJECT,
                (api, vis, u) -> api.head(AuthorizationMatrixTest.generic(project(vis), "readable", "1.0.0", "f.txt")));
        matrix("GET /api/v4/projects/{id}/packages/maven/<path>", "GET maven file, GET maven metadata");
        matrix("PUT /api/v4/projects/{id}/packages/maven/<path>", "PUT maven file");
        pkg("HEAD /api/v4/projects/{id}/packages/maven/<path>", Kind.READ, Style.FORMAT, Scope.PROJECT,
                (api, vis, u) -> api.head(AuthorizationMatrixTest.maven(project(vis), "com/acme/readable/1.0/readable-1.0.jar")));
        matrix("GET /api/v4/groups/{id}/-/packages/maven/<path>", "group_and_instance_endpoints_serve_only_readable_projects");
        matrix("GET /api/v4/packages/maven/<path>", "group_and_instance_endpoints_serve_only_readable_projects");
        pkg("HEAD /api/v4/groups/{id}/-/packages/maven/<path>", Kind.READ, Style.FORMAT, Scope.GROUP, (api, vis, u) ->
                api.head("/api/v4/groups/matrix/-/packages/maven/com/acme/only-" + v(vis) + "/1.0/only-" + v(vis) + "-1.0.jar"));
        pkg("HEAD /api/v4/packages/maven/<path>", Kind.READ, Style.FORMAT, Scope.GROUP, (api, vis, u) ->
                api.head("/api/v4/packages/maven/com/acme/only-" + v(vis) + "/1.0/only-" + v(vis) + "-1.0.jar"));

        // npm, at the project, group and instance scopes
        for (String scope : List.of("projects/{id}/packages/npm", "groups/{id}/-/packages/npm", "packages/npm")) {
            boolean project = scope.startsWith("projects");
            Scope sc = project ? Scope.PROJECT : Scope.GROUP;
            java.util.function.Function<Vis, String> base = vis -> "/api/v4/" + (project
                    ? "projects/" + project(vis) + "/packages/npm" : scope.startsWith("groups")
                    ? "groups/matrix/-/packages/npm" : "packages/npm");
            java.util.function.Function<Vis, String> name = vis -> project ? "@matrix%2freadable" : "@matrix%2fonly-" + v(vis);
            if (project) {
                rows.put("GET /api/v4/" + scope + "/-/whoami", new Row("GET /api/v4/" + scope + "/-/whoami", Rule.WHOAMI,
                        sc, Kind.READ, Style.FORMAT, null, (api, vis, u) -> api.get(base.apply(vis) + "/-/whoami")));
                pkg("GET /api/v4/" + scope + "/-/v1/search", Kind.READ, Style.FORMAT, sc,
                        (api, vis, u) -> api.get(base.apply(vis) + "/-/v1/search?text=readable"));
            } else {
                row("GET /api/v4/" + scope + "/-/whoami", Rule.SIGNED_IN, Scope.NONE,
                        (api, vis, u) -> api.get(base.apply(vis) + "/-/whoami"));
                row("GET /api/v4/" + scope + "/-/v1/search", Rule.LISTING, Scope.GROUP,
                        (api, vis, u) -> api.get(base.apply(vis) + "/-/v1/search?text=only"));
            }
            pkg("GET /api/v4/" + scope + "/-/package/<path>", Kind.READ, Style.FORMAT, sc,
                    (api, vis, u) -> api.get(base.apply(vis) + "/-/package/" + name.apply(vis) + "/dist-tags"));
            pkg("PUT /api/v4/" + scope + "/-/package/<path>", Kind.WRITE, Style.FORMAT, sc,
                    (api, vis, u) -> api.put(base.apply(vis) + "/-/package/" + name.apply(vis) + "/dist-tags/t" + u, "\"1.0.0\""));
            pkg("DELETE /api/v4/" + scope + "/-/package/<path>", Kind.DELETE, Style.FORMAT, sc, (api, vis, u) -> {
                root().put(base.apply(vis) + "/-/package/" + name.apply(vis) + "/dist-tags/d" + u, "\"1.0.0\"");
                return api.delete(base.apply(vis) + "/-/package/" + name.apply(vis) + "/dist-tags/d" + u);
            });
            Probe audit = (api, vis, u) -> api.post(base.apply(vis) + "/-/npm/v1/security/advisories/bulk",
                    Map.of("left-pad", List.of("1.0.0")));
            if (project) pkg("POST /api/v4/" + scope + "/-/npm/v1/security/<rest>", Kind.READ, Style.FORMAT, sc, audit);
            else row("POST /api/v4/" + scope + "/-/npm/v1/security/<rest>", Rule.ANY, Scope.NONE, audit);
            if (project) {
                matrix("GET /api/v4/" + scope + "/<path>", "GET npm packument, GET npm tarball");
                pkg("HEAD /api/v4/" + scope + "/<path>", Kind.READ, Style.FORMAT, sc,
                        (api, vis, u) -> api.head(base.apply(vis) + "/@matrix/readable/-/@matrix/readable-1.0.0.tgz"));
            } else {
                matrix("GET /api/v4/" + scope + "/<path>", "group_and_instance_endpoints_serve_only_readable_projects");
                pkg("HEAD /api/v4/" + scope + "/<path>", Kind.READ, Style.FORMAT, sc, (api, vis, u) -> api.head(
                        base.apply(vis) + "/@matrix/only-" + v(vis) + "/-/@matrix/only-" + v(vis) + "-1.0.0.tgz"));
            }
        }
        matrix("PUT /api/v4/projects/{id}/packages/npm/<path>", "PUT npm publish, PUT npm deprecate");
        matrix("DELETE /api/v4/projects/{id}/packages/npm/<path>", "DELETE npm version");

        // PyPI
        matrix("GET /api/v4/projects/{id}/packages/pypi/simple", "GET pypi simple index");
        matrix("GET /api/v4/projects/{id}/packages/pypi/simple/{name}", "GET pypi simple page");
        matrix("GET /api/v4/projects/{id}/packages/pypi/files/{sha256}/{file}", "GET pypi file");
        matrix("POST /api/v4/projects/{id}/packages/pypi", "POST pypi upload");
        pkg("POST /api/v4/projects/{id}/packages/pypi/", Kind.WRITE, Style.FORMAT, Scope.PROJECT, (api, vis, u) -> {
            byte[] wheel = PypiUploads.wheel("slashed", "1." + u);
            return PypiUploads.upload(api, AuthorizationMatrixTest.pypi(project(vis)) + "/",
                    PypiUploads.fields("slashed", "1." + u, wheel), "slashed-1." + u + "-py3-none-any.whl", wheel);
        });
        row("GET /api/v4/groups/{id}/-/packages/pypi/simple", Rule.SEE_FORMAT, Scope.GROUP,
                (api, vis, u) -> api.get(g + group(vis) + "/-/packages/pypi/simple"));
        matrix("GET /api/v4/groups/{id}/-/packages/pypi/simple/{name}", "group_and_instance_endpoints_serve_only_readable_projects");
        pkg("GET /api/v4/groups/{id}/-/packages/pypi/files/{sha256}/{file}", Kind.READ, Style.FORMAT, Scope.GROUP,
                (api, vis, u) -> {
                    String page = root().get(AuthorizationMatrixTest.pypi(project(vis)) + "/simple/only-" + v(vis) + "/").body();
                    java.util.regex.Matcher href = java.util.regex.Pattern.compile("files/([0-9a-f]{64}/[^\"#]+)").matcher(page);
                    if (!href.find()) throw new AssertionError("no file on " + page);
                    return api.get("/api/v4/groups/matrix/-/packages/pypi/files/" + href.group(1));
                });

        // NuGet
        for (String route : List.of("index.json", "metadata/{package}/{document}", "query",
                "download/{package}/index.json", "download/{package}/{version}/{file}",
                "symbolfiles/{file}/{signature}/{same}", "v2/{odata}")) {
            matrix("GET /api/v4/projects/{id}/packages/nuget/" + route, "GET nuget … (14 NuGet endpoints)");
        }
        matrix("PUT /api/v4/projects/{id}/packages/nuget/", "PUT nuget push");
        matrix("PUT /api/v4/projects/{id}/packages/nuget/symbolpackage/", "PUT nuget symbol package");
        matrix("PUT /api/v4/projects/{id}/packages/nuget/v2", "PUT nuget v2 push");
        matrix("DELETE /api/v4/projects/{id}/packages/nuget/{package}/{version}", "DELETE nuget version");
        pkg("GET /api/v4/projects/{id}/packages/nuget/v2", Kind.READ, Style.FORMAT, Scope.PROJECT,
                (api, vis, u) -> api.get(AuthorizationMatrixTest.nuget(project(vis)) + "/v2"));
        pkg("GET /api/v4/projects/{id}/packages/nuget/v2/", Kind.READ, Style.FORMAT, Scope.PROJECT,
                (api, vis, u) -> api.get(AuthorizationMatrixTest.nuget(project(vis)) + "/v2/"));
        pkg("PUT /api/v4/projects/{id}/packages/nuget", Kind.WRITE, Style.FORMAT, Scope.PROJECT, (api, vis, u) ->
                depot.it.support.NugetTools.push(api, AuthorizationMatrixTest.nuget(project(vis)), "package.nupkg",
                        depot.it.support.NugetTools.nupkg("Bare.nuspec", depot.it.support.NugetTools.nuspec("Bare", "1.0." + u, ""), Map.of())));
        pkg("PUT /api/v4/projects/{id}/packages/nuget/symbolpackage", Kind.WRITE, Style.FORMAT, Scope.PROJECT,
                (api, vis, u) -> depot.it.support.NugetTools.push(api, AuthorizationMatrixTest.nuget(project(vis))
                        + "/symbolpackage", "package.snupkg", new byte[] {1}));
        pkg("PUT /api/v4/projects/{id}/packages/nuget/v2/", Kind.WRITE, Style.FORMAT, Scope.PROJECT, (api, vis, u) ->
                depot.it.support.NugetTools.push(api, AuthorizationMatrixTest.nuget(project(vis)) + "/v2/", "package.nupkg",
                        depot.it.support.NugetTools.nupkg("Bare.nuspec", depot.it.support.NugetTools.nuspec("Bare", "3.0." + u, ""), Map.of())));
        matrix("GET /api/v4/groups/{id}/-/packages/nuget/metadata/{package}/{document}",
                "group_and_instance_endpoints_serve_only_readable_projects");
        for (String route : List.of("index.json", "query", "download/{package}/index.json",
                "download/{package}/{version}/{file}", "v2", "v2/", "v2/{odata}", "symbolfiles/{file}/{signature}/{same}")) {
            Rule rule = switch (route) {
                case "index.json", "v2", "v2/" -> Rule.SEE_FORMAT;
                case "query", "v2/{odata}" -> Rule.LISTING;
                case "symbolfiles/{file}/{signature}/{same}" -> Rule.ANY; // of the public project: anyone
                default -> Rule.GROUP_PACKAGE;
            };
            rows.put("GET /api/v4/groups/{id}/-/packages/nuget/" + route, new Row("GET /api/v4/groups/{id}/-/packages/nuget/"
                    + route, rule, rule == Rule.ANY ? Scope.NONE : Scope.GROUP, Kind.READ, Style.FORMAT, null, (api, vis, u) -> {
                String base = "/api/v4/groups/matrix/-/packages/nuget/";
                String id = "only-" + v(vis);
                return switch (route) {
                    case "index.json" -> api.get(g + group(vis) + "/-/packages/nuget/index.json");
                    case "query" -> api.get(base + "query?q=only");
                    case "download/{package}/index.json" -> api.get(base + "download/" + id + "/index.json");
                    case "download/{package}/{version}/{file}" -> api.get(base + "download/" + id + "/1.0.0/" + id + ".1.0.0.nupkg");
                    case "v2" -> api.get(g + group(vis) + "/-/packages/nuget/v2");
                    case "v2/" -> api.get(g + group(vis) + "/-/packages/nuget/v2/");
                    case "v2/{odata}" -> api.get(base + "v2/FindPackagesById()?id='" + id + "'");
                    default -> api.send(api.request(base + "symbolfiles/readable.pdb/"
                            + depot.it.support.NugetTools.pdbSignature("Readable") + "/readable.pdb")
                            .header("Symbolchecksum", "SHA256:" + depot.it.support.NugetTools.pdbChecksum("Readable")).GET());
                };
            }));
        }

        conan();

        // container registry
        row("GET /v2", Rule.SIGNED_IN, Scope.NONE, (api, vis, u) -> api.get("/v2"));
        row("GET /v2/", Rule.SIGNED_IN, Scope.NONE, (api, vis, u) -> api.get("/v2/"));
        row("HEAD /v2", Rule.SIGNED_IN, Scope.NONE, (api, vis, u) -> api.head("/v2"));
        row("HEAD /v2/", Rule.SIGNED_IN, Scope.NONE, (api, vis, u) -> api.head("/v2/"));
        for (String method : List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")) {
            matrix(method + " /v2/<path>", "every_registry_endpoint_for_every_caller_visibility_and_credential_style");
        }
        row("GET /jwt/auth", Rule.ANY, Scope.NONE,
                (api, vis, u) -> api.get("/jwt/auth?service=container_registry&scope=repository:matrix/public/img:pull"));
        // the token service's OAuth2 form: the credential is in the form, whatever the headers say
        row("POST /jwt/auth", Rule.PUBLIC, Scope.NONE, (api, vis, u) -> api.postForm("/jwt/auth",
                "grant_type=password&username=root&password=" + depot.it.support.TestServer.ROOT_PASSWORD
                        + "&service=container_registry&scope=repository:matrix/public/img:pull"));
        matrix("GET /api/v4/projects/{id}/registry/repositories", "API GET registry repositories");
        matrix("GET /api/v4/projects/{id}/registry/repositories/{rid}/tags", "API GET registry tags");
        matrix("DELETE /api/v4/projects/{id}/registry/repositories/{rid}/tags/{tag}", "API DELETE registry tag");
        pkg("GET /api/v4/projects/{id}/registry/repositories/{rid}/tags/{tag}", Kind.READ, Style.API, Scope.PROJECT,
                (api, vis, u) -> api.get(p + project(vis) + "/registry/repositories/" + repository(vis) + "/tags/v1"));
        rows.put("GET /api/v4/registry/repositories/{rid}", new Row("GET /api/v4/registry/repositories/{rid}",
                Rule.PACKAGE_HIDDEN, Scope.PROJECT, Kind.READ, Style.API, null,
                (api, vis, u) -> api.get("/api/v4/registry/repositories/" + repository(vis))));
        row("GET /api/v4/groups/{id}/registry/repositories", Rule.SEE, Scope.GROUP,
                (api, vis, u) -> api.get(g + group(vis) + "/registry/repositories"));
        pkg("DELETE /api/v4/projects/{id}/registry/repositories/{rid}/tags", Kind.DELETE, Style.API, Scope.PROJECT,
                (api, vis, u) -> api.delete(p + project(vis) + "/registry/repositories/" + repository(vis)
                        + "/tags?name_regex_delete=nomatch" + u));
        row("DELETE /api/v4/projects/{id}/registry/repositories/{rid}", Rule.MAINTAIN, Scope.PROJECT, (api, vis, u) -> {
            long fresh = freshProject(vis, u);
            String path = root().get(p + fresh).json().get("path_with_namespace").asString();
            depot.it.support.OciRequests.image(root(), path + "/img", "v1", "fresh" + u);
            long rid = root().get(p + fresh + "/registry/repositories").json().get(0).get("id").asLong();
            return api.delete(p + fresh + "/registry/repositories/" + rid);
        });
        row("GET /api/v4/projects/{id}/registry/cleanup_policy/preview", Rule.MAINTAIN, Scope.PROJECT,
                (api, vis, u) -> api.get(p + project(vis) + "/registry/cleanup_policy/preview"));
        row("POST /api/v4/projects/{id}/registry/cleanup_policy/run", Rule.MAINTAIN, Scope.PROJECT,
                (api, vis, u) -> api.post(p + project(vis) + "/registry/cleanup_policy/run", Map.of()));

        // the package REST API
        matrix("GET /api/v4/projects/{id}/packages", "GET project packages");
        matrix("GET /api/v4/projects/{id}/packages/{package_id}", "GET package");
        matrix("GET /api/v4/projects/{id}/packages/{package_id}/package_files", "GET package files");
        matrix("GET /api/v4/projects/{id}/packages/{package_id}/pipelines", "GET package pipelines");
        matrix("DELETE /api/v4/projects/{id}/packages/{package_id}", "DELETE package");
        matrix("DELETE /api/v4/projects/{id}/packages/{package_id}/package_files/{file_id}", "DELETE package file");
        row("GET /api/v4/groups/{id}/packages", Rule.SEE, Scope.GROUP, (api, vis, u) -> api.get(g + group(vis) + "/packages"));

        // users, tokens, settings
        row("GET /api/v4/version", Rule.ANY, Scope.NONE, (api, vis, u) -> api.get("/api/v4/version"));
        row("GET /api/v4/user", Rule.SIGNED_IN, Scope.NONE, (api, vis, u) -> api.get("/api/v4/user"));
        row("GET /api/v4/users", Rule.SIGNED_IN, Scope.NONE, (api, vis, u) -> api.get("/api/v4/users"));
        row("GET /api/v4/users/{uid}", Rule.SIGNED_IN, Scope.NONE, (api, vis, u) -> api.get("/api/v4/users/" + m.users.get("guest")));
        row("POST /api/v4/users", Rule.ADMIN, Scope.NONE, (api, vis, u) -> api.post("/api/v4/users", Map.of("username",
                "made" + u, "name", "made" + u, "email", "made" + u + "@example.com", "password", "password-made" + u)));
        row("POST /api/v4/users/{uid}/block", Rule.ADMIN, Scope.NONE,
                (api, vis, u) -> api.post("/api/v4/users/" + freshUser(u) + "/block", Map.of()));
        row("POST /api/v4/users/{uid}/unblock", Rule.ADMIN, Scope.NONE,
                (api, vis, u) -> api.post("/api/v4/users/" + freshUser(u) + "/unblock", Map.of()));
        row("POST /api/v4/users/{uid}/personal_access_tokens", Rule.ADMIN, Scope.NONE, (api, vis, u) -> api.post(
                "/api/v4/users/" + m.users.get("guest") + "/personal_access_tokens", Map.of("name", "t" + u, "scopes", List.of("read_api"))));
        row("GET /api/v4/personal_access_tokens", Rule.SIGNED_IN, Scope.NONE, (api, vis, u) -> api.get("/api/v4/personal_access_tokens"));
        row("GET /api/v4/personal_access_tokens/self", Rule.SIGNED_IN, Scope.NONE,
                (api, vis, u) -> api.get("/api/v4/personal_access_tokens/self"));
        row("GET /api/v4/personal_access_tokens/{tid}", Rule.TOKEN_OWNER, Scope.NONE, (api, vis, u) -> api.get(
                "/api/v4/personal_access_tokens/" + root().get("/api/v4/personal_access_tokens?user_id=" + m.users.get("nonmember"))
                        .json().get(0).get("id").asLong()));
        row("DELETE /api/v4/personal_access_tokens/{tid}", Rule.TOKEN_OWNER, Scope.NONE, (api, vis, u) -> {
            String token = m.world.token(m.users.get("nonmember"), List.of("read_api"), null);
            long id = m.server.as("Private-Token", token).get("/api/v4/personal_access_tokens/self").json().get("id").asLong();
            return api.delete("/api/v4/personal_access_tokens/" + id);
        });
        row("GET /api/v4/audit_events", Rule.ADMIN, Scope.NONE, (api, vis, u) -> api.get("/api/v4/audit_events"));
        row("GET /api/v4/package_claims", Rule.ADMIN, Scope.NONE, (api, vis, u) -> api.get("/api/v4/package_claims"));
        row("PUT /api/v4/package_claims", Rule.ADMIN, Scope.NONE, (api, vis, u) -> api.put("/api/v4/package_claims",
                Map.of("package_type", "maven", "claim", "org.permission.table", "namespace", "matrix")));
        row("GET /api/v4/application/settings", Rule.ADMIN, Scope.NONE, (api, vis, u) -> api.get("/api/v4/application/settings"));
        row("PUT /api/v4/application/settings", Rule.ADMIN, Scope.NONE,
                (api, vis, u) -> api.put("/api/v4/application/settings", Map.of("packages_enabled", true)));
        row("GET /api/v4/job", Rule.JOB, Scope.NONE, (api, vis, u) -> api.get("/api/v4/job"));

        // groups and projects
        row("GET /api/v4/groups", Rule.ANY, Scope.NONE, (api, vis, u) -> api.get("/api/v4/groups"));
        row("POST /api/v4/groups", Rule.SIGNED_IN, Scope.NONE, (api, vis, u) ->
                api.post("/api/v4/groups", Map.of("name", "new" + u, "path", "new" + u, "visibility", "private")));
        row("GET /api/v4/groups/{id}", Rule.SEE, Scope.GROUP, (api, vis, u) -> api.get(g + group(vis)));
        row("PUT /api/v4/groups/{id}", Rule.OWN, Scope.GROUP, (api, vis, u) -> api.put(g + group(vis), Map.of("description", "d" + u)));
        row("DELETE /api/v4/groups/{id}", Rule.OWN, Scope.GROUP, (api, vis, u) -> api.delete(g + freshGroup(vis, u)));
        row("GET /api/v4/groups/{id}/subgroups", Rule.SEE, Scope.GROUP, (api, vis, u) -> api.get(g + group(vis) + "/subgroups"));
        row("GET /api/v4/groups/{id}/projects", Rule.SEE, Scope.GROUP, (api, vis, u) -> api.get(g + group(vis) + "/projects"));
        row("GET /api/v4/groups/{id}/package_settings", Rule.MAINTAIN, Scope.GROUP,
                (api, vis, u) -> api.get(g + group(vis) + "/package_settings"));
        row("PUT /api/v4/groups/{id}/package_settings", Rule.OWN, Scope.GROUP,
                (api, vis, u) -> api.put(g + group(vis) + "/package_settings", Map.of("maven_duplicates_allowed", true)));
        row("GET /api/v4/projects", Rule.ANY, Scope.NONE, (api, vis, u) -> api.get("/api/v4/projects"));
        row("POST /api/v4/projects", Rule.SIGNED_IN, Scope.NONE, (api, vis, u) -> api.post("/api/v4/projects",
                Map.of("name", "mine" + u, "path", "mine" + u)));
        row("GET /api/v4/projects/{id}", Rule.SEE, Scope.PROJECT, (api, vis, u) -> api.get(p + project(vis)));
        row("PUT /api/v4/projects/{id}", Rule.MAINTAIN, Scope.PROJECT,
                (api, vis, u) -> api.put(p + project(vis), Map.of("description", "d" + u)));
        row("DELETE /api/v4/projects/{id}", Rule.OWN, Scope.PROJECT, (api, vis, u) -> api.delete(p + freshProject(vis, u)));
        row("POST /api/v4/projects/{id}/jobs", Rule.MAINTAIN, Scope.PROJECT, (api, vis, u) -> api.post(p + project(vis)
                + "/jobs", Map.of("user_id", m.users.get("developer"), "pipeline_id", 1, "ref", "main", "sha", "0".repeat(40),
                "name", "j" + u)));
        row("POST /api/v4/projects/{id}/jobs/{job_id}/finish", Rule.MAINTAIN, Scope.PROJECT, (api, vis, u) -> {
            long job = m.world.job(project(vis), m.users.get("developer")).get("id").asLong();
            return api.post(p + project(vis) + "/jobs/" + job + "/finish", Map.of("status", "success"));
        });

        row("GET /api/v4/deploy_tokens", Rule.ADMIN, Scope.NONE, (api, vis, u) -> api.get("/api/v4/deploy_tokens"));
        // package protection rules of a project
        String rules = "/packages/protection/rules";
        row("GET " + p + "{id}" + rules, Rule.MAINTAIN, Scope.PROJECT, (api, vis, u) -> api.get(p + project(vis) + rules));
        row("POST " + p + "{id}" + rules, Rule.MAINTAIN, Scope.PROJECT, (api, vis, u) -> api.post(p + project(vis) + rules,
                Map.of("package_name_pattern", "p" + u + "*", "package_type", "generic",
                        "minimum_access_level_for_push", "maintainer")));
        row("PATCH " + p + "{id}" + rules + "/{rule_id}", Rule.MAINTAIN, Scope.PROJECT, (api, vis, u) ->
                api.patch(p + project(vis) + rules + "/" + protectionRule(project(vis), u),
                        Map.of("minimum_access_level_for_push", "owner")));
        row("DELETE " + p + "{id}" + rules + "/{rule_id}", Rule.MAINTAIN, Scope.PROJECT, (api, vis, u) ->
                api.delete(p + project(vis) + rules + "/" + protectionRule(project(vis), u)));

        // deploy tokens and members, of projects and groups
        for (Scope scope : List.of(Scope.PROJECT, Scope.GROUP)) {
            String kind = scope == Scope.PROJECT ? "projects" : "groups";
            java.util.function.Function<Vis, Long> id = vis -> scope == Scope.PROJECT ? project(vis) : group(vis);
            String base = "/api/v4/" + kind + "/";
            row("GET " + base + "{id}/deploy_tokens", Rule.MAINTAIN, scope, (api, vis, u) -> api.get(base + id.apply(vis) + "/deploy_tokens"));
            row("POST " + base + "{id}/deploy_tokens", Rule.MAINTAIN, scope, (api, vis, u) -> api.post(base + id.apply(vis)
                    + "/deploy_tokens", Map.of("name", "d" + u, "scopes", List.of("read_package_registry"))));
            row("GET " + base + "{id}/deploy_tokens/{tid}", Rule.MAINTAIN, scope, (api, vis, u) ->
                    api.get(base + id.apply(vis) + "/deploy_tokens/" + deployToken(kind, id.apply(vis))));
            row("DELETE " + base + "{id}/deploy_tokens/{tid}", Rule.MAINTAIN, scope, (api, vis, u) ->
                    api.delete(base + id.apply(vis) + "/deploy_tokens/" + deployToken(kind, id.apply(vis))));
            row("GET " + base + "{id}/members", Rule.SEE, scope, (api, vis, u) -> api.get(base + id.apply(vis) + "/members"));
            row("GET " + base + "{id}/members/all", Rule.SEE, scope, (api, vis, u) -> api.get(base + id.apply(vis) + "/members/all"));
            row("GET " + base + "{id}/members/{user_id}", Rule.SEE, scope,
                    (api, vis, u) -> api.get(base + id.apply(vis) + "/members/" + m.users.get("reporter")));
            row("POST " + base + "{id}/members", Rule.MAINTAIN, scope, (api, vis, u) -> api.post(base + id.apply(vis)
                    + "/members", Map.of("user_id", freshUser(u), "access_level", 20)));
            row("PUT " + base + "{id}/members/{user_id}", Rule.MAINTAIN, scope, (api, vis, u) -> {
                long user = freshUser(u);
                m.world.member(kind, id.apply(vis), user, 10);
                return api.put(base + id.apply(vis) + "/members/" + user, Map.of("access_level", 20));
            });
            row("DELETE " + base + "{id}/members/{user_id}", Rule.MAINTAIN, scope, (api, vis, u) -> {
                long user = freshUser(u);
                m.world.member(kind, id.apply(vis), user, 10);
                return api.delete(base + id.apply(vis) + "/members/" + user);
            });
        }

        // the web UI: sessions and CSRF tokens, not API credentials (the browser tests sign in)
        row("GET /", Rule.PUBLIC, Scope.NONE, (api, vis, u) -> api.get("/"));
        row("GET /users/sign_in", Rule.PUBLIC, Scope.NONE, (api, vis, u) -> api.get("/users/sign_in"));
        row("GET /-/assets/{file}", Rule.PUBLIC, Scope.NONE, (api, vis, u) -> api.get("/-/assets/depot.css"));
        row("POST /users/sign_in", Rule.WEB, Scope.NONE, (api, vis, u) -> api.postForm("/users/sign_in", "username=root&password=x"));
        row("POST /users/sign_out", Rule.WEB, Scope.NONE, (api, vis, u) -> api.postForm("/users/sign_out", ""));
        row("GET /admin", Rule.WEB, Scope.NONE, (api, vis, u) -> api.get("/admin"));
        row("POST /admin", Rule.WEB, Scope.NONE, (api, vis, u) -> api.postForm("/admin", "packages_enabled=false"));
        row("POST /admin/users", Rule.WEB, Scope.NONE, (api, vis, u) -> api.postForm("/admin/users", "username=web" + u));
        row("POST /admin/users/{username}/{action}", Rule.WEB, Scope.NONE, (api, vis, u) -> api.postForm("/admin/users/guest/block", ""));
        row("GET /groups/<path>", Rule.WEB, Scope.GROUP, (api, vis, u) -> api.get("/groups/g" + v(vis) + "/-/packages"));
        row("POST /groups/<path>", Rule.WEB, Scope.GROUP, (api, vis, u) -> api.postForm("/groups/g" + v(vis) + "/-/settings/packages", ""));
        row("GET /<path>", Rule.WEB, Scope.PROJECT, (api, vis, u) -> api.get("/matrix/" + v(vis) + "/-/packages"));
        row("POST /<path>", Rule.WEB, Scope.PROJECT, (api, vis, u) -> api.postForm("/matrix/" + v(vis) + "/-/packages/"
                + m.projects.get(vis).packageId() + "/delete", ""));
    }
}
