package depot.format.pypi;

import depot.core.model.ChangeStamp;
import depot.core.access.AccessService;
import depot.core.access.Action;
import depot.core.blob.Digests;
import depot.core.blob.StoredBlob;
import depot.core.error.DepotException;
import depot.core.model.Package;
import depot.core.model.PackageFile;
import depot.core.model.Project;
import depot.core.packages.NewFile;
import depot.core.packages.PackageReads;
import depot.core.packages.Publication;
import depot.http.BlobFile;
import depot.http.Downloads;
import depot.http.FormatContext;
import depot.http.FormatRequest;
import depot.http.IndexResponses;
import depot.http.FormatRoutes;
import depot.http.PackageDetails;
import depot.http.PackageFormat;
import depot.http.Scope;
import io.javalin.http.HandlerType;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A PyPI repository in GitLab's layout: uploads (the legacy multipart API twine and poetry use) at
 * {@code POST /api/v4/projects/:id/packages/pypi}, the simple API and files at the project and group endpoints.
 * Every upload's core metadata is read from the file itself and must agree with the form.
 */
public final class PypiFormat implements PackageFormat {
    public static final String TYPE = "pypi";
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9_.!+-]{1,128}");

    @Override
    public String type() { return TYPE; }

    @Override
    public String displayName() { return "PyPI"; }

    @Override
    public java.util.Comparator<String> versionOrder() {
        return Pep440.ORDER;
    }

    /** GitLab's default limit for the format: 3 GiB. */
    @Override
    public long defaultMaxUploadBytes() { return 3L << 30; }

    /** Group reads go through the group's PyPI upstreams for names none of its projects has. */
    @Override
    public boolean readsThroughUpstreams() { return true; }

    @Override
    public Optional<CachedPackage> cachedPackage(String relativePath) { return PypiProxy.cachedPackage(relativePath); }

    @Override
    public void routes(FormatRoutes routes) {
        routes.project(HandlerType.POST, "", Action.WRITE, this::upload);
        routes.project(HandlerType.POST, "/", Action.WRITE, this::upload);
        routes.project(HandlerType.GET, "/simple", Action.READ, this::index);
        routes.project(HandlerType.GET, "/simple/{name}", Action.READ, this::page);
        routes.project(HandlerType.GET, "/files/{sha256}/{file}", Action.READ, this::file);
        routes.group(HandlerType.GET, "/simple", Action.READ, this::index);
        routes.group(HandlerType.GET, "/simple/{name}", Action.READ, this::page);
        routes.group(HandlerType.GET, "/files/{sha256}/{file}", Action.READ, this::file);
    }

    // ---- reading

    private final IndexResponses indexes = new IndexResponses(32 << 20);

    /**
     * The names the caller may read, from one indexed read of the projects' change counters while nothing changed.
     * The key holds the mount as requested (the links are relative today; a rendering must never leave its URL's
     * form) and the projects read, so callers who may read different projects never share a rendering.
     */
    private void index(FormatRequest req) {
        List<Long> ids = ids(req);
        PackageReads packages = req.services().reads();
        boolean json = wantsJson(req);
        String type = json ? SimplePages.JSON_TYPE : htmlType(req);
        req.ctx().header("Vary", "Accept");
        String key = String.join("\u0000", "index", type, base(req), ids.toString());
        indexes.send(req.ctx(), key, IndexResponses.Stamp.of(packages.typeStamp(ids, TYPE)), type, () -> {
            List<String> names = packages.names(ids, TYPE);
            return json ? SimplePages.indexJson(names) : SimplePages.indexHtml(names).getBytes(StandardCharsets.UTF_8);
        });
    }

    private void page(FormatRequest req) {
        String requested = req.path("name");
        Distribution.requireValidName(requested);
        String normalized = Distribution.normalize(requested);
        PackageReads packages = req.services().reads();
        List<Long> ids = ids(req);
        List<ChangeStamp> stamps = packages.stamps(ids, TYPE, normalized);
        if (stamps.isEmpty()) {
            Optional<PypiProxy.Page> upstream = PypiProxy.page(req, normalized);
            if (upstream.isPresent()) {
                boolean json = wantsJson(req);
                req.ctx().header("Vary", "Accept");
                req.services().upstreams().sendDocument(req.ctx(), PypiProxy.render(req, upstream.get(), base(req), json),
                        json ? SimplePages.JSON_TYPE : htmlType(req), upstream.get().stale());
                return;
            }
        }
        if (stamps.isEmpty()) throw AccessService.hidden(req.principal(), "404 Package Not Found");
        boolean json = wantsJson(req);
        String type = json ? SimplePages.JSON_TYPE : htmlType(req);
        String base = base(req);
        req.ctx().header("Vary", "Accept");
        indexes.send(req.ctx(), "page\u0000" + normalized + "\u0000" + type + "\u0000" + base + "\u0000" + ids,
                IndexResponses.Stamp.of(stamps), type, () -> renderPage(packages, ids, normalized, base, json));
    }

    private byte[] renderPage(PackageReads packages, List<Long> ids, String normalized, String base, boolean json) {
        List<Package> versions = packages.visibleVersions(ids, TYPE, normalized);
        if (versions.isEmpty()) throw new DepotException.NotFound("404 Package Not Found");
        Map<Long, List<PackageFile>> files = packages.filesOf(versions.stream().map(Package::id).toList());
        List<SimplePages.FileLink> links = new ArrayList<>();
        List<String> versionNames = new ArrayList<>();
        for (Package p : versions) {
            if (!versionNames.contains(p.version())) versionNames.add(p.version());
            for (PackageFile f : files.getOrDefault(p.id(), List.of())) {
                JsonNode meta = f.metadata() == null ? SimplePages.JSON.createObjectNode() : SimplePages.JSON.readTree(f.metadata());
                links.add(new SimplePages.FileLink(f.fileName(), base + "/files/" + f.sha256() + "/" + f.fileName(),
                        f.sha256(), meta.path("requires_python").asString(null), wheelMetadataSha256(f, meta),
                        meta.path("yanked").asString(null),
                        f.size(), f.createdAt()));
            }
        }
        links.sort(Comparator.comparing(SimplePages.FileLink::fileName));
        String display = versions.get(versions.size() - 1).name();
        return json ? SimplePages.projectJson(display, versionNames, links)
                : SimplePages.projectHtml(display, links).getBytes(StandardCharsets.UTF_8);
    }

    private void file(FormatRequest req) throws IOException {
        String sha256 = req.path("sha256");
        String name = req.path("file");
        if (!Digests.isSha256Hex(sha256)) throw new DepotException.Invalid("invalid sha256: " + sha256);
        boolean metadata = name.endsWith(".metadata");
        String fileName = metadata ? name.substring(0, name.length() - ".metadata".length()) : name;
        Distribution.parse(fileName);
        Optional<PackageFile> local = req.services().reads().fileByDigest(ids(req), TYPE, sha256, fileName);
        if (local.isEmpty() && !metadata && req.scope() == Scope.GROUP) {
            PypiProxy.file(req, sha256, fileName);
            return;
        }
        PackageFile f = local.orElseThrow(() -> AccessService.hidden(req.principal(), "404 Not Found"));
        if (metadata) {
            JsonNode meta = f.metadata() == null ? SimplePages.JSON.createObjectNode() : SimplePages.JSON.readTree(f.metadata());
            if (wheelMetadataSha256(f, meta) == null) throw new DepotException.NotFound("404 Not Found");
            req.ctx().contentType("text/plain; charset=utf-8")
                    .result(meta.get("core_metadata").asString().getBytes(StandardCharsets.UTF_8));
            return;
        }
        Downloads.send(req.ctx(), req.services().reads(), f,
                fileName.endsWith(".whl") || fileName.endsWith(".zip") ? "application/zip" : "application/x-gzip",
                fileName);
    }

    /**
     * PEP 658 metadata is offered for wheels only: an sdist's PKG-INFO may leave fields dynamic, and installers
     * trust the served metadata instead of building the sdist.
     */
    private static String wheelMetadataSha256(PackageFile f, JsonNode meta) {
        return f.fileName().endsWith(".whl") && meta.hasNonNull("core_metadata")
                ? meta.path("core_metadata_sha256").asString(null) : null;
    }

    private static List<Long> ids(FormatRequest req) {
        return req.readableProjects().stream().map(Project::id).toList();
    }

    private static boolean wantsJson(FormatRequest req) {
        String accept = String.valueOf(req.ctx().header("Accept"));
        for (String part : accept.split(",")) {
            String[] pieces = part.trim().split(";");
            if (!pieces[0].trim().equals(SimplePages.JSON_TYPE)) continue;
            for (int i = 1; i < pieces.length; i++) {
                String p = pieces[i].trim();
                if (p.startsWith("q=") && p.substring(2).trim().matches("0(\\.0*)?")) return false;
            }
            return true;
        }
        return false;
    }

    private static String htmlType(FormatRequest req) {
        return String.valueOf(req.ctx().header("Accept")).contains(SimplePages.HTML_TYPE)
                ? SimplePages.HTML_TYPE : "text/html; charset=utf-8";
    }

    /** The mount as the client addressed it (path or id), so that URLs handed back match its credentials. */
    private static String base(FormatRequest req) {
        return req.mountUrl();
    }

    // ---- uploading

    private void upload(FormatRequest req) throws IOException {
        FormatContext s = req.services();
        long limit = s.limits().forType(TYPE);
        if (req.ctx().req().getContentLengthLong() > limit + (1 << 20)) throw new DepotException.TooLarge(limit);
        String action = req.ctx().formParam(":action");
        if (action != null && !action.equals("file_upload")) {
            throw new DepotException.Invalid("unsupported :action " + action);
        }
        String name = Distribution.requireValidName(form(req, "name"));
        String version = form(req, "version");
        if (!VERSION.matcher(version).matches()) throw new DepotException.Invalid("invalid version: " + version);
        UploadedFile content = req.ctx().uploadedFile("content");
        if (content == null) throw new DepotException.Invalid("the upload has no content file");
        Distribution dist = Distribution.parse(content.filename(), name);
        if (!Distribution.normalize(dist.name()).equals(Distribution.normalize(name))) {
            throw new DepotException.Invalid("the file " + dist.fileName() + " does not belong to project " + name);
        }
        if (!sameVersion(dist.version(), version)) {
            throw new DepotException.Invalid("the file " + dist.fileName() + " is not version " + version);
        }
        String normalized = Distribution.normalize(name);
        Optional<Package> existing = s.reads().find(req.project().id(), TYPE, normalized, version);
        if (existing.isPresent() && s.reads().files(existing.get().id()).stream()
                .anyMatch(f -> f.fileName().equals(dist.fileName()))) {
            throw new DepotException.Invalid("File already exists: " + dist.fileName());
        }
        StoredBlob blob;
        try (InputStream in = content.content()) {
            // twine sends md5_digest, checked below
            blob = s.packages().store(in, limit, req.ctx().formParam("md5_digest") == null ? java.util.Set.of()
                    : java.util.Set.of(depot.core.blob.Checksum.MD5));
        }
        checkDigest("sha256_digest", req.ctx().formParam("sha256_digest"), blob.sha256());
        checkDigest("md5_digest", req.ctx().formParam("md5_digest"), blob.md5());
        CoreMetadata core = coreMetadata(s, blob, dist);
        if (!Distribution.normalize(core.first("Name")).equals(normalized)) {
            throw new DepotException.Invalid("the file's metadata names " + core.first("Name") + ", not " + name);
        }
        if (!sameVersion(core.first("Version"), version)) {
            throw new DepotException.Invalid("the file's metadata is version " + core.first("Version") + ", not " + version);
        }
        String requiresPython = core.first("Requires-Python");
        ObjectNode fileMeta = SimplePages.JSON.createObjectNode();
        if (requiresPython != null) fileMeta.put("requires_python", requiresPython);
        fileMeta.put("filetype", dist.kind() == Distribution.Kind.WHEEL ? "bdist_wheel" : "sdist");
        fileMeta.put("core_metadata", new String(core.raw(), StandardCharsets.UTF_8));
        fileMeta.put("core_metadata_sha256", Digests.sha256Hex(core.raw()));
        ObjectNode pkgMeta = SimplePages.JSON.createObjectNode();
        for (String header : List.of("Summary", "Requires-Python", "License", "Home-page", "Author")) {
            String value = core.first(header);
            if (value != null && !value.isBlank() && !value.equals("UNKNOWN")) {
                pkgMeta.put(header.toLowerCase(Locale.ROOT).replace('-', '_'), value);
            }
        }
        s.packages().publish(Publication.of(req.project(), TYPE, core.first("Name"), version).normalizedName(normalized)
                .metadata(SimplePages.JSON.writeValueAsString(pkgMeta))
                .file(new NewFile(dist.fileName(), blob, SimplePages.JSON.writeValueAsString(fileMeta)))
                .by(req.principal()).build());
        req.ctx().status(201).contentType("text/plain; charset=utf-8").result("201 Created\n");
    }

    private static String form(FormatRequest req, String field) {
        String value = req.ctx().formParam(field);
        if (value == null || value.isBlank()) throw new DepotException.Invalid("the upload has no " + field);
        return value.trim();
    }

    /** Versions compare as PEP 440 spells them loosely: case, and the {@code _}/{@code -} of file names. */
    private static boolean sameVersion(String a, String b) {
        return a != null && a.replace('_', '-').equalsIgnoreCase(b.replace('_', '-'));
    }

    private static void checkDigest(String field, String sent, String actual) {
        if (sent == null || sent.isBlank()) return;
        if (!sent.trim().equalsIgnoreCase(actual)) {
            throw new DepotException.Invalid(field + " does not match the uploaded file");
        }
    }

    private static CoreMetadata coreMetadata(FormatContext s, StoredBlob blob, Distribution dist) throws IOException {
        if (dist.kind() == Distribution.Kind.SDIST_TAR) {
            try (InputStream in = s.reads().content().open(blob.sha256(), 0, blob.size()).orElseThrow()) {
                return CoreMetadata.fromTarGz(in);
            }
        }
        try (BlobFile file = BlobFile.open(s.reads().content(), blob.sha256(), blob.size())) {
            return CoreMetadata.fromZip(file.channel(), dist.kind() == Distribution.Kind.WHEEL);
        }
    }

    // ---- details


    @Override
    public PackageDetails details(Package pkg, List<PackageFile> files, FormatContext ctx) {
        JsonNode meta = pkg.metadata() == null ? SimplePages.JSON.createObjectNode() : SimplePages.JSON.readTree(pkg.metadata());
        List<PackageDetails.Row> rows = new ArrayList<>(List.of(new PackageDetails.Row("name", pkg.name()),
                new PackageDetails.Row("version", pkg.version())));
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("summary", "summary");
        labels.put("requires_python", "requires-python");
        labels.put("license", "license");
        labels.put("home_page", "home page");
        labels.forEach((key, label) -> {
            if (meta.path(key).isString()) rows.add(new PackageDetails.Row(label, meta.get(key).asString()));
        });
        String url = ctx.projectMount(pkg.projectId(), TYPE);
        String index = url.replace("://", "://__token__:${DEPOT_TOKEN}@") + "/simple";
        String spec = pkg.normalizedName() + "==" + pkg.version();
        java.util.Optional<CoreMetadata> core = PypiDetails.versionMetadata(files);
        return new PackageDetails(rows, PypiDetails.requiresDist(core), List.of(
                new PackageDetails.Snippet("pip", "shell", "pip install --index-url " + index + " " + spec),
                new PackageDetails.Snippet("pip.conf", "ini", "[global]\nindex-url = " + index),
                new PackageDetails.Snippet("poetry", "shell", "poetry source add --priority=supplemental depot "
                        + url + "/simple\npoetry config http-basic.depot __token__ $DEPOT_TOKEN\npoetry add --source depot "
                        + spec),
                new PackageDetails.Snippet(".pypirc (twine)", "ini", "[distutils]\nindex-servers = depot\n\n[depot]\n"
                        + "repository = " + url + "\nusername = __token__\npassword = ${DEPOT_TOKEN}")), PypiDetails.readme(core));
    }
}
