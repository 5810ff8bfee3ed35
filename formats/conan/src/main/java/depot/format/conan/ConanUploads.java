package depot.format.conan;

import static depot.format.conan.ConanRequests.find;
import static depot.format.conan.ConanRequests.packageSlot;
import static depot.format.conan.ConanRequests.readText;
import static depot.format.conan.ConanRequests.target;

import depot.core.blob.StoredBlob;
import depot.core.error.DepotException;
import depot.core.model.Package;
import depot.core.model.PackageFile;
import depot.core.model.PackageStatus;
import depot.core.packages.NewFile;
import depot.core.packages.Publication;
import depot.format.conan.ConanRequests.Slot;
import depot.format.conan.ConanRequests.Target;
import depot.http.FormatContext;
import depot.http.FormatRequest;
import depot.http.Uploads;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import tools.jackson.databind.node.ObjectNode;

/** The publisher: one file at a time into its recipe or package revision, by v2 clients and v1 upload URLs alike. */
final class ConanUploads {

    void putRecipeFile(FormatRequest req) throws IOException {
        Target t = target(req);
        String rrev = ConanRef.revision(req.path("rrev"), "recipe revision");
        String file = ConanRef.recipeFile(req.path("file"));
        upload(req, t, new Slot(rrev, null, null), file);
    }

    void putPackageFile(FormatRequest req) throws IOException {
        Target t = target(req);
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
        Predicate<PackageFile> sameSlot = f -> {
            Recipe.Stored stored = Recipe.stored(f);
            return stored != null && f.fileName().equals(file) && stored.in(slot.rrev(), slot.pid(), slot.prev());
        };
        String sha1 = req.ctx().header("X-Checksum-Sha1");
        if ("true".equalsIgnoreCase(req.ctx().header("X-Checksum-Deploy"))) {
            // deduplication probe: 201 when this very file is already stored here, else ask for the bytes
            List<PackageFile> inSlot = inSlot(req, t, slot, file, sameSlot);
            if (sha1 == null || inSlot.stream().noneMatch(f -> sha1.equalsIgnoreCase(f.sha1()))) {
                throw new DepotException.NotFound("File not stored yet: " + file);
            }
            req.ctx().status(201);
            return;
        }
        // the body first (the client sends it whatever the answer): a small one is being made durable while the
        // recipe is read and the file checked
        long limit = s.limits().forType(ConanFormat.TYPE);
        StoredBlob blob = Uploads.store(req.ctx(), s.packages(), limit,
                sha1 == null || sha1.isBlank() ? java.util.Set.of() : java.util.Set.of(depot.core.blob.Checksum.SHA1));
        if (sha1 != null && !sha1.isBlank() && !sha1.trim().equalsIgnoreCase(blob.sha1())) {
            throw new DepotException.Invalid("the checksum of " + file + " does not match X-Checksum-Sha1");
        }
        ObjectNode meta = Recipe.JSON.createObjectNode();
        meta.put("rrev", slot.rrev());
        if (slot.pid() != null) {
            meta.put("pid", slot.pid());
            meta.put("prev", slot.prev());
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
        boolean completes = slot.pid() == null && file.equals(Recipe.MANIFEST);
        // status and metadata are merged with the package as stored under the package lock: a concurrent upload of
        // another file of the recipe can neither hide a completed recipe again nor drop the conanfile's attributes
        s.packages().publish(Publication.of(t.project(), ConanFormat.TYPE, t.ref().name(), t.ref().version())
                .normalizedName(t.ref().key())
                .status(stored -> completes || stored.map(p -> p.status() == PackageStatus.DEFAULT).orElse(false)
                        ? PackageStatus.DEFAULT : PackageStatus.PROCESSING)
                .mergeMetadata(stored -> {
                    ObjectNode pkgMeta = stored == null ? Recipe.JSON.createObjectNode()
                            : (ObjectNode) Recipe.JSON.readTree(stored);
                    pkgMeta.put("username", t.ref().user());
                    pkgMeta.put("channel", t.ref().channel());
                    for (var e : recipeAttributes.entrySet()) pkgMeta.put(e.getKey(), e.getValue());
                    return Recipe.JSON.writeValueAsString(pkgMeta);
                })
                .file(new NewFile(file, blob, Recipe.JSON.writeValueAsString(meta))).replacing(sameSlot)
                // under the lock, with the files the publish reads anyway: a binary's recipe revision must be
                // complete, and the same bytes again (a retried upload) change nothing, whatever the duplicate setting
                .checking(java.util.Set.of(Recipe.MANIFEST), (stored, files) -> slotFiles(t, slot, stored, files,
                        sameSlot).stream().noneMatch(f -> f.sha256().equals(blob.sha256())))
                .by(req.principal()).build());
        req.ctx().status(201);
    }

    /**
     * For the deduplication probe: the files stored in its slot under its name. Only the files it needs are read:
     * those of its name, and the manifests that complete revisions. A binary's recipe revision must be complete.
     */
    private static List<PackageFile> inSlot(FormatRequest req, Target t, Slot slot, String file,
                                            Predicate<PackageFile> sameSlot) {
        Optional<Package> stored = find(req, t);
        return slotFiles(t, slot, stored, stored.map(p -> req.services().reads().files(p.id(),
                new java.util.HashSet<>(List.of(file, Recipe.MANIFEST)))).orElse(List.of()), sameSlot);
    }

    /** Of the recipe's files named like the upload and its manifests, those in the upload's slot. */
    private static List<PackageFile> slotFiles(Target t, Slot slot, Optional<Package> stored, List<PackageFile> files,
                                               Predicate<PackageFile> sameSlot) {
        Optional<Recipe> current = stored.map(p -> new Recipe(p, files));
        if (slot.pid() != null && current.map(r -> !r.hasRecipeRevision(slot.rrev())).orElse(true)) {
            throw new DepotException.NotFound("Recipe not found: " + t.ref() + "#" + slot.rrev()
                    + " (upload the recipe revision before its binaries)");
        }
        return current.map(r -> r.all().stream().map(Recipe.Stored::file).filter(sameSlot).toList())
                .orElse(List.of());
    }
}
