package depot.http;

import depot.core.model.Package;
import depot.core.model.Project;
import depot.core.packages.NameClaims;
import depot.core.packages.PackageReads;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Which project a package name resolves to at a group or the instance, for formats whose clients ask for a name
 * without saying where it lives (a gem, a crate): of the projects the caller may read — at the instance only those
 * of the root group that owns the name ({@link NameClaims}) — the one that published the name first. A later push
 * of the same name in another project never shadows it, nor mixes its versions in. At a project mount it is the
 * project itself.
 */
public final class NameHolders {
    private NameHolders() {}

    /** The project ids to read {@code normalizedName} from: none, or one (or the project mount's own). */
    public static List<Long> of(FormatRequest req, String type, String normalizedName) {
        List<Long> ids = candidates(req, type, normalizedName).stream().map(Project::id).toList();
        if (req.scope() == Scope.PROJECT || ids.size() <= 1) return ids;
        return firstPublisher(req.services().reads().versions(ids, type, normalizedName)).map(List::of).orElse(List.of());
    }

    /** The projects that may hold the name: the readable ones, at the instance only the owner's. */
    public static List<Project> candidates(FormatRequest req, String type, String normalizedName) {
        return req.scope() == Scope.INSTANCE
                ? req.services().packages().claims().owned(NameClaims.Claim.of(type, normalizedName), normalizedName,
                        req.readableProjects())
                : req.readableProjects();
    }

    /** Of the packages of one name, those the request serves: the first publisher's (all of them at a project). */
    public static List<Package> served(FormatRequest req, String type, String normalizedName, List<Package> packages) {
        if (req.scope() == Scope.PROJECT) return packages;
        java.util.Set<Long> candidates = new java.util.HashSet<>(candidates(req, type, normalizedName).stream()
                .map(Project::id).toList());
        List<Package> held = packages.stream().filter(p -> candidates.contains(p.projectId())).toList();
        long first = firstPublisher(held).orElse(-1L);
        return held.stream().filter(p -> p.projectId() == first).toList();
    }

    /** The project of the oldest visible package among {@code packages}. */
    public static Optional<Long> firstPublisher(List<Package> packages) {
        return packages.stream().filter(PackageReads::isVisible)
                .min(Comparator.comparingLong(Package::createdAt).thenComparingLong(Package::id)).map(Package::projectId);
    }
}
