package depot.format.rpm;

import depot.core.access.Action;
import depot.core.blob.StoredBlob;
import depot.core.db.Database;
import depot.core.error.DepotException;
import depot.core.model.Package;
import depot.core.model.PackageFile;
import depot.core.packages.Housekeeper;
import depot.core.packages.NameClaims;
import depot.core.packages.NewFile;
import depot.core.packages.Publication;
import depot.format.rpm.RpmStore.Repository;
import depot.http.ErrorStyle;
import depot.http.FormatContext;
import depot.http.FormatRequest;
import depot.http.FormatRoutes;
import depot.http.NameHolders;
import depot.http.PackageDetails;
import depot.http.PackageFormat;
import depot.http.Scope;
import depot.http.Uploads;
import io.javalin.http.HandlerType;
import depot.http.OpenPgpKey;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An RPM repository (dnf, yum, zypper) in GitLab's layout, extended to groups: RPMs uploaded at a project
 * ({@code POST …/packages/rpm} with the file as the body, or {@code PUT}/{@code POST …/packages/rpm/:file_name}), and
 * at the project and group mounts the signed repodata ({@link RpmReads}). A package version
 * ({@code [epoch:]version-release}) is one package holding one RPM per architecture; each file keeps what the
 * repodata says of it ({@link RpmPackage}) as its metadata.
 */
public final class RpmFormat implements PackageFormat {
    public static final String TYPE = "rpm";
    private volatile Parts parts;

    /** The shared state, made once from the first hook that has the services. */
    record Parts(RpmStore store, RpmSnapshots snapshots, RpmReads reads) {}

    Parts parts(FormatContext s) {
        Parts p = parts;
        if (p != null) return p;
        synchronized (this) {
            if (parts == null) {
                RpmStore store = new RpmStore(s);
                RpmSnapshots snapshots = new RpmSnapshots(s, store);
                parts = new Parts(store, snapshots, new RpmReads(s, store, snapshots));
            }
            return parts;
        }
    }

    @Override
    public String type() { return TYPE; }

    @Override
    public String displayName() { return "RPM"; }

    @Override
    public java.util.Comparator<String> versionOrder() {
        return RpmVersions.ORDER;
    }

    /** dnf and curl print the status line; a plain-text body is what a person reading it wants. */
    @Override
    public ErrorStyle errorStyle() { return ErrorStyle.PLAIN; }

    @Override
    public String migrations() { return "db/rpm"; }

    @Override
    public List<Housekeeper> housekeepers(Database database) { return List.of(new RpmGc(database.jdbi())); }

    @Override
    public Map<String, String[]> settings() {
        return Map.of(RpmStore.PASSPHRASE_SETTING, new String[] {"(generated, kept in the database)",
                "passphrase encrypting the RPM repositories' signing keys at rest; set it so that a copy of the "
                        + "database alone cannot sign"});
    }

    @Override
    public void routes(FormatRoutes routes) {
        RpmReads reads = parts(routes.services()).reads();
        Set<Scope> scopes = Set.of(Scope.PROJECT, Scope.GROUP);
        routes.at(scopes, HandlerType.GET, "/repodata/{file}", Action.READ, reads::repodata);
        routes.at(scopes, HandlerType.GET, "/Packages/{file}", Action.READ, reads::rpm);
        routes.at(scopes, HandlerType.GET, "/{file}", Action.READ, reads::repoFile);
        for (String path : List.of("", "/", "/{file}")) routes.project(HandlerType.POST, path, Action.WRITE, this::upload);
        // PUT to the collection too (curl -X PUT --data-binary), as the POST GitLab documents
        for (String path : List.of("", "/", "/{file}")) routes.project(HandlerType.PUT, path, Action.WRITE, this::upload);
    }

    /** Where a repository's metadata points for an RPM, relative to the repository's URL. */
    static String href(String fileName) {
        return "Packages/" + fileName;
    }

