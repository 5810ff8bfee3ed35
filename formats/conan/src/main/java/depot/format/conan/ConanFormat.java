package depot.format.conan;

import depot.core.access.Action;
import depot.core.error.DepotException;
import depot.core.model.Package;
import depot.core.model.PackageFile;
import depot.http.ErrorStyle;
import depot.http.FormatContext;
import depot.http.FormatHandler;
import depot.http.FormatRoutes;
import depot.http.PackageDetails;
import depot.http.PackageFormat;
import io.javalin.http.HandlerType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A Conan repository in GitLab's layout: the v1 API (snapshots, upload and download URLs, one revision {@code 0}
 * per recipe for clients without revisions) and the v2 API (recipe and package revisions) at
 * {@code /api/v4/projects/:id/packages/conan/…} and at {@code /api/v4/packages/conan/…}, where a recipe's user
 * names its project ({@code group+project} for {@code group/project}), as in GitLab.
 *
 * <p>A recipe ({@code name/version@user/channel}) is one package; every file belongs to a recipe revision, and
 * binary files also to a package id and package revision. A revision becomes visible when its
 * {@code conanmanifest.txt} — the file Conan uploads last — is stored, so a cut-off upload shows nothing.
 */
public final class ConanFormat implements PackageFormat {
    public static final String TYPE = "conan";
    static final String V1_REVISION = "0";
    /** The project that holds recipes without user and channel at the instance remote (a full path; optional). */
    static final String INSTANCE_PROJECT = "conan_instance_project";
    private static final String REF = "/{name}/{version}/{user}/{channel}";
    private final ConanHandshake handshake = new ConanHandshake();
    private final ConanSearch search = new ConanSearch();
    private final ConanReads reads = new ConanReads();
    private final ConanUploads uploads = new ConanUploads();
    private final ConanDeletes deletes = new ConanDeletes();
    private final ConanV1 v1Api = new ConanV1();

    @Override
    public String type() { return TYPE; }

    @Override
    public String displayName() { return "Conan"; }

    /** GitLab's default limit for Conan files: 3 GiB. */
    @Override
    public long defaultMaxUploadBytes() { return 3L << 30; }

    /** Conan prints an error body's {@code errors[0]} as {@code status: message}. */
    @Override
    public ErrorStyle errorStyle() {
        return (ctx, status, message) -> ctx.status(status).contentType(ConanDocs.JSON_TYPE)
                .result(ConanDocs.error(status, message));
    }

