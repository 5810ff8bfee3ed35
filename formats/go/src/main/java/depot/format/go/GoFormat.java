package depot.format.go;

import depot.core.access.Action;
import depot.core.blob.StoredBlob;
import depot.core.error.DepotException;
import depot.core.error.Shown;
import depot.core.model.Package;
import depot.core.model.PackageFile;
import depot.core.packages.NameClaims;
import depot.core.packages.NewFile;
import depot.core.packages.Publication;
import depot.http.BlobFile;
import depot.http.ErrorStyle;
import depot.http.FormatContext;
import depot.http.FormatRequest;
import depot.http.FormatRoutes;
import depot.http.NameHolders;
import depot.http.PackageDetails;
import depot.http.PackageFormat;
import depot.http.Uploads;
import io.javalin.http.HandlerType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Go module proxy (the GOPROXY protocol) at {@code …/packages/go/}: {@code :module/@v/list}, {@code .info},
 * {@code .mod}, {@code .zip} and {@code @latest} at the project, group and instance mounts, and the upload of a
 * module zip at a project ({@code PUT …/upload?module=&version=}). A module version is one package (name: the
 * module path) holding its zip and its go.mod; its metadata has the {@code h1:} hashes go.sum records.
 */
public final class GoFormat implements PackageFormat {
    /** GitLab's package type for Go modules; its routes are under {@code …/packages/go/} ({@link #MOUNT}). */
    public static final String TYPE = "golang";
    static final String MOUNT = "go";
    static final JsonMapper JSON = JsonMapper.builder().build();
    private final GoReads reads = new GoReads();

    @Override
    public String type() { return TYPE; }

    @Override
    public String displayName() { return "Go"; }

    @Override
    public java.util.Comparator<String> versionOrder() {
        return depot.http.VersionOrder.orElseNatural(v -> GoVersion.parse(v) != null, (a, b) -> GoVersion.compare(GoVersion.parse(a), GoVersion.parse(b)));
    }

    @Override
    public String mountName() { return MOUNT; }

    /** A version is its zip and its go.mod together: the go command needs both. */
    @Override
    public boolean deletesFilesOneByOne() { return false; }

    /** The go command prints a proxy's error body as it is. */
    @Override
    public ErrorStyle errorStyle() { return ErrorStyle.PLAIN; }

    /** The go command refuses module zips over 500 MiB. */
    @Override
    public long defaultMaxUploadBytes() { return ModuleZip.MAX_ZIP; }

    @Override
    public void routes(FormatRoutes routes) {
        routes.project(HandlerType.PUT, "/upload", Action.WRITE, this::upload);
        routes.at(FormatRoutes.EVERY_SCOPE, HandlerType.GET, "/<path>", Action.READ, reads::get);
    }

    static JsonNode metadata(Package p) {
        return p.metadata() == null ? JSON.createObjectNode() : JSON.readTree(p.metadata());
    }

