package depot.format.debian;

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
import depot.format.debian.DistributionStore.Distribution;
import depot.http.ApiRoutes;
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
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Debian repository (apt) in GitLab's layout: .deb uploads at a project
 * ({@code PUT …/packages/debian/:file_name?distribution=&component=}), signed distributions ({@code dists/…}) and
 * the package pool ({@code pool/…}) at the project and group mounts, and the distributions API
 * ({@link DistributionApi}). A binary package version is one package holding one .deb per architecture; each file
 * records the distribution and component it was uploaded to, and its control paragraph.
 */
public final class DebianFormat implements PackageFormat {
    public static final String TYPE = "debian";
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final Set<String> BINARY = Set.of("deb", "udeb", "ddeb");
    static final Set<String> SOURCE = Set.of("dsc", "changes", "buildinfo", "gz", "xz", "bz2", "zst", "lzma");
    private volatile Parts parts;

    /** The shared state, made once from the first hook that has the services. */
    record Parts(DistributionStore distributions, Snapshots snapshots, DebianReads reads) {}

    /** What a .deb's file row records (its metadata JSON). */
    record FileMeta(String distribution, String component, String architecture, String kind, Map<String, String> control) {
        static FileMeta of(PackageFile f) {
            if (f.metadata() == null) return null;
            JsonNode n = JSON.readTree(f.metadata());
            if (!n.path("distribution").isString()) return null;
            Map<String, String> control = new LinkedHashMap<>();
            n.path("control").properties().forEach(e -> control.put(e.getKey(), e.getValue().asString()));
            return new FileMeta(n.path("distribution").asString(), n.path("component").asString(),
                    n.path("architecture").asString(), n.path("kind").asString("deb"), control);
        }

        String json() {
            ObjectNode n = JSON.createObjectNode();
            n.put("distribution", distribution);
            n.put("component", component);
            n.put("architecture", architecture);
            n.put("kind", kind);
            n.putPOJO("control", control);
            return JSON.writeValueAsString(n);
        }
    }

    Parts parts(FormatContext s) {
        Parts p = parts;
        if (p != null) return p;
        synchronized (this) {
            if (parts == null) {
                DistributionStore distributions = new DistributionStore(s);
                Snapshots snapshots = new Snapshots(s, distributions);
                parts = new Parts(distributions, snapshots, new DebianReads(s, distributions, snapshots));
            }
            return parts;
        }
    }

    @Override
    public String type() { return TYPE; }

    @Override
    public String displayName() { return "Debian"; }

    @Override
    public java.util.Comparator<String> versionOrder() {
        return DebianVersions.ORDER;
    }

    /** apt prints the status line; a plain-text body is what a person reading curl's output wants. */
    @Override
    public ErrorStyle errorStyle() { return ErrorStyle.PLAIN; }

    @Override
    public String migrations() { return "db/debian"; }

    @Override
    public List<Housekeeper> housekeepers(Database database) { return List.of(new DebianGc(database.jdbi())); }

    @Override
    public Map<String, String[]> settings() {
        return Map.of(DistributionStore.PASSPHRASE_SETTING, new String[] {"(generated, kept in the database)",
                "passphrase encrypting the Debian distributions' signing keys at rest; set it so that a copy of the "
                        + "database alone cannot sign"});
    }

    @Override
    public void api(ApiRoutes routes) {
        new DistributionApi(routes, parts(routes.services()).distributions()).routes(routes);
    }

    @Override
    public void routes(FormatRoutes routes) {
        DebianReads reads = parts(routes.services()).reads();
        Set<Scope> scopes = Set.of(Scope.PROJECT, Scope.GROUP);
        routes.at(scopes, HandlerType.GET, "/dists/{codename}/<path>", Action.READ, reads::dists);
        routes.at(scopes, HandlerType.GET, "/pool/<path>", Action.READ, reads::pool);
        routes.project(HandlerType.PUT, "/{file}", Action.WRITE, this::upload);
    }

