package depot.format.conan;

import static depot.format.conan.ConanRequests.existing;
import static depot.format.conan.ConanRequests.json;
import static depot.format.conan.ConanRequests.notFound;
import static depot.format.conan.ConanRequests.packageNotFound;
import static depot.format.conan.ConanRequests.packageSlot;
import static depot.format.conan.ConanRequests.target;

import depot.core.error.DepotException;
import depot.core.model.PackageFile;
import depot.format.conan.ConanRequests.Slot;
import depot.format.conan.ConanRequests.Target;
import depot.http.Downloads;
import depot.http.FormatRequest;
import depot.http.IndexResponses;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The v2 reads: a recipe's and a binary's revisions, the file lists of a revision, and the files themselves (which
 * v1 clients download through the same handlers).
 */
final class ConanReads {
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

    void recipeLatest(FormatRequest req) {
        Target t = target(req);
        Recipe r = existing(req, t);
        Recipe.Revision latest = r.latestRecipeRevision().orElseThrow(() -> notFound(t.ref()));
        index(req, r, ConanDocs.revision(latest));
    }

    void recipeRevisions(FormatRequest req) {
        Target t = target(req);
        Recipe r = existing(req, t);
        List<Recipe.Revision> revisions = r.recipeRevisions();
        if (revisions.isEmpty()) throw notFound(t.ref());
        index(req, r, ConanDocs.revisions(t.ref().toString(), revisions));
    }

    void recipeFiles(FormatRequest req) {
        Target t = target(req);
        String rrev = ConanRef.revision(req.path("rrev"), "recipe revision");
        Map<String, Recipe.Stored> files = existing(req, t).recipeFiles(rrev);
        if (files.isEmpty()) throw notFound(t.ref() + "#" + rrev);
        json(req, ConanDocs.fileList(files.keySet()));
    }

    void packageLatest(FormatRequest req) {
        Binary b = binary(req);
        index(req, b.recipe(), ConanDocs.revision(b.revisions().get(0)));
    }

    void packageRevisions(FormatRequest req) {
        Binary b = binary(req);
        index(req, b.recipe(), ConanDocs.revisions(b.target().ref() + "#" + b.rrev() + ":" + b.pid(), b.revisions()));
    }

    /** A binary's complete revisions, newest first; 404 when there is none. */
    private record Binary(Target target, Recipe recipe, String rrev, String pid, List<Recipe.Revision> revisions) {}

    private static Binary binary(FormatRequest req) {
        Target t = target(req);
        String rrev = ConanRef.revision(req.path("rrev"), "recipe revision");
        String pid = ConanRef.revision(req.path("pid"), "package id");
        Recipe r = existing(req, t);
        List<Recipe.Revision> revisions = r.packageRevisions(rrev, pid);
        if (revisions.isEmpty()) throw packageNotFound(t.ref(), rrev, pid);
        return new Binary(t, r, rrev, pid, revisions);
    }

    void packageFiles(FormatRequest req) {
        Target t = target(req);
        Slot slot = packageSlot(req);
        Map<String, Recipe.Stored> files = existing(req, t).packageFiles(slot.rrev(), slot.pid(), slot.prev());
        if (files.isEmpty()) throw packageNotFound(t.ref(), slot.rrev(), slot.pid());
        json(req, ConanDocs.fileList(files.keySet()));
    }

    void getRecipeFile(FormatRequest req) throws IOException {
        Target t = target(req);
        String rrev = ConanRef.revision(req.path("rrev"), "recipe revision");
        String file = ConanRef.recipeFile(req.path("file"));
        Recipe.Stored s = existing(req, t).recipeFiles(rrev).get(file);
        if (s == null) throw new DepotException.NotFound("Recipe file not found: " + t.ref() + "#" + rrev + " " + file);
        send(req, s.file());
    }

    void getPackageFile(FormatRequest req) throws IOException {
        Target t = target(req);
        Slot slot = packageSlot(req);
        String file = ConanRef.packageFile(req.path("file"));
        Recipe.Stored s = existing(req, t).packageFiles(slot.rrev(), slot.pid(), slot.prev()).get(file);
        if (s == null) {
            throw new DepotException.NotFound("Package file not found: " + t.ref() + "#" + slot.rrev() + ":"
                    + slot.pid() + "#" + slot.prev() + " " + file);
        }
        send(req, s.file());
    }

    private static void send(FormatRequest req, PackageFile f) throws IOException {
        Downloads.send(req.ctx(), req.services().reads(), f,
                f.fileName().endsWith(".tgz") ? "application/x-gzip" : "application/octet-stream", f.fileName());
    }
}