    @Override
    public void routes(FormatRoutes routes) {
        for (String v : List.of("/v1", "/v2")) {
            both(routes, HandlerType.GET, v + "/ping", Action.READ, handshake::ping);
            both(routes, HandlerType.GET, v + "/users/authenticate", Action.READ, handshake::authenticate);
            both(routes, HandlerType.GET, v + "/users/check_credentials", Action.READ, handshake::checkCredentials);
            both(routes, HandlerType.GET, v + "/conans/search", Action.READ, search::search);
            recipeRoute(routes, HandlerType.GET, v + "/conans" + REF + "/search", Action.READ, r -> search.searchPackages(r, null));
        }
        // v2: revisions
        String recipe = "/v2/conans" + REF;
        String rrev = recipe + "/revisions/{rrev}";
        String pkg = rrev + "/packages/{pid}";
        String prev = pkg + "/revisions/{prev}";
        recipeRoute(routes, HandlerType.DELETE, recipe, Action.DELETE, deletes::deleteRecipe);
        recipeRoute(routes, HandlerType.GET, recipe + "/latest", Action.READ, reads::recipeLatest);
        recipeRoute(routes, HandlerType.GET, recipe + "/revisions", Action.READ, reads::recipeRevisions);
        recipeRoute(routes, HandlerType.DELETE, rrev, Action.DELETE, deletes::deleteRecipeRevision);
        recipeRoute(routes, HandlerType.GET, rrev + "/search", Action.READ, r -> search.searchPackages(r, r.path("rrev")));
        recipeRoute(routes, HandlerType.GET, rrev + "/files", Action.READ, reads::recipeFiles);
        recipeRoute(routes, HandlerType.GET, rrev + "/files/<file>", Action.READ, reads::getRecipeFile);
        recipeRoute(routes, HandlerType.PUT, rrev + "/files/<file>", Action.WRITE, uploads::putRecipeFile);
        recipeRoute(routes, HandlerType.DELETE, rrev + "/packages", Action.DELETE, deletes::deleteRevisionPackages);
        recipeRoute(routes, HandlerType.GET, pkg + "/latest", Action.READ, reads::packageLatest);
        recipeRoute(routes, HandlerType.GET, pkg + "/revisions", Action.READ, reads::packageRevisions);
        recipeRoute(routes, HandlerType.DELETE, prev, Action.DELETE, deletes::deletePackageRevision);
        recipeRoute(routes, HandlerType.GET, prev + "/files", Action.READ, reads::packageFiles);
        recipeRoute(routes, HandlerType.GET, prev + "/files/<file>", Action.READ, reads::getPackageFile);
        recipeRoute(routes, HandlerType.PUT, prev + "/files/<file>", Action.WRITE, uploads::putPackageFile);
        // v1: snapshots and URL lists over the latest revisions; uploads go to revision 0
        String v1 = "/v1/conans" + REF;
        recipeRoute(routes, HandlerType.GET, v1, Action.READ, v1Api::recipeSnapshot);
        recipeRoute(routes, HandlerType.DELETE, v1, Action.DELETE, deletes::deleteRecipe);
        recipeRoute(routes, HandlerType.GET, v1 + "/digest", Action.READ, r -> v1Api.recipeUrls(r, true));
        recipeRoute(routes, HandlerType.GET, v1 + "/download_urls", Action.READ, r -> v1Api.recipeUrls(r, false));
        recipeRoute(routes, HandlerType.POST, v1 + "/upload_urls", Action.WRITE, v1Api::recipeUploadUrls);
        recipeRoute(routes, HandlerType.POST, v1 + "/remove_files", Action.DELETE, v1Api::removeFiles);
        recipeRoute(routes, HandlerType.POST, v1 + "/packages/delete", Action.DELETE, v1Api::deletePackages);
        recipeRoute(routes, HandlerType.GET, v1 + "/packages/{pid}", Action.READ, v1Api::packageSnapshot);
        recipeRoute(routes, HandlerType.GET, v1 + "/packages/{pid}/digest", Action.READ, r -> v1Api.packageUrls(r, true));
        recipeRoute(routes, HandlerType.GET, v1 + "/packages/{pid}/download_urls", Action.READ, r -> v1Api.packageUrls(r, false));
        recipeRoute(routes, HandlerType.POST, v1 + "/packages/{pid}/upload_urls", Action.WRITE, v1Api::packageUploadUrls);
        String files = "/v1/files" + REF + "/{rrev}";
        recipeRoute(routes, HandlerType.GET, files + "/export/{file}", Action.READ, reads::getRecipeFile);
        recipeRoute(routes, HandlerType.PUT, files + "/export/{file}", Action.WRITE, uploads::putRecipeFile);
        recipeRoute(routes, HandlerType.GET, files + "/package/{pid}/{prev}/{file}", Action.READ, reads::getPackageFile);
        recipeRoute(routes, HandlerType.PUT, files + "/package/{pid}/{prev}/{file}", Action.WRITE, uploads::putPackageFile);
        // anything else under the remote (a reference with a slash in a part, a path of another shape) is a 404
        // Conan can print, not the router's
        for (HandlerType method : List.of(HandlerType.GET, HandlerType.PUT, HandlerType.POST, HandlerType.DELETE)) {
            both(routes, method, "/<path>", Action.READ, r -> {
                throw new DepotException.NotFound("No Conan endpoint at " + r.ctx().path());
            });
        }
    }

    /** Every route answers at the project and at the instance, as in GitLab (Conan has no group endpoint there). */
    private static void both(FormatRoutes routes, HandlerType method, String path, Action action, FormatHandler h) {
        routes.at(FormatRoutes.PROJECT_AND_INSTANCE, method, path, action, h);
    }

    /** A route of one recipe: at the instance remote it acts on the project the recipe names. */
    private static void recipeRoute(FormatRoutes routes, HandlerType method, String path, Action action,
                                    FormatHandler h) {
        routes.at(FormatRoutes.PROJECT_AND_INSTANCE, method, path, action, ConanRequests::instanceProject, h);
    }