    private void upload(FormatRequest req) throws IOException {
        FormatContext s = req.services();
        Parts p = parts(s);
        String file = req.path("file");
        String ext = file.contains(".") ? file.substring(file.lastIndexOf('.') + 1) : "";
        if (!BINARY.contains(ext) && !SOURCE.contains(ext)) {
            throw new DepotException.Invalid("upload a binary package (.deb, .udeb, .ddeb) or a source package's files "
                    + "(.dsc, then the tarballs it names; .buildinfo, .changes)");
        }
        String codename = req.ctx().queryParam("distribution");
        String component = req.ctx().queryParam("component");
        if (!ext.equals("dsc") && SOURCE.contains(ext)) {
            req.ctx().status(201).json(new SourceUploads(req, p).part(file, ext));
            return;
        }
        if (codename == null || codename.isBlank()) {
            throw new DepotException.Invalid("upload with ?distribution=<codename> (and &component=<component>; main when not given)");
        }
        if (component == null || component.isBlank()) component = "main";
        if (!DistributionStore.CODENAME.matcher(codename).matches()) throw new DepotException.Invalid("invalid distribution " + Control.shown(codename));
        DistributionStore.components(List.of(component), List.of());
        if (ext.equals("dsc")) {
            req.ctx().status(201).json(new SourceUploads(req, p).dsc(codename, component));
            return;
        }
        StoredBlob blob = Uploads.store(req.ctx(), s.packages(), s.limits().forType(TYPE));
        Control control;
        try (InputStream in = s.reads().open(blob.sha256(), blob.size())) {
            control = DebFile.read(in).control();
        }
        String name = control.get("Package");
        String version = control.get("Version");
        String arch = control.get("Architecture");
        NameClaims.Claim claim = admit(req, name);
        // a distribution an upload names is made with defaults; its indexes list every component and architecture uploaded
        Distribution d = p.distributions().findOrCreate("project_id", req.project().id(), req.project().fullPath(), codename);
        // the pool's name for it, whatever the upload was called: name_version_arch, the epoch left out (dpkg-name)
        String canonical = name + "_" + DebFile.withoutEpoch(version) + "_" + arch + "." + ext;
        requireOwnFileName(s, req.project().id(), canonical, version);
        p.distributions().include(d, component, arch);
        FileMeta meta = new FileMeta(d.codename(), component, arch, ext, control.fields());
        ObjectNode pkgMeta = JSON.createObjectNode();
        control.fields().forEach(pkgMeta::put);
        s.packages().publish(Publication.of(req.project(), TYPE, name, version).normalizedName(name)
                .metadata(JSON.writeValueAsString(pkgMeta))
                .file(new NewFile(canonical, blob, meta.json()))
                .replacing(f -> f.fileName().equals(canonical))
                .claiming(claim).by(req.principal()).build());
        // the indexes soon, so the next apt update usually finds them made (a reader makes them otherwise)
        p.snapshots().refreshSoon(d, List.of(req.project().id()));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("message", "201 Created");
        out.put("package", name);
        out.put("version", version);
        out.put("architecture", arch);
        out.put("distribution", d.codename());
        out.put("component", component);
        out.put("file_name", canonical);
        req.ctx().status(201).json(out);
    }

    /**
     * The checks before a name is published in the request's project: its root group's claim (403), another project
     * holding it (409), the project's protection rules; answers the claim the publish records.
     */
    static NameClaims.Claim admit(FormatRequest req, String name) {
        NameClaims.Claim claim = NameClaims.Claim.of(TYPE, name);
        req.services().packages().claims().check(claim, name, req.project());
        NameHolders.requireFree(req, TYPE, name, "package " + name);
        req.services().packages().protection().requirePush(req.project(), TYPE, name, name, req.principal());
        return claim;
    }

    /**
     * Refuses (409) a file name that another version of the package holds: Debian's file names leave the epoch out,
     * so {@code 2:3.0-1} and {@code 3.0-1} would be one file in the pool and two paragraphs in the index.
     */
    static void requireOwnFileName(FormatContext s, long projectId, String fileName, String version) {
        for (PackageFile f : s.reads().filesNamed(List.of(projectId), TYPE, fileName)) {
            Package other = s.reads().get(f.packageId()).orElse(null);
            if (other != null && !other.version().equals(version)) {
                throw new DepotException.Conflict(fileName + " belongs to version " + other.version() + " of " + other.name()
                        + ": file names leave the epoch out, so versions that differ only by epoch cannot both be in the "
                        + "pool; delete that version first");
            }
        }
    }

    @Override
    public PackageDetails details(Package pkg, List<PackageFile> files, FormatContext ctx) {
        return DebianDetails.of(pkg, files, ctx, parts(ctx).distributions());
    }
}
