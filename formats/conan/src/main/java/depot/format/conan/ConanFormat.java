package depot.format.conan;

import depot.core.access.AccessService;
import depot.core.access.Action;
import depot.core.access.Credentials;
import depot.core.access.Principal;
import depot.core.blob.StoredBlob;
import depot.core.error.DepotException;
import depot.core.model.Package;
import depot.core.model.PackageFile;
import depot.core.model.PackageStatus;
import depot.core.model.Project;
import depot.core.packages.NewFile;
import depot.core.packages.PackageReads;
import depot.core.packages.Publication;
import depot.http.Downloads;
import depot.http.ErrorStyle;
import depot.http.FormatContext;
import depot.http.FormatHandler;
import depot.http.FormatRequest;
import depot.http.IndexResponses;
import depot.http.FormatRoutes;
import depot.http.HttpAuth;
import depot.http.PackageDetails;
import depot.http.PackageFormat;
import depot.http.Scope;
import depot.http.Uploads;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

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
    private static final Pattern WILDCARD = Pattern.compile("[^*?]+|\\*|\\?");

    @Override
    public String type() { return TYPE; }

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
            both(routes, HandlerType.GET, v + "/ping", Action.READ, this::ping);
            both(routes, HandlerType.GET, v + "/users/authenticate", Action.READ, this::authenticate);
            both(routes, HandlerType.GET, v + "/users/check_credentials", Action.READ, this::checkCredentials);
            both(routes, HandlerType.GET, v + "/conans/search", Action.READ, this::search);
            both(routes, HandlerType.GET, v + "/conans" + REF + "/search", Action.READ, r -> searchPackages(r, null));
        }
        // v2: revisions
        String recipe = "/v2/conans" + REF;
        String rrev = recipe + "/revisions/{rrev}";
        String pkg = rrev + "/packages/{pid}";
        String prev = pkg + "/revisions/{prev}";
        both(routes, HandlerType.DELETE, recipe, Action.DELETE, this::deleteRecipe);
        both(routes, HandlerType.GET, recipe + "/latest", Action.READ, this::recipeLatest);
        both(routes, HandlerType.GET, recipe + "/revisions", Action.READ, this::recipeRevisions);
        both(routes, HandlerType.DELETE, rrev, Action.DELETE, this::deleteRecipeRevision);
        both(routes, HandlerType.GET, rrev + "/search", Action.READ, r -> searchPackages(r, r.path("rrev")));
        both(routes, HandlerType.GET, rrev + "/files", Action.READ, this::recipeFiles);
        both(routes, HandlerType.GET, rrev + "/files/<file>", Action.READ, this::getRecipeFile);
        both(routes, HandlerType.PUT, rrev + "/files/<file>", Action.WRITE, this::putRecipeFile);
        both(routes, HandlerType.DELETE, rrev + "/packages", Action.DELETE, this::deleteRevisionPackages);
        both(routes, HandlerType.GET, pkg + "/latest", Action.READ, this::packageLatest);
        both(routes, HandlerType.GET, pkg + "/revisions", Action.READ, this::packageRevisions);
        both(routes, HandlerType.DELETE, prev, Action.DELETE, this::deletePackageRevision);
        both(routes, HandlerType.GET, prev + "/files", Action.READ, this::packageFiles);
        both(routes, HandlerType.GET, prev + "/files/<file>", Action.READ, this::getPackageFile);
        both(routes, HandlerType.PUT, prev + "/files/<file>", Action.WRITE, this::putPackageFile);
        // v1: snapshots and URL lists over the latest revisions; uploads go to revision 0
        String v1 = "/v1/conans" + REF;
        both(routes, HandlerType.GET, v1, Action.READ, this::v1RecipeSnapshot);
        both(routes, HandlerType.DELETE, v1, Action.DELETE, this::deleteRecipe);
        both(routes, HandlerType.GET, v1 + "/digest", Action.READ, r -> v1RecipeUrls(r, true));
        both(routes, HandlerType.GET, v1 + "/download_urls", Action.READ, r -> v1RecipeUrls(r, false));
        both(routes, HandlerType.POST, v1 + "/upload_urls", Action.WRITE, this::v1RecipeUploadUrls);
        both(routes, HandlerType.POST, v1 + "/remove_files", Action.DELETE, this::v1RemoveFiles);
        both(routes, HandlerType.POST, v1 + "/packages/delete", Action.DELETE, this::v1DeletePackages);
        both(routes, HandlerType.GET, v1 + "/packages/{pid}", Action.READ, this::v1PackageSnapshot);
        both(routes, HandlerType.GET, v1 + "/packages/{pid}/digest", Action.READ, r -> v1PackageUrls(r, true));
        both(routes, HandlerType.GET, v1 + "/packages/{pid}/download_urls", Action.READ, r -> v1PackageUrls(r, false));
        both(routes, HandlerType.POST, v1 + "/packages/{pid}/upload_urls", Action.WRITE, this::v1PackageUploadUrls);
        String files = "/v1/files" + REF + "/{rrev}";
        both(routes, HandlerType.GET, files + "/export/{file}", Action.READ, this::getRecipeFile);
        both(routes, HandlerType.PUT, files + "/export/{file}", Action.WRITE, this::putRecipeFile);
        both(routes, HandlerType.GET, files + "/package/{pid}/{prev}/{file}", Action.READ, this::getPackageFile);
        both(routes, HandlerType.PUT, files + "/package/{pid}/{prev}/{file}", Action.WRITE, this::putPackageFile);
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
        routes.project(method, path, action, h);
        routes.instance(method, path, action, h);
    }

    // ---- service endpoints

    private void ping(FormatRequest req) {
        req.ctx().header("X-Conan-Server-Capabilities", "revisions").status(200).result("");
    }

    /**
     * Conan sends Basic credentials once and keeps the answer as its bearer token. The answer is the access token
     * given as the password (personal, deploy or job token), which Depot checks on every later request; a
     * password is refused, as GitLab does for package clients.
     */
    private void authenticate(FormatRequest req) {
        Principal p = req.principal();
        Credentials c = HttpAuth.credentials(req.ctx());
        if (p == Principal.ANONYMOUS || c == null) {
            throw new DepotException.Unauthenticated("401 Unauthorized: send a username and an access token");
        }
        String secret = c.secret() == null ? "" : c.secret().trim();
        // any token Depot issued (also one without a dpat- prefix, as DEPOT_INITIAL_ROOT_TOKEN may make it), never a password
        boolean token = p instanceof Principal.DeployTokenPrincipal || p instanceof Principal.JobPrincipal
                || (p instanceof Principal.UserPrincipal u && u.tokenId() != null);
        if (!token) {
            throw new DepotException.Unauthenticated(
                    "401 Unauthorized: Conan needs a personal access token, deploy token or job token as password");
        }
        req.ctx().contentType("text/plain; charset=utf-8").result(secret);
    }

    private void checkCredentials(FormatRequest req) {
        Principal p = req.principal();
        if (p == Principal.ANONYMOUS) throw new DepotException.Unauthenticated("401 Unauthorized");
        req.ctx().contentType("text/plain; charset=utf-8").result(p.user() != null ? p.user().username() : "ok");
    }

    // ---- search

    private void search(FormatRequest req) {
        String q = req.ctx().queryParam("q");
        boolean ignoreCase = !"false".equalsIgnoreCase(req.ctx().queryParam("ignorecase"));
        Pattern pattern = glob(q == null || q.isBlank() ? "*" : q, ignoreCase);
        List<Long> ids = req.readableProjects().stream().map(Project::id).toList();
        List<Package> matching = new ArrayList<>();
        for (Package p : req.services().reads().ofType(ids, TYPE)) {
            if (!PackageReads.isVisible(p)) continue;
            ConanRef ref = refOf(p);
            if (pattern.matcher(ref.toString()).matches() || pattern.matcher(ref.name()).matches()
                    || pattern.matcher(ref.name() + "/" + ref.version()).matches()) {
                matching.add(p);
            }
        }
        // one query for the files of every match; a recipe is listed once a revision of it is complete
        Map<Long, List<PackageFile>> files = req.services().reads()
                .filesOf(matching.stream().map(Package::id).toList());
        java.util.TreeSet<String> results = new java.util.TreeSet<>();
        for (Package p : matching) {
            if (new Recipe(p, files.getOrDefault(p.id(), List.of())).latestRecipeRevision().isPresent()) {
                results.add(refOf(p).toString());
            }
        }
        json(req, ConanDocs.searchResults(List.copyOf(results)));
    }

    /** Conan's fnmatch patterns: {@code *} and {@code ?}; everything else literal. */
    static Pattern glob(String q, boolean ignoreCase) {
        if (q.length() > 300) throw new DepotException.Invalid("the search pattern is too long");
        StringBuilder regex = new StringBuilder();
        var m = WILDCARD.matcher(q);
        while (m.find()) {
            String t = m.group();
            regex.append(t.equals("*") ? ".*" : t.equals("?") ? "." : Pattern.quote(t));
        }
        return Pattern.compile(regex.toString(), ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0);
    }

    private void searchPackages(FormatRequest req, String rrevOrNull) throws IOException {
        Target t = target(req, Action.READ);
        Recipe r = existing(req, t);
        String rrev = rrevOrNull != null ? ConanRef.revision(rrevOrNull, "recipe revision")
                : r.latestRecipeRevision().map(Recipe.Revision::revision).orElseThrow(() -> notFound(t.ref));
        if (!r.hasRecipeRevision(rrev)) throw notFound(t.ref + "#" + rrev);
        List<ConanDocs.Binary> binaries = new ArrayList<>();
        for (String pid : r.packageIds(rrev)) {
            String prev = r.packageRevisions(rrev, pid).get(0).revision();
            Recipe.Stored info = r.packageFiles(rrev, pid, prev).get("conaninfo.txt");
            String text = info == null ? "" : readText(req.services(), info.file());
            binaries.add(new ConanDocs.Binary(pid, text, ConanFiles.conaninfo(text)));
        }
        json(req, ConanDocs.packageSearch(binaries));
    }

    // ---- v2 reading

    private final IndexResponses indexes = new IndexResponses(0);

    /**
     * A revision list a client polls, through the index helper: the recipe's package row changes with every file
     * uploaded or deleted, so its id and update time are the stamp (rendering is cheap; nothing is cached).
     */
    private void index(FormatRequest req, Recipe r, String body) {
        indexes.send(req.ctx(), req.ctx().path(), new IndexResponses.Stamp(Long.toHexString(r.pkg().id()) + "-"
                + Long.toHexString(r.pkg().updatedAt()), r.pkg().updatedAt()), ConanDocs.JSON_TYPE,
                () -> body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private void recipeLatest(FormatRequest req) {
        Target t = target(req, Action.READ);
        Recipe r = existing(req, t);
        Recipe.Revision latest = r.latestRecipeRevision().orElseThrow(() -> notFound(t.ref));
        index(req, r, ConanDocs.revision(latest));
    }

    private void recipeRevisions(FormatRequest req) {
        Target t = target(req, Action.READ);
        Recipe r = existing(req, t);
        List<Recipe.Revision> revisions = r.recipeRevisions();
        if (revisions.isEmpty()) throw notFound(t.ref);
        index(req, r, ConanDocs.revisions(t.ref.toString(), revisions));
    }

    private void recipeFiles(FormatRequest req) {
        Target t = target(req, Action.READ);
        String rrev = ConanRef.revision(req.path("rrev"), "recipe revision");
        Map<String, Recipe.Stored> files = existing(req, t).recipeFiles(rrev);
        if (files.isEmpty()) throw notFound(t.ref + "#" + rrev);
        json(req, ConanDocs.fileList(files.keySet()));
    }

    private void packageLatest(FormatRequest req) {
        Binary b = binary(req);
        index(req, b.recipe, ConanDocs.revision(b.revisions.get(0)));
    }

    private void packageRevisions(FormatRequest req) {
        Binary b = binary(req);
        index(req, b.recipe, ConanDocs.revisions(b.target.ref + "#" + b.rrev + ":" + b.pid, b.revisions));
    }

    /** A binary's complete revisions, newest first; 404 when there is none. */
    private record Binary(Target target, Recipe recipe, String rrev, String pid, List<Recipe.Revision> revisions) {}

    private static Binary binary(FormatRequest req) {
        Target t = target(req, Action.READ);
        String rrev = ConanRef.revision(req.path("rrev"), "recipe revision");
        String pid = ConanRef.revision(req.path("pid"), "package id");
        Recipe r = existing(req, t);
        List<Recipe.Revision> revisions = r.packageRevisions(rrev, pid);
        if (revisions.isEmpty()) throw packageNotFound(t.ref, rrev, pid);
        return new Binary(t, r, rrev, pid, revisions);
    }

    private void packageFiles(FormatRequest req) {
        Target t = target(req, Action.READ);
        Slot slot = packageSlot(req);
        Map<String, Recipe.Stored> files = existing(req, t).packageFiles(slot.rrev, slot.pid, slot.prev);
        if (files.isEmpty()) throw packageNotFound(t.ref, slot.rrev, slot.pid);
        json(req, ConanDocs.fileList(files.keySet()));
    }

    private void getRecipeFile(FormatRequest req) throws IOException {
        Target t = target(req, Action.READ);
        String rrev = ConanRef.revision(req.path("rrev"), "recipe revision");
        String file = ConanRef.recipeFile(req.path("file"));
        Recipe.Stored s = existing(req, t).recipeFiles(rrev).get(file);
        if (s == null) throw new DepotException.NotFound("Recipe file not found: " + t.ref + "#" + rrev + " " + file);
        send(req, s.file());
    }

    private void getPackageFile(FormatRequest req) throws IOException {
        Target t = target(req, Action.READ);
        Slot slot = packageSlot(req);
        String file = ConanRef.packageFile(req.path("file"));
        Recipe.Stored s = existing(req, t).packageFiles(slot.rrev, slot.pid, slot.prev).get(file);
        if (s == null) {
            throw new DepotException.NotFound("Package file not found: " + t.ref + "#" + slot.rrev + ":" + slot.pid
                    + "#" + slot.prev + " " + file);
        }
        send(req, s.file());
    }

    private static void send(FormatRequest req, PackageFile f) throws IOException {
        Downloads.send(req.ctx(), req.services().reads().content(), f.sha256(), f.size(),
                f.fileName().endsWith(".tgz") ? "application/x-gzip" : "application/octet-stream", f.fileName());
    }

    // ---- uploading

    private void putRecipeFile(FormatRequest req) throws IOException {
        Target t = target(req, Action.WRITE);
        String rrev = ConanRef.revision(req.path("rrev"), "recipe revision");
        String file = ConanRef.recipeFile(req.path("file"));
        upload(req, t, new Slot(rrev, null, null), file);
    }

    private void putPackageFile(FormatRequest req) throws IOException {
        Target t = target(req, Action.WRITE);
        Slot slot = packageSlot(req);
        String file = ConanRef.packageFile(req.path("file"));
        upload(req, t, slot, file);
    }

    /**
     * Stores one file into its slot. The body is streamed to the blob store and checked — the sha1 Conan sends,
     * the manifest's and conaninfo's shape, the archive's entries — before anything is published; a refused file
     * leaves only an unreferenced blob for gc. A binary's recipe revision must be complete first. A file sent again
     * into the same slot replaces the earlier one.
     */
    private void upload(FormatRequest req, Target t, Slot slot, String file) throws IOException {
        FormatContext s = req.services();
        Optional<Recipe> current = find(req, t).map(p -> recipe(req, p));
        if (slot.pid != null && current.map(r -> !r.hasRecipeRevision(slot.rrev)).orElse(true)) {
            throw new DepotException.NotFound("Recipe not found: " + t.ref + "#" + slot.rrev
                    + " (upload the recipe revision before its binaries)");
        }
        Predicate<PackageFile> sameSlot = f -> {
            Recipe.Stored stored = Recipe.stored(f);
            return stored != null && f.fileName().equals(file) && stored.in(slot.rrev, slot.pid, slot.prev);
        };
        List<PackageFile> inSlot = current.map(r -> r.all().stream().map(Recipe.Stored::file).filter(sameSlot).toList())
                .orElse(List.of());
        if ("true".equalsIgnoreCase(req.ctx().header("X-Checksum-Deploy"))) {
            // deduplication probe: 201 when this very file is already stored here, else ask for the bytes
            String sha1 = req.ctx().header("X-Checksum-Sha1");
            if (sha1 == null || inSlot.stream().noneMatch(f -> sha1.equalsIgnoreCase(f.sha1()))) {
                throw new DepotException.NotFound("File not stored yet: " + file);
            }
            req.ctx().status(201);
            return;
        }
        long limit = s.limits().forType(TYPE);
        StoredBlob blob = Uploads.store(req.ctx(), s.packages(), limit);
        String sha1 = req.ctx().header("X-Checksum-Sha1");
        if (sha1 != null && !sha1.isBlank() && !sha1.trim().equalsIgnoreCase(blob.sha1())) {
            throw new DepotException.Invalid("the checksum of " + file + " does not match X-Checksum-Sha1");
        }
        if (inSlot.stream().anyMatch(f -> f.sha256().equals(blob.sha256()))) {
            // the same bytes again (a retried upload): nothing changes, whatever the duplicate setting
            req.ctx().status(201);
            return;
        }
        ObjectNode meta = Recipe.JSON.createObjectNode();
        meta.put("rrev", slot.rrev);
        if (slot.pid != null) {
            meta.put("pid", slot.pid);
            meta.put("prev", slot.prev);
        }
        Map<String, String> attributes = Map.of();
        switch (file) {
            case "conanmanifest.txt" -> ConanFiles.manifest(readText(s, blob, file));
            case "conaninfo.txt" -> meta.set("info", Recipe.JSON.valueToTree(ConanFiles.conaninfo(readText(s, blob, file))));
            case "conanfile.py" -> attributes = ConanFiles.recipeAttributes(readText(s, blob, file));
            default -> {
                try (InputStream in = s.reads().content().open(blob.sha256(), 0, blob.size()).orElseThrow()) {
                    ConanFiles.checkArchive(in, blob.size(), file);
                }
            }
        }
        Map<String, String> recipeAttributes = attributes;
        // a recipe shows in lists and searches once its first revision is complete
        boolean completes = slot.pid == null && file.equals(Recipe.MANIFEST);
        // status and metadata are merged with the package as stored under the package lock: a concurrent upload of
        // another file of the recipe can neither hide a completed recipe again nor drop the conanfile's attributes
        s.packages().publish(Publication.of(t.project, TYPE, t.ref.name(), t.ref.version()).normalizedName(t.ref.key())
                .status(stored -> completes || stored.map(p -> p.status() == PackageStatus.DEFAULT).orElse(false)
                        ? PackageStatus.DEFAULT : PackageStatus.PROCESSING)
                .mergeMetadata(stored -> {
                    ObjectNode pkgMeta = stored == null ? Recipe.JSON.createObjectNode()
                            : (ObjectNode) Recipe.JSON.readTree(stored);
                    pkgMeta.put("username", t.ref.user());
                    pkgMeta.put("channel", t.ref.channel());
                    for (var e : recipeAttributes.entrySet()) pkgMeta.put(e.getKey(), e.getValue());
                    return Recipe.JSON.writeValueAsString(pkgMeta);
                })
                .file(new NewFile(file, blob, Recipe.JSON.writeValueAsString(meta))).replacing(sameSlot)
                .by(req.principal()).build());
        req.ctx().status(201);
    }

    private static String readText(FormatContext s, StoredBlob blob, String file) throws IOException {
        return readText(s, blob.sha256(), blob.size(), file);
    }

    private static String readText(FormatContext s, PackageFile f) throws IOException {
        return readText(s, f.sha256(), f.size(), f.fileName());
    }

    /** A stored text file, refused past {@link ConanFiles#MAX_TEXT} before a byte is read. */
    private static String readText(FormatContext s, String sha256, long size, String file) throws IOException {
        if (size > ConanFiles.MAX_TEXT) throw new DepotException.Invalid(file + " is larger than 4 MiB");
        try (InputStream in = s.reads().content().open(sha256, 0, size)
                .orElseThrow(() -> new DepotException.NotFound("404 Not Found: " + file))) {
            return ConanFiles.text(in, file);
        }
    }

    // ---- deleting

    private void deleteRecipe(FormatRequest req) {
        Target t = target(req, Action.DELETE);
        Package p = find(req, t).orElseThrow(() -> notFound(t.ref));
        req.services().packages().delete(p, req.principal());
        req.ctx().status(200);
    }

    private void deleteRecipeRevision(FormatRequest req) {
        Target t = target(req, Action.DELETE);
        String rrev = ConanRef.revision(req.path("rrev"), "recipe revision");
        Recipe r = existing(req, t);
        if (!r.hasRecipeRevision(rrev)) throw notFound(t.ref + "#" + rrev);
        deleteFiles(req, r, s -> s.rrev().equals(rrev), t.ref + "#" + rrev);
    }

    private void deleteRevisionPackages(FormatRequest req) {
        Target t = target(req, Action.DELETE);
        String rrev = ConanRef.revision(req.path("rrev"), "recipe revision");
        Recipe r = existing(req, t);
        if (r.packageIds(rrev).isEmpty()) throw new DepotException.NotFound("No binaries of " + t.ref + "#" + rrev);
        deleteFiles(req, r, s -> !s.recipe() && s.rrev().equals(rrev), t.ref + "#" + rrev + " binaries");
    }

    private void deletePackageRevision(FormatRequest req) {
        Target t = target(req, Action.DELETE);
        Slot slot = packageSlot(req);
        Recipe r = existing(req, t);
        if (r.packageFiles(slot.rrev, slot.pid, slot.prev).isEmpty()) throw packageNotFound(t.ref, slot.rrev, slot.pid);
        deleteFiles(req, r, s -> s.in(slot.rrev, slot.pid, slot.prev),
                t.ref + "#" + slot.rrev + ":" + slot.pid + "#" + slot.prev);
    }

    /** Removes the matching files in one transaction; a recipe left without files goes as a whole. */
    private static void deleteFiles(FormatRequest req, Recipe r, Predicate<Recipe.Stored> which, String what) {
        FormatContext s = req.services();
        List<Recipe.Stored> doomed = r.all().stream().filter(which).toList();
        s.packages().deleteFiles(r.pkg(), doomed.stream().map(Recipe.Stored::file).toList(), req.principal());
        s.audit(req.principal(), "package_deleted", "Package", r.pkg().id(), "conan " + what + " in project "
                + r.pkg().projectId());
        req.ctx().status(200);
    }

    // ---- v1

    private void v1RecipeSnapshot(FormatRequest req) {
        Target t = target(req, Action.READ);
        Recipe r = existing(req, t);
        String rrev = r.latestRecipeRevision().orElseThrow(() -> notFound(t.ref)).revision();
        Map<String, String> md5s = new LinkedHashMap<>();
        r.recipeFiles(rrev).forEach((name, s) -> md5s.put(name, s.file().md5()));
        json(req, ConanDocs.fileMap(md5s));
    }

    private void v1RecipeUrls(FormatRequest req, boolean manifestOnly) {
        Target t = target(req, Action.READ);
        Recipe r = existing(req, t);
        String rrev = r.latestRecipeRevision().orElseThrow(() -> notFound(t.ref)).revision();
        Map<String, String> urls = new LinkedHashMap<>();
        for (String name : r.recipeFiles(rrev).keySet()) {
            if (!manifestOnly || name.equals(Recipe.MANIFEST)) urls.put(name, recipeFileUrl(req, t.ref, rrev, name));
        }
        json(req, ConanDocs.fileMap(urls));
    }

    private void v1RecipeUploadUrls(FormatRequest req) {
        Target t = target(req, Action.WRITE);
        requirePush(req, t);
        Map<String, String> urls = new LinkedHashMap<>();
        for (String name : requestedFiles(req)) {
            urls.put(ConanRef.recipeFile(name), recipeFileUrl(req, t.ref, V1_REVISION, name));
        }
        json(req, ConanDocs.fileMap(urls));
    }

    private void v1PackageSnapshot(FormatRequest req) {
        V1Binary b = v1Binary(req);
        Map<String, String> md5s = new LinkedHashMap<>();
        b.files().forEach((name, s) -> md5s.put(name, s.file().md5()));
        json(req, ConanDocs.fileMap(md5s));
    }

    private void v1PackageUrls(FormatRequest req, boolean manifestOnly) {
        V1Binary b = v1Binary(req);
        Map<String, String> urls = new LinkedHashMap<>();
        for (String name : b.files().keySet()) {
            if (!manifestOnly || name.equals(Recipe.MANIFEST)) urls.put(name, packageFileUrl(req, b.ref(), b.slot(), name));
        }
        json(req, ConanDocs.fileMap(urls));
    }

    /**
     * Binaries uploaded by a v1 client go under the recipe's latest revision (revision 0 when the recipe came from
     * a v1 client too), as package revision 0.
     */
    private void v1PackageUploadUrls(FormatRequest req) {
        Target t = target(req, Action.WRITE);
        requirePush(req, t);
        String pid = ConanRef.revision(req.path("pid"), "package id");
        Recipe r = existing(req, t);
        String rrev = r.latestRecipeRevision().orElseThrow(() -> notFound(t.ref)).revision();
        Slot slot = new Slot(rrev, pid, V1_REVISION);
        Map<String, String> urls = new LinkedHashMap<>();
        for (String name : requestedFiles(req)) urls.put(ConanRef.packageFile(name), packageFileUrl(req, t.ref, slot, name));
        json(req, ConanDocs.fileMap(urls));
    }

    /** The binary a v1 client means: the latest revision of the package id under the latest recipe revision. */
    private record V1Binary(ConanRef ref, Slot slot, Map<String, Recipe.Stored> files) {}

    private static V1Binary v1Binary(FormatRequest req) {
        Target t = target(req, Action.READ);
        String pid = ConanRef.revision(req.path("pid"), "package id");
        Recipe r = existing(req, t);
        String rrev = r.latestRecipeRevision().orElseThrow(() -> notFound(t.ref)).revision();
        List<Recipe.Revision> revisions = r.packageRevisions(rrev, pid);
        if (revisions.isEmpty()) throw packageNotFound(t.ref, rrev, pid);
        Slot slot = new Slot(rrev, pid, revisions.get(0).revision());
        return new V1Binary(t.ref, slot, r.packageFiles(slot.rrev, slot.pid, slot.prev));
    }

    private void v1RemoveFiles(FormatRequest req) {
        Target t = target(req, Action.DELETE);
        List<String> names = jsonList(req, "files");
        Recipe r = existing(req, t);
        deleteFiles(req, r, s -> s.recipe() && s.rrev().equals(V1_REVISION) && names.contains(s.file().fileName()),
                t.ref + " files " + names);
    }

    private void v1DeletePackages(FormatRequest req) {
        Target t = target(req, Action.DELETE);
        List<String> ids = jsonList(req, "package_ids");
        Recipe r = existing(req, t);
        deleteFiles(req, r, s -> !s.recipe() && (ids.isEmpty() || ids.contains(s.pid())), t.ref + " binaries " + ids);
    }

    private static List<String> requestedFiles(FormatRequest req) {
        JsonNode body = body(req);
        if (!body.isObject()) throw new DepotException.Invalid("the body is not a JSON object of file sizes");
        List<String> names = new ArrayList<>();
        body.propertyNames().forEach(names::add);
        return names;
    }

    private static List<String> jsonList(FormatRequest req, String field) {
        JsonNode list = body(req).path(field);
        if (!list.isArray()) throw new DepotException.Invalid("the body has no list '" + field + "'");
        List<String> out = new ArrayList<>();
        for (JsonNode n : list) out.add(n.asString(""));
        return out;
    }

    private static final tools.jackson.databind.ObjectMapper BODY_JSON = depot.http.BoundedJson.mapper(100_000);

    private static JsonNode body(FormatRequest req) {
        if (req.ctx().req().getContentLengthLong() > 1 << 20) throw new DepotException.TooLarge(1 << 20);
        try (InputStream in = Uploads.body(req.ctx())) {
            byte[] bytes = in.readNBytes((1 << 20) + 1);
            if (bytes.length > 1 << 20) throw new DepotException.TooLarge(1 << 20);
            return BODY_JSON.readTree(bytes);
        } catch (JacksonException | IOException e) {
            throw new DepotException.Invalid("the body is not valid JSON");
        }
    }

    private static String recipeFileUrl(FormatRequest req, ConanRef ref, String rrev, String name) {
        return base(req) + "/v1/files/" + ref.path() + "/" + rrev + "/export/" + name;
    }

    private static String packageFileUrl(FormatRequest req, ConanRef ref, Slot slot, String name) {
        return base(req) + "/v1/files/" + ref.path() + "/" + slot.rrev + "/package/" + slot.pid + "/" + slot.prev
                + "/" + name;
    }

    /** The mount as the client addressed it (path or id), so that URLs handed back match its credentials. */
    private static String base(FormatRequest req) {
        return req.mountUrl();
    }

    // ---- resolving

    /** A recipe in the project that holds it, with the caller's permission checked. */
    private record Target(Project project, ConanRef ref) {}

    /** A protected name's rule for pushing, checked before a v1 client is told where to upload. */
    private static void requirePush(FormatRequest req, Target t) {
        req.services().packages().protection().requirePush(t.project, TYPE, t.ref.name(), t.ref.key(), req.principal());
    }

    /** A file's place: a recipe revision, or a package id and package revision under one. */
    private record Slot(String rrev, String pid, String prev) {}

    private static Slot packageSlot(FormatRequest req) {
        return new Slot(ConanRef.revision(req.path("rrev"), "recipe revision"),
                ConanRef.revision(req.path("pid"), "package id"),
                ConanRef.revision(req.path("prev"), "package revision"));
    }

    /**
     * The project's own recipe at a project remote; at the instance remote the recipe's user names the project
     * ({@code group+sub+project}), as GitLab requires there, and recipes without user and channel live in the
     * project {@code conan_instance_project} names, when it is set.
     */
    private static Target target(FormatRequest req, Action action) {
        ConanRef ref = ConanRef.of(req.path("name"), req.path("version"), req.path("user"), req.path("channel"));
        if (req.scope() == Scope.PROJECT) return new Target(req.project(), ref);
        String path = ref.hasUserChannel() ? ref.user().replace('+', '/') : req.services().option(INSTANCE_PROJECT);
        if (path == null) {
            throw new DepotException.NotFound("Recipe " + ref + " has no user: at the instance remote a recipe's user "
                    + "names its project (group+project); use the project's remote for recipes without user/channel");
        }
        Principal principal = req.principal();
        // a project whose packages the caller may not read is not found, as on the other instance endpoints
        Project project = req.services().directory().projectByPath(path)
                .filter(p -> p.packagesEnabled() && req.services().access().may(principal, p, Action.READ))
                .orElseThrow(() -> AccessService.hidden(principal, "404 Project Not Found: " + path));
        req.require(project, action);
        return new Target(project, ref);
    }

    private static Optional<Package> find(FormatRequest req, Target t) {
        return req.services().reads().find(t.project.id(), TYPE, t.ref.key(), t.ref.version())
                .filter(p -> p.status() != PackageStatus.PENDING_DESTRUCTION);
    }

    private static Recipe existing(FormatRequest req, Target t) {
        return recipe(req, find(req, t).orElseThrow(() -> notFound(t.ref)));
    }

    private static Recipe recipe(FormatRequest req, Package p) {
        return new Recipe(p, req.services().reads().files(p.id()));
    }

    private static ConanRef refOf(Package p) {
        String key = p.normalizedName();
        int at = key.indexOf('@');
        int slash = key.indexOf('/', at);
        return new ConanRef(p.name(), p.version(), key.substring(at + 1, slash), key.substring(slash + 1));
    }

    private static DepotException notFound(Object what) {
        return new DepotException.NotFound("Recipe not found: '" + what + "'");
    }

    private static DepotException packageNotFound(ConanRef ref, String rrev, String pid) {
        return new DepotException.NotFound("Binary package not found: '" + ref + "#" + rrev + ":" + pid + "'");
    }

    private static void json(FormatRequest req, String body) {
        req.ctx().contentType(ConanDocs.JSON_TYPE).result(body);
    }

    // ---- details

    @Override
    public Map<String, String[]> settings() {
        return Map.of("conan_instance_project", new String[] {"",
                "project (full path) holding recipes without user/channel at the instance Conan remote"});
    }

    @Override
    public PackageDetails details(Package pkg, List<PackageFile> files, FormatContext ctx) {
        ConanRef ref = refOf(pkg);
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
        for (Recipe.Revision rev : r.recipeRevisions()) {
            rows.add(new PackageDetails.Row("recipe revision", rev.revision() + " (" + ConanDocs.time(rev.time()) + ")"));
            for (String pid : r.packageIds(rev.revision())) {
                List<Recipe.Revision> prevs = r.packageRevisions(rev.revision(), pid);
                Recipe.Stored info = r.packageFiles(rev.revision(), pid, prevs.get(0).revision()).get("conaninfo.txt");
                rows.add(new PackageDetails.Row("package " + pid, describe(info) + " — " + prevs.size()
                        + (prevs.size() == 1 ? " revision, latest " : " revisions, latest ") + prevs.get(0).revision()));
            }
        }
        String remote = ref.hasUserChannel() && ref.user().contains("+")
                ? ctx.externalUrl() + "/api/v4/packages/conan"
                : ctx.externalUrl() + "/api/v4/projects/" + pkg.projectId() + "/packages/conan";
        return new PackageDetails(rows, List.of(
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
