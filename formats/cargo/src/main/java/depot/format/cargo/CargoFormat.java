package depot.format.cargo;

import depot.core.access.Action;
import depot.core.blob.StoredBlob;
import depot.core.error.DepotException;
import depot.core.error.Shown;
import depot.core.model.Package;
import depot.core.model.PackageFile;
import depot.core.packages.NameClaims;
import depot.core.packages.NewFile;
import depot.core.packages.Publication;
import depot.http.ErrorStyle;
import depot.http.FormatContext;
import depot.http.FormatRequest;
import depot.http.FormatRoutes;
import depot.http.NameHolders;
import depot.http.PackageDetails;
import depot.http.PackageFormat;
import depot.http.Uploads;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.semver4j.Semver;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Cargo registry (the sparse protocol) at {@code …/packages/cargo/}: the index under {@code index/} and the web
 * API at the mount itself, at the project, group and instance mounts; publishing, yanking and the owners answer at a
 * project. A version is one package holding its .crate; its metadata is the index line (without {@code yanked}), the
 * yank flag and what the detail page shows.
 */
public final class CargoFormat implements PackageFormat {
    public static final String TYPE = "cargo";
    static final Comparator<String> VERSION_ORDER = Comparator.comparing(Semver::new);
    private final CargoReads reads = new CargoReads();

    @Override
    public String type() { return TYPE; }

    @Override
    public String displayName() { return "Cargo"; }

    @Override
    public java.util.Comparator<String> versionOrder() {
        return depot.http.VersionOrder.orElseNatural(org.semver4j.Semver::isValid, VERSION_ORDER);
    }

    @Override
    public ErrorStyle errorStyle() { return CargoErrors.STYLE; }

    /** The Rust crate registry takes crates of up to 10 MiB; Depot up to 50 MiB unless max_upload_size_cargo says. */
    @Override
    public long defaultMaxUploadBytes() { return 50L << 20; }

    @Override
    public void routes(FormatRoutes routes) {
        var every = FormatRoutes.EVERY_SCOPE;
        routes.project(HandlerType.PUT, "/api/v1/crates/new", Action.WRITE, this::publish);
        routes.project(HandlerType.DELETE, "/api/v1/crates/{crate}/{version}/yank", Action.WRITE, r -> yank(r, true));
        routes.project(HandlerType.PUT, "/api/v1/crates/{crate}/{version}/unyank", Action.WRITE, r -> yank(r, false));
        routes.project(HandlerType.GET, "/api/v1/crates/{crate}/owners", Action.READ, this::owners);
        routes.project(HandlerType.PUT, "/api/v1/crates/{crate}/owners", Action.WRITE, CargoFormat::noOwners);
        routes.project(HandlerType.DELETE, "/api/v1/crates/{crate}/owners", Action.WRITE, CargoFormat::noOwners);
        routes.at(every, HandlerType.GET, "/index/config.json", Action.READ, reads::config);
        routes.at(every, HandlerType.GET, "/index/{a}/{b}", Action.READ,
                r -> reads.index(r, r.path("a") + "/" + r.path("b")));
        routes.at(every, HandlerType.GET, "/index/{a}/{b}/{c}", Action.READ,
                r -> reads.index(r, r.path("a") + "/" + r.path("b") + "/" + r.path("c")));
        routes.at(every, HandlerType.GET, "/api/v1/crates", Action.READ, reads::search);
        routes.at(every, HandlerType.GET, "/api/v1/crates/{crate}/{version}/download", Action.READ, reads::download);
    }

    static JsonNode metadata(Package p) {
        return p.metadata() == null ? IndexLine.JSON.createObjectNode() : IndexLine.JSON.readTree(p.metadata());
    }

    // ---- publish, yank, owners

    private void publish(FormatRequest req) throws IOException {
        FormatContext s = req.services();
        long limit = s.limits().forType(TYPE);
        InputStream body = Uploads.body(req.ctx());
        JsonNode meta = PublishBody.metadata(body);
        String name = CrateName.require(meta.path("name").asString(""));
        String version = meta.path("vers").asString("");
        if (version.length() > 200 || !IndexLine.SEMVER.matcher(version).matches()) {
            throw new DepotException.Invalid("invalid version `" + Shown.of(version) + "`: not semver");
        }
        String normalized = CrateName.normalize(name);
        NameClaims.Claim claim = NameClaims.Claim.of(TYPE, normalized);
        s.packages().claims().check(claim, normalized, req.project());
        NameHolders.requireFree(req, TYPE, normalized, "crate `" + name + "`");
        // a protection rule's pattern is matched against both spellings: foo-bar and foo_bar are one crate
        for (String spelling : List.of(name.replace('_', '-'), name.replace('-', '_'))) {
            s.packages().protection().requirePush(req.project(), TYPE, spelling, normalized, req.principal());
        }
        String bare = version.replaceFirst("\\+.*$", "");
        for (Package p : s.reads().versions(List.of(req.project().id()), TYPE, normalized)) {
            if (!p.name().equals(name)) {
                throw new DepotException.Conflict("crate `" + name + "` is `" + p.name() + "` here: names differing "
                        + "only in case or in - and _ are one crate");
            }
            if (p.version().replaceFirst("\\+.*$", "").equals(bare)) {
                throw new DepotException.Conflict("crate version `" + name + "@" + p.version() + "` is already uploaded");
            }
        }
        long crateLength = PublishBody.crateLength(body);
        if (crateLength > limit) throw new DepotException.TooLarge(limit);
        StoredBlob blob = s.packages().store(PublishBody.exactly(body, crateLength), limit);
        try (InputStream crate = s.reads().open(blob.sha256(), blob.size())) {
            CrateFile.check(crate, name, version);
        }
        ObjectNode stored = IndexLine.JSON.createObjectNode();
        stored.set("line", IndexLine.of(meta, blob.sha256()));
        stored.put("yanked", false);
        for (String field : List.of("description", "homepage", "repository", "documentation", "license")) {
            if (meta.path(field).isString()) stored.put(field, meta.path(field).asString());
        }
        for (String field : List.of("authors", "keywords", "categories")) {
            if (meta.path(field).isArray()) stored.set(field, meta.path(field));
        }
        s.packages().publish(Publication.of(req.project(), TYPE, name, version).normalizedName(normalized)
                .metadata(IndexLine.JSON.writeValueAsString(stored))
                .file(new NewFile(name + "-" + version + ".crate", blob, null))
                .immutableVersion().claiming(claim).by(req.principal()).build());
        req.ctx().json(Map.of("warnings", Map.of("invalid_categories", List.of(), "invalid_badges", List.of(),
                "other", List.of())));
    }