    private void upload(FormatRequest req) throws IOException {
        String module = req.ctx().queryParam("module");
        String version = req.ctx().queryParam("version");
        // an unencoded + in a query is a space, and no version has one: +incompatible sent as written by hand
        if (version != null) version = version.replace(' ', '+');
        if (module == null || version == null) {
            throw new DepotException.Invalid("upload with ?module=<module path>&version=<version> and the module zip as the body");
        }
        String why = GoPaths.checkModule(module);
        if (why != null) throw new DepotException.Invalid("malformed module path \"" + Shown.of(module) + "\": " + why);
        GoVersion v = GoVersion.parse(version);
        if (v == null) {
            throw new DepotException.Invalid("version \"" + Shown.of(version) + "\" is not a canonical semantic "
                    + "version (vMAJOR.MINOR.PATCH, a pre-release after -, no build metadata but +incompatible)");
        }
        if (v.isPseudo() && GoReads.pseudoInstant(v) == null) {
            throw new DepotException.Invalid(module + "@" + version + ": invalid pseudo-version: its timestamp "
                    + v.pseudoTime() + " is not a valid UTC time (yyyymmddhhmmss)");
        }
        why = GoPaths.checkMajor(module, v);
        if (why != null) throw new DepotException.Invalid(module + "@" + version + ": invalid version: " + why);
        FormatContext s = req.services();
        NameClaims.Claim claim = NameClaims.Claim.of(TYPE, module);
        s.packages().claims().check(claim, module, req.project());
        NameHolders.requireFree(req, TYPE, module, "module " + module);
        s.packages().protection().requirePush(req.project(), TYPE, module, module, req.principal());
        if (s.reads().find(req.project().id(), TYPE, module, version).isPresent()) {
            throw new DepotException.Conflict(module + "@" + version + " already exists: a module version never changes "
                    + "(go.sum pins its hash); publish a new version");
        }
        long limit = Math.min(s.limits().forType(TYPE), ModuleZip.MAX_ZIP);
        StoredBlob zip = Uploads.store(req.ctx(), s.packages(), limit);
        ModuleZip checked;
        try (BlobFile file = BlobFile.open(s.reads().content(), zip.sha256(), zip.size())) {
            checked = ModuleZip.read(file.channel(), module, version);
        }
        byte[] goMod = checked.goMod();
        GoMod parsed = null;
        if (goMod != null) {
            if (v.incompatible()) {
                throw new DepotException.Invalid(module + "@" + version + ": invalid version: +incompatible suffix not "
                        + "allowed: the module has a go.mod file (its path must end in /v" + v.major() + ")");
            }
            parsed = GoMod.parse(goMod);
            if (!module.equals(parsed.module())) {
                throw new DepotException.Invalid(module + "@" + version + ": go.mod declares its path as: "
                        + (parsed.module() == null ? "(no module line)" : Shown.of(parsed.module()))
                        + " but was uploaded as: " + module);
            }
        } else {
            goMod = GoMod.synthesized(module);
        }
        StoredBlob mod = s.packages().store(new ByteArrayInputStream(goMod), goMod.length);
        ObjectNode meta = JSON.createObjectNode();
        meta.put("h1", checked.hash());
        meta.put("go_mod_h1", ModuleZip.goModHash(goMod));
        if (v.pseudoTime() != null) meta.put("time", GoReads.pseudoInstant(v));
        meta.put("files", checked.files());
        meta.put("unpacked_size", checked.unpackedSize());
        if (parsed != null) {
            if (parsed.go() != null) meta.put("go", parsed.go());
            if (parsed.deprecated() != null) meta.put("deprecated", parsed.deprecated());
            meta.putPOJO("requires", parsed.requires());
        }
        s.packages().publish(Publication.of(req.project(), TYPE, module, version).normalizedName(module)
                .metadata(JSON.writeValueAsString(meta))
                .file(new NewFile(version + ".zip", zip, null))
                .file(new NewFile(version + ".mod", mod, null))
                .immutableVersion().claiming(claim).by(req.principal()).build());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("message", "201 Created");
        out.put("module", module);
        out.put("version", version);
        out.put("h1", checked.hash());
        out.put("go_mod_h1", meta.path("go_mod_h1").asString());
        req.ctx().status(201).json(out);
    }

    @Override
    public PackageDetails details(Package pkg, List<PackageFile> files, FormatContext ctx) {
        JsonNode meta = metadata(pkg);
        List<PackageDetails.Row> rows = new ArrayList<>(List.of(new PackageDetails.Row("module", pkg.name()),
                new PackageDetails.Row("version", pkg.version()),
                new PackageDetails.Row("h1 (go.sum)", meta.path("h1").asString("")),
                new PackageDetails.Row("go.mod h1", meta.path("go_mod_h1").asString(""))));
        if (meta.path("go").isString()) rows.add(new PackageDetails.Row("go", meta.path("go").asString()));
        if (meta.path("deprecated").isString()) rows.add(new PackageDetails.Row("deprecated", meta.path("deprecated").asString()));
        List<PackageDetails.Dependency> requires = new ArrayList<>();
        meta.path("requires").forEach(r -> {
            String[] parts = r.asString().split(" ", 2);
            requires.add(new PackageDetails.Dependency(parts[0], parts.length > 1 ? parts[1] : "", ""));
        });
        rows.add(new PackageDetails.Row("files", meta.path("files").asString("") + " (" + meta.path("unpacked_size").asString("") + " bytes unpacked)"));
        String url = ctx.projectMount(pkg.projectId(), MOUNT);
        // the go command (1.24+) matches a netrc machine against the URL's host and port
        String host = url.replaceFirst("^https?://", "").replaceFirst("/.*$", "");
        return new PackageDetails(rows, requires, List.of(
                new PackageDetails.Snippet("go get", "shell", "go get " + pkg.name() + "@" + pkg.version()),
                new PackageDetails.Snippet("environment", "shell", "export GOPROXY=" + url + "\n"
                        + "export GONOSUMDB=" + pkg.name() + "   # this module (or its path prefix) is not in the public checksum database\n"
                        + "export GOAUTH=netrc                  # the default: credentials from ~/.netrc, sent over HTTPS only"),
                new PackageDetails.Snippet("~/.netrc (chmod 0600)", "text", "machine " + host + " login <username> password <token>"),
                new PackageDetails.Snippet("go.sum", "text", pkg.name() + " " + pkg.version() + " " + meta.path("h1").asString("")
                        + "\n" + pkg.name() + " " + pkg.version() + "/go.mod " + meta.path("go_mod_h1").asString("")),
                new PackageDetails.Snippet("upload a new version (tools/go-mod-zip and curl)", "shell",
                        "tools/go-mod-zip <module dir> <version> module.zip\n"
                        + "curl --fail-with-body -H \"Private-Token: $DEPOT_TOKEN\" --upload-file module.zip \\\n  \""
                        + url + "/upload?module=" + pkg.name() + "&version=<version, a + written %2B>\"")));
    }
}
