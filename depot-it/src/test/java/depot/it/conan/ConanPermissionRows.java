package depot.it.conan;

import static depot.it.conan.ConanTestKit.PID;
import static depot.it.conan.ConanTestKit.PREV;
import static depot.it.conan.ConanTestKit.RREV;

import depot.it.formats.Kind;
import depot.it.formats.PermissionRows;
import depot.it.formats.PermissionRows.Probe;
import depot.it.formats.PermissionRows.Scope;
import depot.it.formats.Rule;
import depot.it.formats.Style;
import depot.it.formats.Vis;
import depot.it.support.Api;
import depot.it.support.ConanRequests;
import java.net.http.HttpRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Conan's rows of the permission table: at the project remote (rules of package endpoints) and at the instance
 * remote, where a recipe's user names its project (a project the caller may not read is not found there).
 */
final class ConanPermissionRows {
    private static final String INSTANCE = "/api/v4/packages/conan";
    private static final String REF = "/{name}/{version}/{user}/{channel}";
    private static final String RECIPE_REVISION = "/v2/conans" + REF + "/revisions/{rrev}";
    private static final String PACKAGE_REVISION = RECIPE_REVISION + "/packages/{pid}/revisions/{prev}";
    private static final List<String> USERS = List.of("/users/authenticate", "/users/check_credentials");

    private ConanPermissionRows() {}

    static void addTo(PermissionRows rows) {
        // the routes the full matrix calls with every credential kind, deploy and job tokens included
        String project = "/api/v4/projects/{id}/packages/conan";
        rows.matrixRow("GET " + project + "/v2/conans" + REF + "/latest", "GET conan recipe latest");
        rows.matrixRow("GET " + project + RECIPE_REVISION + "/files/<file>", "GET conan recipe file");
        rows.matrixRow("GET " + project + PACKAGE_REVISION + "/files/<file>", "GET conan package file");
        rows.matrixRow("GET " + project + "/v1/conans" + REF + "/download_urls", "GET conan v1 download urls");
        rows.matrixRow("PUT " + project + RECIPE_REVISION + "/files/<file>", "PUT conan recipe file");
        rows.matrixRow("PUT " + project + PACKAGE_REVISION + "/files/<file>", "PUT conan package file");
        rows.matrixRow("POST " + project + "/v1/conans" + REF + "/upload_urls", "POST conan v1 upload urls");
        rows.matrixRow("DELETE " + project + RECIPE_REVISION, "DELETE conan recipe revision");
        for (Remote remote : List.of(new Remote(rows, false), new Remote(rows, true))) {
            remote.pingUsersAndSearch();
            remote.reads();
            remote.writes();
            remote.deletes();
            remote.otherPaths();
        }
    }

    /** The project remote or the instance remote. */
    private record Remote(PermissionRows rows, boolean instance) {
        String route() { return instance ? INSTANCE : "/api/v4/projects/{id}/packages/conan"; }

        Scope scope() { return instance ? Scope.GROUP : Scope.PROJECT; }

        String url(Vis vis) { return instance ? INSTANCE : rows.packages(vis) + "conan"; }

        /** The recipe the matrix published, as this remote finds it in the project of that visibility. */
        String recipe(Vis vis) { return instance ? ConanTestKit.instanceRecipe(vis) : ConanTestKit.RECIPE; }

        /** A recipe the caller makes: "name/1.0" in the project; at the instance, with the project as its user. */
        String named(Vis vis, String name) {
            return instance ? name + "/1.0/matrix+" + vis.value() + "/stable" : name + "/1.0/_/_";
        }

        /** A new recipe revision with a binary, for a probe that deletes it. */
        String fresh(Vis vis, String unique) {
            String recipe = named(vis, "gone" + unique);
            ConanRequests.recipe(rows.root(), rows.packages(vis) + "conan", recipe, RREV, "x = 1\n");
            ConanRequests.binary(rows.root(), rows.packages(vis) + "conan", recipe, RREV, PID, PREV);
            return recipe;
        }

        void packageRow(String method, String route, Kind kind, Probe probe) {
            rows.packageRow(method + " " + route() + route, kind, Style.FORMAT, scope(), probe);
        }