    private void yank(FormatRequest req, boolean yanked) {
        String name = CrateName.require(req.path("crate"));
        String version = req.path("version");
        FormatContext s = req.services();
        Package pkg = s.reads().find(req.project().id(), TYPE, CrateName.normalize(name), version)
                .orElseThrow(() -> new DepotException.NotFound("crate `" + name + "` does not have a version `"
                        + Shown.of(version) + "`"));
        s.packages().protection().requirePush(req.project(), TYPE, pkg.name(), pkg.normalizedName(), req.principal());
        s.packages().changeMetadata(pkg, stored -> {
            ObjectNode meta = stored == null ? IndexLine.JSON.createObjectNode() : (ObjectNode) IndexLine.JSON.readTree(stored);
            meta.put("yanked", yanked);
            return IndexLine.JSON.writeValueAsString(meta);
        });
        s.audit(req.principal(), yanked ? "package.yank" : "package.unyank", "package", pkg.id(), name + " " + version);
        req.ctx().json(Map.of("ok", true));
    }

    /** Who may publish a crate is who may publish to the project: its members and tokens. */
    private void owners(FormatRequest req) {
        String name = CrateName.require(req.path("crate"));
        if (req.services().reads().versions(List.of(req.project().id()), TYPE, CrateName.normalize(name)).isEmpty()) {
            throw new DepotException.NotFound("crate `" + name + "` does not exist");
        }
        req.ctx().json(Map.of("users", List.of(Map.of("id", req.project().id(), "login", req.project().fullPath(),
                "name", req.project().name()))));
    }

    private static void noOwners(FormatRequest req) {
        throw new DepotException.Invalid("Depot has no crate owners: whoever may publish to the project "
                + req.project().fullPath() + " (its members, deploy tokens and CI jobs) owns its crates");
    }

    // ---- details

    @Override
    public PackageDetails details(Package pkg, List<PackageFile> files, FormatContext ctx) {
        JsonNode meta = metadata(pkg);
        JsonNode line = meta.path("line");
        List<PackageDetails.Row> rows = new ArrayList<>(List.of(new PackageDetails.Row("name", pkg.name()),
                new PackageDetails.Row("version", pkg.version())));
        for (String field : List.of("description", "license", "homepage", "repository", "documentation")) {
            if (meta.path(field).isString()) rows.add(new PackageDetails.Row(field, meta.path(field).asString()));
        }
        if (line.path("links").isString()) rows.add(new PackageDetails.Row("links", line.path("links").asString()));
        if (line.path("rust_version").isString()) rows.add(new PackageDetails.Row("rust-version", line.path("rust_version").asString()));
        List<String> features = new ArrayList<>();
        for (String key : List.of("features", "features2")) {
            line.path(key).properties().forEach(f -> features.add(f.getKey() + " = " + f.getValue()));
        }
        if (!features.isEmpty()) rows.add(new PackageDetails.Row("features", String.join("; ", features)));
        List<PackageDetails.Dependency> dependencies = new ArrayList<>();
        line.path("deps").forEach(d -> {
            List<String> kind = new ArrayList<>();
            if (!"normal".equals(d.path("kind").asString("normal"))) kind.add(d.path("kind").asString());
            if (d.path("optional").asBoolean(false)) kind.add("optional");
            if (d.path("target").isString()) kind.add(d.path("target").asString());
            dependencies.add(new PackageDetails.Dependency(d.path("name").asString(), d.path("req").asString(),
                    String.join(", ", kind)));
        });
        if (meta.path("yanked").asBoolean(false)) rows.add(new PackageDetails.Row("yanked", "yes"));
        String url = ctx.projectMount(pkg.projectId(), TYPE);
        return new PackageDetails(rows, dependencies, List.of(
                new PackageDetails.Snippet("cargo add", "shell", "cargo add " + pkg.name() + "@" + pkg.version()
                        + " --registry depot"),
                new PackageDetails.Snippet(".cargo/config.toml", "toml", "[registries.depot]\nindex = \"sparse+" + url
                        + "/index/\"\ncredential-provider = \"cargo:token\""),
                new PackageDetails.Snippet("Cargo.toml", "toml", "[dependencies]\n" + pkg.name() + " = { version = \""
                        + pkg.version() + "\", registry = \"depot\" }"),
                new PackageDetails.Snippet("cargo login (or CARGO_REGISTRIES_DEPOT_TOKEN in CI)", "shell",
                        "echo \"$DEPOT_TOKEN\" | cargo login --registry depot\n# CI: export CARGO_REGISTRIES_DEPOT_TOKEN=$CI_JOB_TOKEN")));
    }
}
