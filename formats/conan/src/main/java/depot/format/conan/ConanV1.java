package depot.format.conan;

import static depot.format.conan.ConanDeletes.deleteFiles;
import static depot.format.conan.ConanRequests.existing;
import static depot.format.conan.ConanRequests.json;
import static depot.format.conan.ConanRequests.notFound;
import static depot.format.conan.ConanRequests.packageNotFound;
import static depot.format.conan.ConanRequests.requirePush;
import static depot.format.conan.ConanRequests.target;

import depot.core.error.DepotException;
import depot.format.conan.ConanRequests.Slot;
import depot.format.conan.ConanRequests.Target;
import depot.http.FormatRequest;
import depot.http.Uploads;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The v1 API of clients without revisions: snapshots ({@code file: md5}) and URL lists over the latest revisions,
 * upload URLs into revision {@code 0}, and v1's file and binary removals. The files themselves move through the
 * v2 handlers at {@code /v1/files/…}.
 */
final class ConanV1 {
    private static final tools.jackson.databind.ObjectMapper BODY_JSON = depot.http.BoundedJson.mapper(100_000);

    void recipeSnapshot(FormatRequest req) {
        Target t = target(req);
        Recipe r = existing(req, t);
        String rrev = r.latestRecipeRevision().orElseThrow(() -> notFound(t.ref())).revision();
        Map<String, String> md5s = new LinkedHashMap<>();
        r.recipeFiles(rrev).forEach((name, s) -> md5s.put(name, s.file().md5()));
        json(req, ConanDocs.fileMap(md5s));
    }

    void recipeUrls(FormatRequest req, boolean manifestOnly) {
        Target t = target(req);
        Recipe r = existing(req, t);
        String rrev = r.latestRecipeRevision().orElseThrow(() -> notFound(t.ref())).revision();
        Map<String, String> urls = new LinkedHashMap<>();
        for (String name : r.recipeFiles(rrev).keySet()) {
            if (!manifestOnly || name.equals(Recipe.MANIFEST)) urls.put(name, recipeFileUrl(req, t.ref(), rrev, name));
        }
        json(req, ConanDocs.fileMap(urls));
    }

    void recipeUploadUrls(FormatRequest req) {
        Target t = target(req);
        requirePush(req, t);
        Map<String, String> urls = new LinkedHashMap<>();
        for (String name : requestedFiles(req)) {
            urls.put(ConanRef.recipeFile(name), recipeFileUrl(req, t.ref(), ConanFormat.V1_REVISION, name));
        }
        json(req, ConanDocs.fileMap(urls));
    }

    void packageSnapshot(FormatRequest req) {
        V1Binary b = v1Binary(req);
        Map<String, String> md5s = new LinkedHashMap<>();
        b.files().forEach((name, s) -> md5s.put(name, s.file().md5()));
        json(req, ConanDocs.fileMap(md5s));
    }

    void packageUrls(FormatRequest req, boolean manifestOnly) {
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
    void packageUploadUrls(FormatRequest req) {
        Target t = target(req);
        requirePush(req, t);
        String pid = ConanRef.revision(req.path("pid"), "package id");
        Recipe r = existing(req, t);
        String rrev = r.latestRecipeRevision().orElseThrow(() -> notFound(t.ref())).revision();
        Slot slot = new Slot(rrev, pid, ConanFormat.V1_REVISION);
        Map<String, String> urls = new LinkedHashMap<>();
        for (String name : requestedFiles(req)) urls.put(ConanRef.packageFile(name), packageFileUrl(req, t.ref(), slot, name));
        json(req, ConanDocs.fileMap(urls));
    }

    /** The binary a v1 client means: the latest revision of the package id under the latest recipe revision. */
    private record V1Binary(ConanRef ref, Slot slot, Map<String, Recipe.Stored> files) {}

    private static V1Binary v1Binary(FormatRequest req) {
        Target t = target(req);
        String pid = ConanRef.revision(req.path("pid"), "package id");
        Recipe r = existing(req, t);
        String rrev = r.latestRecipeRevision().orElseThrow(() -> notFound(t.ref())).revision();
        List<Recipe.Revision> revisions = r.packageRevisions(rrev, pid);
        if (revisions.isEmpty()) throw packageNotFound(t.ref(), rrev, pid);
        Slot slot = new Slot(rrev, pid, revisions.get(0).revision());
        return new V1Binary(t.ref(), slot, r.packageFiles(slot.rrev(), slot.pid(), slot.prev()));
    }

    void removeFiles(FormatRequest req) {
        Target t = target(req);
        List<String> names = jsonList(req, "files");
        Recipe r = existing(req, t);
        deleteFiles(req, r, s -> s.recipe() && s.rrev().equals(ConanFormat.V1_REVISION)
                && names.contains(s.file().fileName()), t.ref() + " files " + names);
    }

    void deletePackages(FormatRequest req) {
        Target t = target(req);
        List<String> ids = jsonList(req, "package_ids");
        Recipe r = existing(req, t);
        deleteFiles(req, r, s -> !s.recipe() && (ids.isEmpty() || ids.contains(s.pid())), t.ref() + " binaries " + ids);
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
        return base(req) + "/v1/files/" + ref.path() + "/" + slot.rrev() + "/package/" + slot.pid() + "/" + slot.prev()
                + "/" + name;
    }

    /** The mount as the client addressed it (path or id), so that URLs handed back match its credentials. */
    private static String base(FormatRequest req) {
        return req.mountUrl();
    }
}