        void pingUsersAndSearch() {
            for (String protocol : List.of("/v1", "/v2")) {
                String at = route() + protocol;
                if (instance) {
                    rows.row("GET " + at + "/ping", Rule.ANY, Scope.NONE,
                            (api, vis, u) -> api.get(INSTANCE + "/v1/ping"));
                    for (String users : USERS) {
                        rows.row("GET " + at + users, Rule.SIGNED_IN, Scope.NONE,
                                (api, vis, u) -> api.get(INSTANCE + protocol + users));
                    }
                    rows.row("GET " + at + "/conans/search", Rule.LISTING, Scope.GROUP,
                            (api, vis, u) -> api.get(INSTANCE + protocol + "/conans/search?q=only-" + vis.value()
                                    + "*"));
                } else {
                    packageRow("GET", protocol + "/ping", Kind.READ,
                            (api, vis, u) -> api.get(url(vis) + protocol + "/ping"));
                    for (String users : USERS) {
                        rows.row("GET " + at + users, Rule.WHOAMI, Scope.PROJECT,
                                (api, vis, u) -> api.get(url(vis) + protocol + users));
                    }
                    packageRow("GET", protocol + "/conans/search", Kind.READ,
                            (api, vis, u) -> api.get(url(vis) + protocol + "/conans/search?q=c*"));
                }
                packageRow("GET", protocol + "/conans" + REF + "/search", Kind.READ,
                        (api, vis, u) -> api.get(url(vis) + protocol + "/conans/" + recipe(vis) + "/search"));
            }
        }

        /** Reads of the matrix's recipe and binary ("R" stands for the recipe). */
        void reads() {
            Map<String, String> reads = new LinkedHashMap<>();
            reads.put("/v2/conans" + REF + "/revisions", "/v2/conans/R/revisions");
            reads.put(RECIPE_REVISION + "/search", "/v2/conans/R/revisions/" + RREV + "/search");
            reads.put(RECIPE_REVISION + "/files", "/v2/conans/R/revisions/" + RREV + "/files");
            reads.put(RECIPE_REVISION + "/packages/{pid}/latest", "/v2/conans/R/revisions/" + RREV + "/packages/" + PID
                    + "/latest");
            reads.put(RECIPE_REVISION + "/packages/{pid}/revisions", "/v2/conans/R/revisions/" + RREV + "/packages/"
                    + PID + "/revisions");
            reads.put(PACKAGE_REVISION + "/files", "/v2/conans/R/revisions/" + RREV + "/packages/" + PID + "/revisions/"
                    + PREV + "/files");
            reads.put("/v1/conans" + REF, "/v1/conans/R");
            reads.put("/v1/conans" + REF + "/digest", "/v1/conans/R/digest");
            reads.put("/v1/conans" + REF + "/packages/{pid}", "/v1/conans/R/packages/" + PID);
            reads.put("/v1/conans" + REF + "/packages/{pid}/digest", "/v1/conans/R/packages/" + PID + "/digest");
            reads.put("/v1/conans" + REF + "/packages/{pid}/download_urls", "/v1/conans/R/packages/" + PID
                    + "/download_urls");
            reads.put("/v1/files" + REF + "/{rrev}/export/{file}", "/v1/files/R/" + RREV + "/export/conanfile.py");
            reads.put("/v1/files" + REF + "/{rrev}/package/{pid}/{prev}/{file}",
                    "/v1/files/R/" + RREV + "/package/" + PID + "/" + PREV + "/conaninfo.txt");
            if (instance) {   // at the project remote, the matrix probes these with every caller kind
                reads.put("/v2/conans" + REF + "/latest", "/v2/conans/R/latest");
                reads.put(RECIPE_REVISION + "/files/<file>", "/v2/conans/R/revisions/" + RREV + "/files/conanfile.py");
                reads.put(PACKAGE_REVISION + "/files/<file>", "/v2/conans/R/revisions/" + RREV + "/packages/" + PID
                        + "/revisions/" + PREV + "/files/conaninfo.txt");
                reads.put("/v1/conans" + REF + "/download_urls", "/v1/conans/R/download_urls");
            }
            reads.forEach((route, path) -> packageRow("GET", route, Kind.READ,
                    (api, vis, u) -> api.get(url(vis) + path.replace("/R", "/" + recipe(vis)))));
        }

