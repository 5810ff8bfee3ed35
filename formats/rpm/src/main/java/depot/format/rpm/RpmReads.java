package depot.format.rpm;

import depot.core.error.DepotException;
import depot.core.model.Package;
import depot.core.model.PackageFile;
import depot.core.model.Project;
import depot.core.packages.PackageReads;
import depot.format.rpm.RpmStore.Repository;
import depot.format.rpm.RpmStore.SnapshotFile;
import depot.http.Downloads;
import depot.http.FormatContext;
import depot.http.FormatRequest;
import depot.http.Scope;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * dnf's reads at a project or group mount: {@code repodata/repomd.xml} and its signature from the newest snapshot of
 * the caller's scope (a group's repository gathers the RPMs of every project of the group the caller may read),
 * the checksum-named metadata files of the kept snapshots, the public key ({@code repodata/repomd.xml.key}), the
 * RPMs ({@code Packages/:file}) and a {@code .repo} file for {@code dnf config-manager --add-repo}.
 */
final class RpmReads {
    private static final Pattern DATA = Pattern.compile("[0-9a-f]{64}-(primary|filelists|other)\\.xml\\.gz");
    private static final Pattern REPO_FILE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}\\.repo");
    private final FormatContext s;
    private final RpmStore store;
    private final RpmSnapshots snapshots;

    RpmReads(FormatContext s, RpmStore store, RpmSnapshots snapshots) {
        this.s = s;
        this.store = store;
        this.snapshots = snapshots;
    }

    void repodata(FormatRequest req) throws IOException {
        String file = req.path("file");
        Repository r = repository(req);
        if (file.equals("repomd.xml.key")) {
            // the repository's key; at a group also its projects' keys, which signed their RPMs
            StringBuilder keys = new StringBuilder(store.publicKey(r));
            if (req.scope() != Scope.PROJECT) store.projectKeys(projects(req)).forEach(k -> keys.append('\n').append(k));
            req.ctx().contentType("application/pgp-keys").result(keys.toString());
            return;
        }
        String path = "repodata/" + file;
        List<Long> ids = projects(req);
        Optional<SnapshotFile> found;
        if (file.equals("repomd.xml") || file.equals("repomd.xml.asc")) {
            found = snapshots.currentFile(r, ids, path);
        } else if (DATA.matcher(file).matches()) {
            // named by its checksum: any kept snapshot's copy is the same bytes
            found = snapshots.kept(r, ids, path).or(() -> snapshots.currentFile(r, ids, path));
        } else {
            found = Optional.empty();
        }
        SnapshotFile f = found.orElseThrow(() -> new DepotException.NotFound("no file " + RpmPackage.shown(file) + " in repodata"));
        // repomd.xml changes in place: clients revalidate (by ETag) every time
        if (!DATA.matcher(file).matches()) req.ctx().header("Cache-Control", "no-cache");
        Downloads.send(req.ctx(), s.reads().content(), f.sha256(), f.size(), contentType(file), null);
    }

    void rpm(FormatRequest req) throws IOException {
        String file = req.path("file");
        List<Long> ids = projects(req);
        for (PackageFile f : s.reads().filesNamed(ids, RpmFormat.TYPE, file)) {
            Package p = s.reads().get(f.packageId()).orElse(null);
            if (p == null || !PackageReads.servesFiles(p)) continue;
            Downloads.send(req.ctx(), s.reads(), f, "application/x-rpm", file);
            return;
        }
        String message = "no package file " + RpmPackage.shown(file) + " here";
        String name = nameOf(file);
        throw name == null ? new DepotException.NotFound(message) : depot.http.NameHolders.notFound(req, RpmFormat.TYPE, name, message);
    }

    /** The package name of {@code name-version-release.arch.rpm}, or null when the file is not named so. */
    static String nameOf(String file) {
        if (!file.endsWith(".rpm")) return null;
        String nvra = file.substring(0, file.length() - 4);
        int dot = nvra.lastIndexOf('.');
        int release = dot < 0 ? -1 : nvra.lastIndexOf('-', dot);
        int version = release < 0 ? -1 : nvra.lastIndexOf('-', release - 1);
        return version <= 0 ? null : nvra.substring(0, version);
    }

    /** A {@code .repo} file naming this repository, with the URL form of the request. */
    void repoFile(FormatRequest req) {
        String file = req.path("file");
        if (!REPO_FILE.matcher(file).matches()) {
            throw new DepotException.NotFound("no file " + RpmPackage.shown(file) + " here: the repository serves repodata/…, "
                    + "Packages/… and <name>.repo (letters, digits, '.', '_', '-')");
        }
        String owner = req.scope() == Scope.PROJECT ? req.project().fullPath() : req.group().fullPath();
        req.ctx().contentType("text/plain; charset=utf-8").result(repoConfig(file.substring(0, file.length() - 5),
                "Depot " + owner + " (RPM)", req.mountUrl()));
    }

    /** The .repo text for a repository at {@code url}: signed metadata, the key beside it, credentials to fill in. */
    static String repoConfig(String id, String name, String url) {
        return "[" + id + "]\n"
                + "name=" + name + "\n"
                + "baseurl=" + url + "\n"
                + "enabled=1\n"
                + "# the metadata is signed by the repository's key, each RPM by its project's (or by its own signer)\n"
                + "repo_gpgcheck=1\n"
                + "gpgcheck=1\n"
                + "gpgkey=" + url + "/repodata/repomd.xml.key\n"
                + "# a private project: a token as the password (any user name with a personal token)\n"
                + "#username=<username>\n"
                + "#password=<token>\n";
    }

    /** The project's or the group's repository, made (with its key) when it is first used. */
    private Repository repository(FormatRequest req) {
        return req.scope() == Scope.PROJECT
                ? store.findOrCreate("project_id", req.project().id(), req.project().fullPath())
                : store.findOrCreate("group_id", req.group().id(), req.group().fullPath());
    }

    private static List<Long> projects(FormatRequest req) {
        if (req.scope() == Scope.PROJECT) return List.of(req.project().id());
        return req.readableProjects().stream().map(Project::id).toList();
    }

    static String contentType(String file) {
        return Map.of("gz", "application/gzip", "asc", "application/pgp-signature", "xml", "application/xml")
                .getOrDefault(file.substring(file.lastIndexOf('.') + 1), "application/octet-stream");
    }
}
