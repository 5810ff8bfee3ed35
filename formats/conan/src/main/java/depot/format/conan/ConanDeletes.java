package depot.format.conan;

import static depot.format.conan.ConanRequests.existing;
import static depot.format.conan.ConanRequests.find;
import static depot.format.conan.ConanRequests.notFound;
import static depot.format.conan.ConanRequests.packageNotFound;
import static depot.format.conan.ConanRequests.packageSlot;
import static depot.format.conan.ConanRequests.target;

import depot.core.error.DepotException;
import depot.core.model.Package;
import depot.format.conan.ConanRequests.Slot;
import depot.format.conan.ConanRequests.Target;
import depot.http.FormatContext;
import depot.http.FormatRequest;
import java.util.List;
import java.util.function.Predicate;

/** Deleting a recipe, a recipe revision, a revision's binaries or one package revision (v2, and v1's recipe delete). */
final class ConanDeletes {

    void deleteRecipe(FormatRequest req) {
        Target t = target(req);
        Package p = find(req, t).orElseThrow(() -> notFound(t.ref()));
        req.services().packages().delete(p, req.principal());
        req.ctx().status(200);
    }

    void deleteRecipeRevision(FormatRequest req) {
        Target t = target(req);
        String rrev = ConanRef.revision(req.path("rrev"), "recipe revision");
        Recipe r = existing(req, t);
        if (!r.hasRecipeRevision(rrev)) throw notFound(t.ref() + "#" + rrev);
        deleteFiles(req, r, s -> s.rrev().equals(rrev), t.ref() + "#" + rrev);
    }

    void deleteRevisionPackages(FormatRequest req) {
        Target t = target(req);
        String rrev = ConanRef.revision(req.path("rrev"), "recipe revision");
        Recipe r = existing(req, t);
        if (r.packageIds(rrev).isEmpty()) throw new DepotException.NotFound("No binaries of " + t.ref() + "#" + rrev);
        deleteFiles(req, r, s -> !s.recipe() && s.rrev().equals(rrev), t.ref() + "#" + rrev + " binaries");
    }

    void deletePackageRevision(FormatRequest req) {
        Target t = target(req);
        Slot slot = packageSlot(req);
        Recipe r = existing(req, t);
        if (r.packageFiles(slot.rrev(), slot.pid(), slot.prev()).isEmpty()) {
            throw packageNotFound(t.ref(), slot.rrev(), slot.pid());
        }
        deleteFiles(req, r, s -> s.in(slot.rrev(), slot.pid(), slot.prev()),
                t.ref() + "#" + slot.rrev() + ":" + slot.pid() + "#" + slot.prev());
    }

    /** Removes the matching files in one transaction; a recipe left without files goes as a whole. */
    static void deleteFiles(FormatRequest req, Recipe r, Predicate<Recipe.Stored> which, String what) {
        FormatContext s = req.services();
        List<Recipe.Stored> doomed = r.all().stream().filter(which).toList();
        s.packages().deleteFiles(r.pkg(), doomed.stream().map(Recipe.Stored::file).toList(), req.principal());
        s.audit(req.principal(), "package_deleted", "Package", r.pkg().id(), "conan " + what + " in project "
                + r.pkg().projectId());
        req.ctx().status(200);
    }
}