    private void upload(FormatRequest req) throws IOException {
        FormatContext s = req.services();
        Parts p = parts(s);
        String given = req.ctx().pathParamMap().get("file");
        if (given != null && !given.endsWith(".rpm")) throw new DepotException.Invalid("upload an .rpm file");
        StoredBlob blob = Uploads.store(req.ctx(), s.packages(), s.limits().forType(TYPE));
        RpmHeader.Headers headers;
        RpmPackage rpm;
        try (InputStream in = s.reads().open(blob.sha256(), blob.size())) {
            headers = RpmHeader.read(in);
            rpm = RpmPackage.of(headers);
            RpmDigests.check(in, blob.size(), headers);
        }
        NameClaims.Claim claim = NameClaims.Claim.of(TYPE, rpm.name());
        s.packages().claims().check(claim, rpm.name(), req.project());
        NameHolders.requireFree(req, TYPE, rpm.name(), "package " + rpm.name());
        s.packages().protection().requirePush(req.project(), TYPE, rpm.name(), rpm.name(), req.principal());
        String fileName = rpm.fileName();
        requireOwnFileName(s, req.project().id(), fileName, rpm.evr());
        Repository r = p.store().findOrCreate("project_id", req.project().id(), req.project().fullPath());
        if (RpmSigner.signed(headers.signature())) {
            RpmSigner.checkSigned(headers);
        } else {
            // signed with the project repository's key, so that gpgcheck=1 holds with the served key
            blob = signed(s, blob, headers, p.store().key(r));
            try (InputStream in = s.reads().open(blob.sha256(), blob.size())) {
                rpm = RpmPackage.of(RpmHeader.read(in));
            }
        }
        s.packages().publish(Publication.of(req.project(), TYPE, rpm.name(), rpm.evr()).normalizedName(rpm.name())
                .metadata(RpmPackage.JSON.writeValueAsString(Map.of("summary", rpm.summary(), "license", rpm.license(),
                        "url", rpm.url())))
                .file(new NewFile(fileName, blob, rpm.json()))
                .replacing(f -> f.fileName().equals(fileName))
                .claiming(claim).by(req.principal()).build());
        // the metadata soon, so the next dnf makecache usually finds it made (a reader makes it otherwise)
        p.snapshots().refreshSoon(r, List.of(req.project().id()));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("message", "201 Created");
        out.put("name", rpm.name());
        out.put("version", rpm.evr());
        out.put("arch", rpm.arch());
        out.put("file_name", fileName);
        out.put("sha256", blob.sha256());
        req.ctx().status(201).json(out);
    }

    /** The RPM with a header signature by {@code key} added to its signature header, stored as a new blob. */
    private static StoredBlob signed(FormatContext s, StoredBlob blob, RpmHeader.Headers headers, OpenPgpKey key) throws IOException {
        byte[] prefix = RpmSigner.prefix(headers, key);
        long rest = headers.main().start;
        try (InputStream in = s.reads().open(blob.sha256(), blob.size())) {
            in.skipNBytes(rest);
            return s.packages().store(new SequenceInputStream(new ByteArrayInputStream(prefix), in),
                    prefix.length + blob.size() - rest);
        }
    }

    /**
     * Refuses (409) a file name another version of the package holds: RPM file names leave the epoch out, so
     * {@code 1:2.0-1} and {@code 2.0-1} would be one file in the repository and two entries in its metadata.
     */
    private static void requireOwnFileName(FormatContext s, long projectId, String fileName, String version) {
        for (PackageFile f : s.reads().filesNamed(List.of(projectId), TYPE, fileName)) {
            Package other = s.reads().get(f.packageId()).orElse(null);
            if (other != null && !other.version().equals(version)) {
                throw new DepotException.Conflict(fileName + " belongs to version " + other.version() + " of "
                        + other.name() + ": file names leave the epoch out; delete that version first");
            }
        }
    }

    @Override
    public PackageDetails details(Package pkg, List<PackageFile> files, FormatContext ctx) {
        return RpmDetails.of(pkg, files, ctx);
    }
}
