package depot.format.conan;

import depot.core.blob.StoredBlob;
import depot.core.error.DepotException;
import depot.core.model.Package;
import depot.core.model.PackageFile;
import depot.core.model.PackageStatus;
import depot.core.model.Project;
import depot.http.FormatContext;
import depot.http.FormatRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * What every Conan handler resolves a request to: the recipe it names, in the project that holds it, with the
 * caller's permission checked; the slot a file goes to; stored text files; and the errors Conan prints.
 */
final class ConanRequests {
    private ConanRequests() {}

    /** A recipe in the project that holds it, with the caller's permission checked. */
    record Target(Project project, ConanRef ref) {}

    /** A file's place: a recipe revision, or a package id and package revision under one. */
    record Slot(String rrev, String pid, String prev) {}

    /** The recipe a route names, in the project its mount resolved (see {@link #instanceProject}). */
    static Target target(FormatRequest req) { return new Target(req.project(), ref(req)); }

    /**
     * At the instance remote the recipe's user names the project ({@code group+sub+project}), as GitLab requires
     * there, and recipes without user and channel live in the project {@code conan_instance_project} names, when it
     * is set. The mount then checks the route's action on it (a project the caller may not read is not found).
     */
    static Project instanceProject(FormatRequest req) {
        ConanRef ref = ref(req);
        String path = ref.hasUserChannel() ? ref.user().replace('+', '/')
                : req.services().option(ConanFormat.INSTANCE_PROJECT);
        if (path == null) {
            throw new DepotException.NotFound("Recipe " + ref + " has no user: at the instance remote a recipe's user "
                    + "names its project (group+project); use the project's remote for recipes without user/channel");
        }
        return req.services().directory().projectByPath(path).orElse(null);
    }

    private static ConanRef ref(FormatRequest req) {
        return ConanRef.of(req.path("name"), req.path("version"), req.path("user"), req.path("channel"));
    }

    /** A protected name's rule for pushing, checked before a v1 client is told where to upload. */
    static void requirePush(FormatRequest req, Target t) {
        req.services().packages().protection()
                .requirePush(t.project(), ConanFormat.TYPE, t.ref().name(), t.ref().key(), req.principal());
    }

    static Slot packageSlot(FormatRequest req) {
        return new Slot(ConanRef.revision(req.path("rrev"), "recipe revision"),
                ConanRef.revision(req.path("pid"), "package id"),
                ConanRef.revision(req.path("prev"), "package revision"));
    }

    static Optional<Package> find(FormatRequest req, Target t) {
        return req.services().reads().find(t.project().id(), ConanFormat.TYPE, t.ref().key(), t.ref().version())
                .filter(p -> p.status() != PackageStatus.PENDING_DESTRUCTION);
    }

    static Recipe existing(FormatRequest req, Target t) {
        return recipe(req, find(req, t).orElseThrow(() -> notFound(t.ref())));
    }

    static Recipe recipe(FormatRequest req, Package p) {
        return new Recipe(p, req.services().reads().files(p.id()));
    }

    static ConanRef refOf(Package p) {
        String key = p.normalizedName();
        int at = key.indexOf('@');
        int slash = key.indexOf('/', at);
        return new ConanRef(p.name(), p.version(), key.substring(at + 1, slash), key.substring(slash + 1));
    }

    static DepotException notFound(Object what) {
        return new DepotException.NotFound("Recipe not found: '" + what + "'");
    }

    static DepotException packageNotFound(ConanRef ref, String rrev, String pid) {
        return new DepotException.NotFound("Binary package not found: '" + ref + "#" + rrev + ":" + pid + "'");
    }

    static void json(FormatRequest req, String body) {
        req.ctx().contentType(ConanDocs.JSON_TYPE).result(body);
    }

    static String readText(FormatContext s, StoredBlob blob, String file) throws IOException {
        return readText(s, blob.sha256(), blob.size(), file);
    }

    static String readText(FormatContext s, PackageFile f) throws IOException {
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
}
