package depot.format.debian;

import depot.core.error.DepotException;
import depot.core.model.Package;
import depot.core.model.PackageFile;
import depot.core.model.Project;
import depot.core.packages.PackageReads;
import depot.format.debian.DistributionStore.Distribution;
import depot.http.Downloads;
import depot.http.FormatContext;
import depot.http.FormatRequest;
import depot.http.Scope;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * apt's reads at a project or group mount: {@code dists/:codename/…} from the newest snapshot of the distribution as
 * the caller's projects give it (a group's distribution gathers the packages of that codename from every project of
 * the group the caller may read), by-hash copies from the kept snapshots, and {@code pool/…} files.
 */
final class DebianReads {
    private static final Pattern BY_HASH = Pattern.compile("(.+)/by-hash/(MD5Sum|SHA1|SHA256|SHA512)/([0-9a-f]{32,128})");
    private final FormatContext s;
    private final DistributionStore distributions;
    private final Snapshots snapshots;

    DebianReads(FormatContext s, DistributionStore distributions, Snapshots snapshots) {
        this.s = s;
        this.distributions = distributions;
        this.snapshots = snapshots;
    }

    void dists(FormatRequest req) throws IOException {
        String codename = req.path("codename");
        String path = req.path("path");
        Distribution d = distribution(req, codename);
        List<Long> ids = projects(req);
        Matcher byHash = BY_HASH.matcher(path);
        Optional<SnapshotStore.SnapshotFile> file;
        if (byHash.matches()) {
            String algorithm = byHash.group(2);
            if (!algorithm.equals("SHA256") && !algorithm.equals("SHA512")) {
                throw new DepotException.NotFound("by-hash copies are kept under SHA256 and SHA512");
            }
            // a Release was read before: its snapshot is stored (none is made for a by-hash read)
            file = snapshots.byHash(d, ids, byHash.group(1), algorithm, byHash.group(3));
        } else {
            file = snapshots.currentFile(d, ids, path);
        }
        SnapshotStore.SnapshotFile f = file.orElseThrow(() -> new DepotException.NotFound(
                "no file " + Control.shown(path) + " in distribution " + d.codename()));
        // indexes change in place: clients revalidate (by ETag) every time
        req.ctx().header("Cache-Control", "no-cache");
        Downloads.send(req.ctx(), s.reads().content(), f.sha256(), f.size(), contentType(f.path()), null);
    }

    void pool(FormatRequest req) throws IOException {
        String[] parts = req.path("path").split("/");
        if (parts.length != 5 || java.util.Arrays.stream(parts).anyMatch(String::isEmpty)) {
            throw new DepotException.NotFound("not a pool file");
        }
        String codename = parts[0], component = parts[1], name = parts[3], file = parts[4];
        // a distribution deleted takes its pool with it (its files stay with their packages)
        distribution(req, codename);
        List<Long> ids = projects(req);
        // the package's versions by name (an index lookup), then their files: a pool read costs the same in a big pool
        if (!Snapshots.poolPath(codename, component, name, file).equals("pool/" + req.path("path"))) {
            throw new DepotException.NotFound("not a pool file");
        }
        List<Package> versions = s.reads().versions(ids, DebianFormat.TYPE, name).stream().filter(PackageReads::servesFiles).toList();
        java.util.Map<Long, List<PackageFile>> files = s.reads().filesOf(versions.stream().map(Package::id).toList());
        for (Package p : versions) {
            for (PackageFile f : files.getOrDefault(p.id(), List.of())) {
                if (!f.fileName().equals(file)) continue;
                DebianFormat.FileMeta meta = DebianFormat.FileMeta.of(f);
                if (meta == null || !meta.distribution().equals(codename) || !meta.component().equals(component)) continue;
                Downloads.send(req.ctx(), s.reads(), f, fileType(file), file);
                return;
            }
        }
        throw depot.http.NameHolders.notFound(req, DebianFormat.TYPE, name, "no file " + Control.shown(req.path("path")) + " in the pool");
    }

    /** The project's or group's distribution of that codename (or suite); 404 when there is none. */
    private Distribution distribution(FormatRequest req, String codename) {
        return (req.scope() == Scope.PROJECT
                ? distributions.find("project_id", req.project().id(), codename)
                : distributions.find("group_id", req.group().id(), codename))
                .orElseThrow(() -> new DepotException.NotFound("no distribution " + Control.shown(codename) + " here"));
    }

    private static List<Long> projects(FormatRequest req) {
        if (req.scope() == Scope.PROJECT) return List.of(req.project().id());
        return req.readableProjects().stream().map(Project::id).toList();
    }

    /** The type of a pool file: Debian's for packages, text for source control files, the compression's for tarballs. */
    static String fileType(String file) {
        String ext = file.substring(file.lastIndexOf('.') + 1);
        if (DebianFormat.BINARY.contains(ext)) return "application/vnd.debian.binary-package";
        if (ext.equals("dsc") || ext.equals("changes") || ext.equals("buildinfo")) return "text/plain; charset=utf-8";
        return contentType(file).startsWith("text/") ? "application/octet-stream" : contentType(file);
    }

    static String contentType(String path) {
        if (path.endsWith(".gz")) return "application/gzip";
        if (path.endsWith(".xz")) return "application/x-xz";
        if (path.endsWith(".gpg")) return "application/pgp-signature";
        return "text/plain; charset=utf-8";
    }
}