        void writes() {
            packageRow("PUT", "/v1/files" + REF + "/{rrev}/export/{file}", Kind.WRITE, (api, vis, u) ->
                    ConanRequests.put(api, url(vis) + "/v1/files/" + named(vis, "written") + "/0/export/conanfile.py",
                            new byte[] {'x'}));
            packageRow("PUT", "/v1/files" + REF + "/{rrev}/package/{pid}/{prev}/{file}", Kind.WRITE, (api, vis, u) ->
                    ConanRequests.put(api, url(vis) + "/v1/files/" + recipe(vis) + "/" + RREV + "/package/q" + u
                            + "/0/conaninfo.txt", "[settings]\n".getBytes()));
            packageRow("POST", "/v1/conans" + REF + "/packages/{pid}/upload_urls", Kind.WRITE, (api, vis, u) ->
                    api.post(url(vis) + "/v1/conans/" + recipe(vis) + "/packages/" + PID + "/upload_urls",
                            Map.of("conaninfo.txt", 1)));
            if (!instance) return;   // at the project remote, the matrix probes these with every caller kind
            packageRow("PUT", RECIPE_REVISION + "/files/<file>", Kind.WRITE, (api, vis, u) -> ConanRequests.put(api,
                    ConanRequests.recipeFile(url(vis), named(vis, "written"), "r" + u, "conanfile.py"),
                    new byte[] {'x'}));
            packageRow("PUT", PACKAGE_REVISION + "/files/<file>", Kind.WRITE, (api, vis, u) -> ConanRequests.put(api,
                    ConanRequests.packageFile(url(vis), recipe(vis), RREV, "p" + u, "1", "conaninfo.txt"),
                    "[settings]\n".getBytes()));
            packageRow("POST", "/v1/conans" + REF + "/upload_urls", Kind.WRITE, (api, vis, u) -> api.post(
                    url(vis) + "/v1/conans/" + named(vis, "written") + "/upload_urls", Map.of("conanfile.py", 1)));
        }

        void deletes() {
            if (instance) {   // at the project remote, the matrix probes it with every caller kind
                packageRow("DELETE", RECIPE_REVISION, Kind.DELETE,
                        (api, vis, u) -> api.delete(url(vis) + "/v2/conans/" + fresh(vis, u) + "/revisions/" + RREV));
            }
            packageRow("DELETE", "/v2/conans" + REF, Kind.DELETE,
                    (api, vis, u) -> api.delete(url(vis) + "/v2/conans/" + fresh(vis, u)));
            packageRow("DELETE", "/v1/conans" + REF, Kind.DELETE,
                    (api, vis, u) -> api.delete(url(vis) + "/v1/conans/" + fresh(vis, u)));
            packageRow("DELETE", RECIPE_REVISION + "/packages", Kind.DELETE, (api, vis, u) ->
                    api.delete(url(vis) + "/v2/conans/" + fresh(vis, u) + "/revisions/" + RREV + "/packages"));
            packageRow("DELETE", PACKAGE_REVISION, Kind.DELETE, (api, vis, u) -> api.delete(url(vis) + "/v2/conans/"
                    + fresh(vis, u) + "/revisions/" + RREV + "/packages/" + PID + "/revisions/" + PREV));
            packageRow("POST", "/v1/conans" + REF + "/remove_files", Kind.DELETE, (api, vis, u) -> api.post(url(vis)
                    + "/v1/conans/" + fresh(vis, u) + "/remove_files", Map.of("files", List.of("conanfile.py"))));
            packageRow("POST", "/v1/conans" + REF + "/packages/delete", Kind.DELETE, (api, vis, u) -> api.post(url(vis)
                    + "/v1/conans/" + fresh(vis, u) + "/packages/delete", Map.of("package_ids", List.of())));
        }

        /** Any other path under a remote: Conan's 404 once past the access check (counted as an answer here). */
        void otherPaths() {
            for (String method : List.of("GET", "PUT", "POST", "DELETE")) {
                Probe other = (api, vis, u) -> {
                    Api.Response res = api.send(api.request(url(vis) + "/nothing/here")
                            .method(method, HttpRequest.BodyPublishers.noBody()));
                    return res.status() == 404 && res.body().contains("No Conan endpoint")
                            ? new Api.Response(200, res.body(), res.headers()) : res;
                };
                if (instance) rows.row(method + " " + route() + "/<path>", Rule.ANY, Scope.NONE, other);
                else packageRow(method, "/<path>", Kind.READ, other);
            }
        }
    }
}
