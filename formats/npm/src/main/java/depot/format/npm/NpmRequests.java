package depot.format.npm;

import static depot.format.npm.NpmFormat.TYPE;

import depot.core.access.AccessService;
import depot.core.error.DepotException;
import depot.core.model.ChangeStamp;
import depot.core.model.Package;
import depot.core.model.Project;
import depot.core.packages.NameClaims;
import depot.core.packages.PackageReads;
import depot.http.FormatRequest;
import depot.http.Scope;
import java.util.Comparator;
import java.util.List;

/**
 * What the npm handlers share: which readable project holds a name (and who owns it at the instance endpoint),
 * the visible versions, the mount's URL and the not-found answer.
 */
final class NpmRequests {
    private NpmRequests() {}

    /** The project that holds the name for this request: the project itself, or the newest publisher among many. */
    static ChangeStamp holder(FormatRequest req, NpmName name) {
        return holders(req, name).stream().findFirst().orElseThrow(() -> notFound(req, name));
    }

    /**
     * Who owns a name at the instance endpoint: a scope belongs to the root group of the same path (GitLab's rule),
     * or else, like an unscoped name, to the root group that published it first.
     */
    static NameClaims.Claim claim(NpmName name) {
        return name.scope() == null ? NameClaims.Claim.of(TYPE, name.full())
                : new NameClaims.Claim(TYPE, "@" + name.scope(), name.scope());
    }

    /**
     * Projects holding visible versions of the name, the one that published most recently first; at the instance
     * endpoint only the projects of the name's owner (see {@link #claim}).
     */
    static List<ChangeStamp> holders(FormatRequest req, NpmName name) {
        List<Project> projects = req.scope() == Scope.INSTANCE
                ? req.services().packages().claims().owned(claim(name), name.full(), req.readableProjects())
                : req.readableProjects();
        List<Long> ids = projects.stream().map(Project::id).toList();
        return req.services().reads().stamps(ids, TYPE, name.full()).stream()
                .sorted(Comparator.comparingLong(ChangeStamp::newestCreatedAt).reversed()).toList();
    }

    static Project projectOf(FormatRequest req, ChangeStamp stamp) {
        return req.readableProjects().stream().filter(p -> p.id() == stamp.projectId()).findFirst().orElseThrow();
    }

    static DepotException notFound(FormatRequest req, NpmName name) {
        return AccessService.hidden(req.principal(), "package " + name.full() + " not found");
    }

    /** The registry URL of this request's mount, which tarball URLs in the packument are built on. */
    static String base(FormatRequest req) {
        return req.mountUrl();
    }

    static List<Package> visible(List<Package> packages) {
        return packages.stream().filter(PackageReads::isVisible).toList();
    }
}
