package depot.http;

import depot.core.access.AccessService;
import depot.core.error.DepotException;
import depot.core.model.Package;
import depot.core.model.Project;
import depot.core.packages.NameClaims;
import java.util.List;
import java.util.Optional;

/**
 * Which project a package name resolves to at a group or the instance, for formats whose clients ask for a name
 * without saying where it lives (a gem, a crate): the project that published it first, of every project — the same
 * for every caller — served when the caller may read it (at a group, when it lies under the group; at the instance,
 * when its root group owns the name by {@link NameClaims}). Publishing the name in any other project is refused
 * ({@link #requireFree}), so a name never has two holders. At a project mount it is the project itself.
 */
public final class NameHolders {
    private NameHolders() {}

    /** The project ids to read {@code normalizedName} from: none, or one (or the project mount's own). */
    public static List<Long> of(FormatRequest req, String type, String normalizedName) {
        if (req.scope() == Scope.PROJECT) return List.of(req.project().id());
        Optional<Long> first = req.services().packages().claims().firstPublisher(type, normalizedName);
        if (first.isEmpty()) return List.of();
        List<Project> candidates = req.scope() == Scope.INSTANCE
                ? req.services().packages().claims().owned(NameClaims.Claim.of(type, normalizedName), normalizedName,
                        req.readableProjects())
                : req.readableProjects();
        return candidates.stream().anyMatch(p -> p.id() == first.get()) ? List.of(first.get()) : List.of();
    }

    /** Of the packages of one name, those the request serves: its holder's (all of them at a project). */
    public static List<Package> served(FormatRequest req, String type, String normalizedName, List<Package> packages) {
        if (req.scope() == Scope.PROJECT) return packages;
        List<Long> holder = of(req, type, normalizedName);
        return packages.stream().filter(p -> holder.contains(p.projectId())).toList();
    }

    /**
     * The answer for a name that is not served: a 404 whoever asks (a public registry is read without a token), but a
     * name held at a group or the instance in a project the caller may not read is hidden as such projects are (an
     * anonymous caller is asked to sign in, so that clients send their credentials).
     */
    public static DepotException notFound(FormatRequest req, String type, String normalizedName, String message) {
        boolean elsewhere = req.scope() != Scope.PROJECT
                && req.services().packages().claims().firstPublisher(type, normalizedName).isPresent();
        return elsewhere ? AccessService.hidden(req.principal(), message) : new DepotException.NotFound(message);
    }

    /**
     * Refuses (409) a publish of a name another project already holds — in the same root group too: one name, one
     * project, so that a group's index is the same for everyone. Names held in another root group are the claims'
     * business (403, {@link NameClaims}), which runs first.
     */
    public static void requireFree(FormatRequest req, String type, String normalizedName, String shown) {
        Optional<Long> first = req.services().packages().claims().firstPublisher(type, normalizedName);
        if (first.isPresent() && first.get() != req.project().id()) {
            throw new DepotException.Conflict(shown + " is published by another project of this group; publish it "
                    + "there (a name belongs to one project, so that group and instance indexes agree for everyone)");
        }
    }
}