    // ---- details

    @Override
    public Map<String, String[]> settings() {
        return Map.of("conan_instance_project", new String[] {"",
                "project (full path) holding recipes without user/channel at the instance Conan remote"});
    }

    @Override
    public PackageDetails details(Package pkg, List<PackageFile> files, FormatContext ctx) {
        ConanRef ref = ConanRequests.refOf(pkg);
        Recipe r = new Recipe(pkg, files);
        JsonNode meta = pkg.metadata() == null ? Recipe.JSON.createObjectNode() : Recipe.JSON.readTree(pkg.metadata());
        List<PackageDetails.Row> rows = new ArrayList<>();
        rows.add(new PackageDetails.Row("reference", ref.toString()));
        if (ref.hasUserChannel()) {
            rows.add(new PackageDetails.Row("user", ref.user()));
            rows.add(new PackageDetails.Row("channel", ref.channel()));
        }
        for (String key : List.of("description", "license", "author", "homepage", "url", "topics")) {
            if (meta.path(key).isString()) rows.add(new PackageDetails.Row(key, meta.get(key).asString()));
        }
        java.util.Set<String> requires = new java.util.LinkedHashSet<>();
        for (Recipe.Revision rev : r.recipeRevisions()) {
            rows.add(new PackageDetails.Row("recipe revision", rev.revision() + " (" + ConanDocs.time(rev.time()) + ")"));
            for (String pid : r.packageIds(rev.revision())) {
                List<Recipe.Revision> prevs = r.packageRevisions(rev.revision(), pid);
                Recipe.Stored info = r.packageFiles(rev.revision(), pid, prevs.get(0).revision()).get("conaninfo.txt");
                if (info != null && rev.equals(r.recipeRevisions().get(0))) {
                    info.meta().path("info").path("requires").forEach(q -> requires.add(q.asString("")));
                }
                rows.add(new PackageDetails.Row("package " + pid, describe(info) + " — " + prevs.size()
                        + (prevs.size() == 1 ? " revision, latest " : " revisions, latest ") + prevs.get(0).revision()));
            }
        }
        String remote = ref.hasUserChannel() && ref.user().contains("+")
                ? ctx.instanceMount(TYPE) : ctx.projectMount(pkg.projectId(), TYPE);
        List<PackageDetails.Dependency> dependencies = requires.stream().filter(q -> !q.isBlank()).limit(500).map(q -> {
            int slash = q.indexOf('/');
            return new PackageDetails.Dependency(slash < 0 ? q : q.substring(0, slash), slash < 0 ? "" : q.substring(slash + 1), "");
        }).toList();
        return new PackageDetails(rows, dependencies, List.of(
                new PackageDetails.Snippet("Conan 2: add the remote", "shell",
                        "conan remote add depot " + remote + "\nconan remote login depot <username> -p $DEPOT_TOKEN"),
                new PackageDetails.Snippet("Conan 2: install", "shell", "conan install --requires=" + ref + " -r depot"),
                new PackageDetails.Snippet("conanfile.txt", "ini", "[requires]\n" + ref),
                new PackageDetails.Snippet("Conan 1", "shell", "conan remote add depot " + remote
                        + "\nconan user <username> -r depot -p $DEPOT_TOKEN\nconan install " + ref
                        + (ref.hasUserChannel() ? "" : "@") + " -r depot")));
    }

    /** "os=Linux, arch=x86_64, build_type=Release; shared=False" from a binary's conaninfo. */
    private static String describe(Recipe.Stored info) {
        if (info == null || !info.meta().path("info").isObject()) return "no settings";
        JsonNode parsed = info.meta().get("info");
        List<String> parts = new ArrayList<>();
        for (String section : List.of("settings", "options")) {
            JsonNode n = parsed.path(section);
            if (!n.isObject() || n.isEmpty()) continue;
            List<String> kv = new ArrayList<>();
            n.properties().forEach(e -> kv.add(e.getKey() + "=" + e.getValue().asString("")));
            parts.add(section + ": " + String.join(", ", kv));
        }
        return parts.isEmpty() ? "no settings or options (header-only)" : String.join("; ", parts);
    }
}
