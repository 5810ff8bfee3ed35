package depot.format.npm;

import depot.core.model.ChangeStamp;
import depot.core.access.AccessService;
import depot.core.access.Action;
import depot.core.access.Principal;
import depot.core.blob.StoredBlob;
import depot.core.db.PackageQuery;
import depot.core.error.DepotException;
import depot.core.model.Package;
import depot.core.model.PackageFile;
import depot.core.model.Project;
import depot.core.packages.NewFile;
import depot.core.packages.NameClaims;
import depot.core.packages.PackageReads;
import depot.core.packages.Publication;
import depot.http.Downloads;
import depot.http.ErrorStyle;
import depot.http.FormatContext;
import depot.http.FormatRequest;
import depot.http.IndexResponses;
import depot.http.FormatRoutes;
import depot.http.PackageDetails;
import depot.http.PackageFormat;
import depot.http.Scope;
import depot.http.Uploads;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.semver4j.Semver;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An npm registry in GitLab's layout: publish, install, dist-tags, deprecate and unpublish at
 * {@code /api/v4/projects/:id/packages/npm/}, and reads (plus tag changes) at the group and instance endpoints,
 * which find the project that published a name most recently. Packuments are rendered from the database and
 * cached by a stamp of the rows they come from.
 */
public final class NpmFormat implements PackageFormat {
    public static final String TYPE = "npm";
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    /** Headroom over the tarball limit for base64 (4/3) and the manifests around it. */
    private static final long DOCUMENT_OVERHEAD = 16 << 20;
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    /** npm prints {@code error} from a JSON body. */
    public static final ErrorStyle NPM_ERRORS = (ctx, status, message) -> ctx.status(status)
            .json(Map.of("error", message));

    private final IndexResponses indexes = new IndexResponses(32 << 20);

    @Override
    public String type() { return TYPE; }

    /** GitLab's default limit for the format: 500 MiB. */
    @Override
    public long defaultMaxUploadBytes() { return 500L << 20; }

    @Override
    public ErrorStyle errorStyle() { return NPM_ERRORS; }

    @Override
    public void routes(FormatRoutes routes) {
        for (Scope scope : List.of(Scope.PROJECT, Scope.GROUP, Scope.INSTANCE)) {
            mount(routes, scope, HandlerType.GET, "/-/whoami", Action.READ, this::whoami);
            mount(routes, scope, HandlerType.GET, "/-/v1/search", Action.READ, this::search);
            mount(routes, scope, HandlerType.POST, "/-/npm/v1/security/<rest>", Action.READ, this::audit);
            mount(routes, scope, HandlerType.GET, "/-/package/<path>", Action.READ, this::listTags);
            mount(routes, scope, HandlerType.PUT, "/-/package/<path>", Action.WRITE, this::putTag);
            mount(routes, scope, HandlerType.DELETE, "/-/package/<path>", Action.DELETE, this::deleteTag);
            mount(routes, scope, HandlerType.GET, "/<path>", Action.READ, this::get);
            mount(routes, scope, HandlerType.HEAD, "/<path>", Action.READ, this::get);
        }
        routes.project(HandlerType.PUT, "/<path>", Action.WRITE, this::put);
        routes.project(HandlerType.DELETE, "/<path>", Action.DELETE, this::delete);
    }

    private static void mount(FormatRoutes routes, Scope scope, HandlerType method, String path, Action action,
                              depot.http.FormatHandler handler) {
        switch (scope) {
            case PROJECT -> routes.project(method, path, action, handler);
            case GROUP -> routes.group(method, path, action, handler);
            default -> routes.instance(method, path, action, handler);
        }
    }

    // ---- reading

    private void get(FormatRequest req) throws IOException {
        NpmPath path = NpmPath.parse(req.path("path"));
        if (path.rev() != null) throw new DepotException.NotFound("not found");
        if (path.tarball() != null) {
            tarball(req, path);
            return;
        }
        ChangeStamp stamp = holder(req, path.name());
        boolean abbreviated = String.valueOf(req.ctx().header("Accept")).contains(Packument.ABBREVIATED);
        String base = base(req);
        req.ctx().header("Vary", "Accept");
        String key = stamp.projectId() + "\u0000" + path.name().full() + "\u0000" + base + "\u0000" + abbreviated;
        indexes.send(req.ctx(), key, IndexResponses.Stamp.of(stamp),
                abbreviated ? Packument.ABBREVIATED + "; charset=utf-8" : "application/json; charset=utf-8",
                () -> render(req, stamp, path.name(), base, abbreviated));
    }

    private byte[] render(FormatRequest req, ChangeStamp stamp, NpmName name, String base, boolean abbreviated) {
        PackageReads packages = req.services().reads();
        List<Package> rows = visible(packages.versions(List.of(stamp.projectId()), TYPE, name.full()));
        Map<Long, List<PackageFile>> files = packages.filesOf(rows.stream().map(Package::id).toList());
        List<Packument.Version> versions = new ArrayList<>();
        Map<Long, String> versionOf = new java.util.HashMap<>();
        for (Package p : rows) {
            PackageFile tgz = tarballOf(p, files.getOrDefault(p.id(), List.of())).orElse(null);
            if (tgz == null) continue;
            JsonNode meta = p.metadata() == null ? PublishBody.JSON.createObjectNode() : PublishBody.JSON.readTree(p.metadata());
            versions.add(new Packument.Version(p.version(), meta.path("manifest"), meta.path("readme").asString(null),
                    tgz.sha1(), tgz.sha512(), p.createdAt(), p.updatedAt()));
            versionOf.put(p.id(), p.version());
        }
        Map<String, String> tags = new LinkedHashMap<>();
        packages.tags(stamp.projectId(), TYPE, name.full()).forEach((tag, id) -> {
            if (versionOf.containsKey(id)) tags.put(tag, versionOf.get(id));
        });
        ObjectNode doc = abbreviated ? Packument.abbreviated(name, versions, tags, base)
                : Packument.full(name, versions, tags, "1-" + stamp.hex(), base);
        return PublishBody.JSON.writeValueAsBytes(doc);
    }

    private void tarball(FormatRequest req, NpmPath path) throws IOException {
        String version = path.tarballVersion();
        PackageReads packages = req.services().reads();
        for (ChangeStamp s : holders(req, path.name())) {
            Optional<Package> pkg = packages.find(s.projectId(), TYPE, path.name().full(), version)
                    .filter(PackageReads::isVisible);
            if (pkg.isEmpty()) continue;
            Optional<PackageFile> file = tarballOf(pkg.get(), packages.files(pkg.get().id()));
            if (file.isPresent()) {
                Downloads.send(req.ctx(), req.services().reads().content(), file.get().sha256(), file.get().size(),
                        "application/octet-stream", null);
                return;
            }
        }
        throw notFound(req, path.name());
    }

    private static Optional<PackageFile> tarballOf(Package p, List<PackageFile> files) {
        return files.stream().filter(f -> f.fileName().endsWith(".tgz")).max(Comparator.comparingLong(PackageFile::id));
    }

    /** The project that holds the name for this request: the project itself, or the newest publisher among many. */
    private ChangeStamp holder(FormatRequest req, NpmName name) {
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
    private static List<ChangeStamp> holders(FormatRequest req, NpmName name) {
        List<Project> projects = req.scope() == Scope.INSTANCE
                ? req.services().packages().claims().owned(claim(name), name.full(), req.readableProjects())
                : req.readableProjects();
        List<Long> ids = projects.stream().map(Project::id).toList();
        return req.services().reads().stamps(ids, TYPE, name.full()).stream()
                .sorted(Comparator.comparingLong(ChangeStamp::newestCreatedAt).reversed()).toList();
    }

    private static Project projectOf(FormatRequest req, ChangeStamp stamp) {
        return req.readableProjects().stream().filter(p -> p.id() == stamp.projectId()).findFirst().orElseThrow();
    }

    private static DepotException notFound(FormatRequest req, NpmName name) {
        return AccessService.hidden(req.principal(), "package " + name.full() + " not found");
    }

    /** The registry URL of this request's mount, which tarball URLs in the packument are built on. */
    private static String base(FormatRequest req) {
        return req.mountUrl();
    }

    private void whoami(FormatRequest req) {
        Principal p = req.principal();
        if (p instanceof Principal.Anonymous) throw new DepotException.Unauthenticated("401 Unauthorized");
        req.ctx().json(Map.of("username", p.name()));
    }

    private void audit(FormatRequest req) throws IOException {
        // Depot keeps no advisory database: an empty report lets `npm install` and `npm audit` finish
        Uploads.body(req.ctx()).skip(Long.MAX_VALUE);
        req.ctx().json(Map.of());
    }

    private void search(FormatRequest req) {
        String text = Optional.ofNullable(req.ctx().queryParam("text")).orElse("").trim();
        int size = Math.max(1, Math.min(250, parseInt(req.ctx().queryParam("size"), 20)));
        int from = Math.max(0, parseInt(req.ctx().queryParam("from"), 0));
        List<Long> ids = req.readableProjects().stream().map(Project::id).toList();
        PackageReads packages = req.services().reads();
        // newest first; the first row of each name is its latest version
        Map<String, Package> latest = new LinkedHashMap<>();
        int page = 1;
        while (latest.size() < from + size && page <= 50) {
            var rows = packages.list(new PackageQuery(ids, TYPE, text.isEmpty() ? null : text, null, "default",
                    false, "created_at", "desc", page, 100));
            rows.items().forEach(p -> latest.putIfAbsent(p.name(), p));
            if (!rows.hasNext()) break;
            page++;
        }
        List<Map<String, Object>> objects = new ArrayList<>();
        latest.values().stream().skip(from).limit(size).forEach(p -> {
            JsonNode meta = p.metadata() == null ? PublishBody.JSON.createObjectNode()
                    : PublishBody.JSON.readTree(p.metadata());
            JsonNode manifest = meta.path("manifest");
            String publisher = meta.path("publisher").asString("unknown");
            Map<String, Object> pkg = new LinkedHashMap<>();
            pkg.put("name", p.name());
            pkg.put("version", p.version());
            pkg.put("description", manifest.path("description").asString(""));
            pkg.put("keywords", manifest.path("keywords").isArray() ? manifest.get("keywords") : List.of());
            pkg.put("date", Packument.format(p.createdAt()));
            pkg.put("links", Map.of());
            pkg.put("publisher", Map.of("username", publisher));
            pkg.put("maintainers", List.of(Map.of("username", publisher)));
            objects.add(Map.of("package", pkg, "score", Map.of("final", 1.0, "detail",
                    Map.of("quality", 1.0, "popularity", 1.0, "maintenance", 1.0)), "searchScore", 1.0));
        });
        req.ctx().json(Map.of("objects", objects, "total", latest.size(), "time", Packument.format(System.currentTimeMillis())));
    }

    private static int parseInt(String s, int fallback) {
        try {
            return s == null ? fallback : Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new DepotException.Invalid("not a number: " + s);
        }
    }

    // ---- dist-tags

    /** {@code <name>/dist-tags[/<tag>]} below {@code /-/package/}. */
    private record TagPath(NpmName name, String tag) {
        static TagPath parse(String raw) {
            String path = NpmName.unescape(raw);
            int at = path.lastIndexOf("/dist-tags");
            if (at < 0) throw new DepotException.NotFound("not found");
            String rest = path.substring(at + "/dist-tags".length());
            String tag = rest.isEmpty() ? null : rest.substring(1);
            if (tag != null && !TAG.matcher(tag).matches()) throw new DepotException.Invalid("invalid tag name: " + tag);
            return new TagPath(NpmName.parse(path.substring(0, at)), tag);
        }
    }

    private void listTags(FormatRequest req) {
        TagPath path = TagPath.parse(req.path("path"));
        ChangeStamp stamp = holder(req, path.name());
        PackageReads packages = req.services().reads();
        Map<Long, String> versions = new java.util.HashMap<>();
        visible(packages.versions(List.of(stamp.projectId()), TYPE, path.name().full()))
                .forEach(p -> versions.put(p.id(), p.version()));
        Map<String, String> tags = new LinkedHashMap<>();
        packages.tags(stamp.projectId(), TYPE, path.name().full()).forEach((tag, id) -> {
            if (versions.containsKey(id)) tags.put(tag, versions.get(id));
        });
        req.ctx().json(tags);
    }

    private void putTag(FormatRequest req) throws IOException {
        TagPath path = TagPath.parse(req.path("path"));
        if (path.tag() == null) throw new DepotException.Invalid("a tag name is required");
        Project project = writable(req, path.name(), Action.WRITE);
        byte[] body = Uploads.body(req.ctx()).readNBytes(4097);
        if (body.length > 4096) throw new DepotException.Invalid("the body must be a version string");
        String version = parseVersionBody(new String(body, StandardCharsets.UTF_8));
        if (Semver.isValid(path.tag())) throw new DepotException.Invalid("a tag name may not be a version: " + path.tag());
        Package pkg = req.services().reads().find(project.id(), TYPE, path.name().full(), version)
                .filter(PackageReads::isVisible)
                .orElseThrow(() -> new DepotException.NotFound("version " + version + " of " + path.name() + " not found"));
        // moving a tag changes what clients install: a protected name's rule for pushing applies
        req.services().packages().protection().requirePush(project, TYPE, pkg.name(), pkg.normalizedName(), req.principal());
        req.services().packages().setTag(pkg, path.tag());
        req.ctx().status(200).json(Map.of("ok", true));
    }

    private static final tools.jackson.databind.ObjectMapper TAG_BODY = depot.http.BoundedJson.mapper(16);

    private static String parseVersionBody(String body) {
        String text = body.trim();
        try {
            JsonNode node = TAG_BODY.readTree(text);
            if (node.isString()) text = node.asString();
        } catch (tools.jackson.core.JacksonException e) {
            // npm sends a JSON string; a bare version is accepted too
        }
        if (!Semver.isValid(text)) throw new DepotException.Invalid("not a valid version: " + text);
        return text;
    }

    private void deleteTag(FormatRequest req) {
        TagPath path = TagPath.parse(req.path("path"));
        if (path.tag() == null) throw new DepotException.Invalid("a tag name is required");
        if (path.tag().equals("latest")) throw new DepotException.Invalid("the latest tag cannot be removed");
        Project project = writable(req, path.name(), Action.DELETE);
        req.services().packages().protection().requirePush(project, TYPE, path.name().full(), path.name().full(),
                req.principal());
        if (!req.services().packages().deleteTag(project.id(), TYPE, path.name().full(), path.tag())) {
            throw new DepotException.NotFound("tag " + path.tag() + " not found");
        }
        req.ctx().status(200).json(Map.of("ok", true));
    }

    /** The project to change for a name: the mount's own, or (group, instance) the holder; checks the action. */
    private Project writable(FormatRequest req, NpmName name, Action action) {
        Project project = req.scope() == Scope.PROJECT ? req.project() : projectOf(req, holder(req, name));
        req.require(project, action);
        return project;
    }

    // ---- publishing, deprecating, unpublishing

    private void put(FormatRequest req) throws IOException {
        NpmPath path = NpmPath.parse(req.path("path"));
        if (path.tarball() != null) throw new DepotException.Invalid("tarballs are published inside the document");
        FormatContext s = req.services();
        long limit = s.limits().forType(TYPE);
        long declared = req.ctx().req().getContentLengthLong();
        if (declared > limit / 3 * 4 + DOCUMENT_OVERHEAD) throw new DepotException.TooLarge(limit);
        if (req.scope() == Scope.PROJECT) s.packages().claims().check(claim(path.name()), path.name().full(), req.project());
        PublishBody body = PublishBody.read(Uploads.body(req.ctx()), s.packages()::store, limit);
        if (body.name() != null && !NpmName.parse(body.name()).equals(path.name())) {
            throw new DepotException.Invalid("the document names " + body.name() + " but the URL names " + path.name());
        }
        if (path.rev() != null) {
            revise(req, path.name(), body);
        } else if (body.attachments().isEmpty()) {
            if (body.versions().isEmpty()) throw new DepotException.Invalid("the document has no _attachments");
            updateManifests(req, path.name(), body);
        } else {
            publish(req, path.name(), body);
        }
    }

    private void publish(FormatRequest req, NpmName name, PublishBody body) {
        FormatContext s = req.services();
        if (body.versions().size() != 1) throw new DepotException.Invalid("a publish must carry exactly one version");
        String version = body.versions().propertyNames().iterator().next();
        if (!Semver.isValid(version)) throw new DepotException.Invalid("version is not valid semver: " + version);
        JsonNode manifest = body.versions().get(version);
        if (!manifest.isObject()) throw new DepotException.Invalid("the version's manifest must be an object");
        if (manifest.has("version") && !manifest.get("version").asString("").equals(version)) {
            throw new DepotException.Invalid("the manifest's version differs from " + version);
        }
        if (body.attachments().size() != 1) throw new DepotException.Invalid("a publish must carry exactly one tarball");
        var entry = body.attachments().entrySet().iterator().next();
        String fileName = entry.getKey().substring(entry.getKey().lastIndexOf('/') + 1);
        if (!fileName.equals(name.tarball(version))) {
            throw new DepotException.Invalid("the attachment is " + entry.getKey() + ", expected " + name.full() + "-"
                    + version + ".tgz");
        }
        StoredBlob blob = entry.getValue().blob();
        if (entry.getValue().declaredLength() >= 0 && entry.getValue().declaredLength() != blob.size()) {
            throw new DepotException.Invalid("the attachment is " + blob.size() + " bytes, its length says "
                    + entry.getValue().declaredLength());
        }
        checkIntegrity(manifest.path("dist"), blob);
        // before the tarball is inflated: a version that exists costs no work (checked again under the lock)
        if (s.reads().find(req.project().id(), TYPE, name.full(), version).isPresent()) {
            throw new DepotException.Forbidden("You cannot publish over the previously published versions: " + version);
        }
        JsonNode packageJson;
        try (InputStream in = s.reads().content().open(blob.sha256(), 0, blob.size()).orElseThrow()) {
            packageJson = Tarball.packageJson(in);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        if (!packageJson.path("name").asString("").equals(name.full())
                || !packageJson.path("version").asString("").equals(version)) {
            throw new DepotException.Invalid("package.json in the tarball is " + packageJson.path("name").asString("?")
                    + "@" + packageJson.path("version").asString("?") + ", not " + name.full() + "@" + version);
        }
        List<String> tags = new ArrayList<>();
        body.distTags().properties().forEach(e -> {
            if (e.getValue().asString("").equals(version)) tags.add(e.getKey());
        });
        if (tags.isEmpty()) tags.add("latest");
        for (String tag : tags) {
            if (!TAG.matcher(tag).matches() || Semver.isValid(tag)) throw new DepotException.Invalid("invalid tag: " + tag);
        }
        ObjectNode stored = PublishBody.JSON.createObjectNode();
        ObjectNode kept = ((ObjectNode) manifest).deepCopy();
        kept.remove("dist");
        String readme = body.readme() != null ? body.readme() : kept.path("readme").asString(null);
        kept.remove("readme");
        stored.set("manifest", kept);
        if (readme != null) stored.put("readme", readme);
        stored.put("publisher", req.principal().name());
        s.packages().publish(Publication.of(req.project(), TYPE, name.full(), version)
                .metadata(PublishBody.JSON.writeValueAsString(stored)).file(new NewFile(fileName, blob, null))
                .by(req.principal()).tags(tags).immutableVersion().claiming(claim(name)).build());
        req.ctx().status(201).json(Map.of("ok", true, "id", name.full()));
    }

    /** {@code dist.integrity} (SRI, sha512 or sha1 entries) and {@code dist.shasum}, when sent, must match. */
    private static void checkIntegrity(JsonNode dist, StoredBlob blob) {
        String shasum = dist.path("shasum").asString("");
        if (!shasum.isEmpty() && !shasum.equalsIgnoreCase(blob.sha1())) {
            throw new DepotException.Invalid("the tarball's sha1 does not match dist.shasum");
        }
        String integrity = dist.path("integrity").asString("");
        for (String sri : integrity.trim().split("\\s+")) {
            int dash = sri.indexOf('-');
            if (dash < 0) continue;
            String algorithm = sri.substring(0, dash);
            String expected = switch (algorithm) {
                case "sha512" -> blob.sha512();
                case "sha1" -> blob.sha1();
                default -> null;
            };
            if (expected == null) continue;
            String digest = sri.substring(dash + 1).replaceAll("\\?.*$", "");
            byte[] sent;
            try {
                sent = Base64.getDecoder().decode(digest);
            } catch (IllegalArgumentException e) {
                throw new DepotException.Invalid("dist.integrity is not valid base64");
            }
            if (!HexFormat.of().formatHex(sent).equals(expected)) {
                throw new DepotException.Invalid("integrity mismatch: the tarball's " + algorithm
                        + " does not match dist.integrity");
            }
        }
    }

    /** A document without attachments: deprecations (and un-deprecations) of versions that exist. */
    private void updateManifests(FormatRequest req, NpmName name, PublishBody body) {
        PackageReads packages = req.services().reads();
        Map<String, Package> existing = new LinkedHashMap<>();
        visible(packages.versions(List.of(req.project().id()), TYPE, name.full()))
                .forEach(p -> existing.put(p.version(), p));
        body.versions().propertyNames().forEach(v -> {
            if (!existing.containsKey(v)) throw new DepotException.Invalid("version " + v + " has no _attachments");
        });
        applyDeprecations(req, body, existing);
        req.ctx().status(200).json(Map.of("ok", true, "id", name.full()));
    }

    private static void applyDeprecations(FormatRequest req, PublishBody body, Map<String, Package> existing) {
        body.versions().properties().forEach(e -> {
            Package p = existing.get(e.getKey());
            if (p == null || p.metadata() == null) return;
            ObjectNode meta = (ObjectNode) PublishBody.JSON.readTree(p.metadata());
            ObjectNode manifest = (ObjectNode) meta.get("manifest");
            String was = manifest.path("deprecated").asString("");
            String now = e.getValue().path("deprecated").asString("");
            if (was.equals(now)) return;
            // a deprecation is a push of the version's manifest: a protected name's rule applies
            req.services().packages().protection().requirePush(req.project(), TYPE, p.name(), p.normalizedName(),
                    req.principal());
            if (now.isEmpty()) manifest.remove("deprecated");
            else manifest.put("deprecated", now);
            req.services().packages().updateMetadata(p, PublishBody.JSON.writeValueAsString(meta));
        });
    }

    /**
     * {@code PUT /name/-rev/rev}, the first step of {@code npm unpublish name@version}: the packument comes back
     * without the version (deleted here) and with dist-tags moved (applied here).
     */
    private void revise(FormatRequest req, NpmName name, PublishBody body) {
        PackageReads packages = req.services().reads();
        Map<String, Package> existing = new LinkedHashMap<>();
        visible(packages.versions(List.of(req.project().id()), TYPE, name.full()))
                .forEach(p -> existing.put(p.version(), p));
        if (existing.isEmpty()) throw notFound(req, name);
        List<Package> removed = existing.values().stream()
                .filter(p -> !body.versions().has(p.version())).toList();
        if (!removed.isEmpty()) req.require(req.project(), Action.DELETE);
        for (Package p : removed) {
            req.services().packages().delete(p, req.principal());
            existing.remove(p.version());
        }
        applyDeprecations(req, body, existing);
        body.distTags().properties().forEach(e -> {
            Package target = existing.get(e.getValue().asString(""));
            if (target != null && TAG.matcher(e.getKey()).matches()) req.services().packages().setTag(target, e.getKey());
        });
        req.ctx().status(200).json(Map.of("ok", true, "id", name.full()));
    }

    /** {@code DELETE name/-rev/rev} removes every version; {@code DELETE name/-/file.tgz/-rev/rev} one version. */
    private void delete(FormatRequest req) {
        NpmPath path = NpmPath.parse(req.path("path"));
        PackageReads packages = req.services().reads();
        List<Package> versions = visible(packages.versions(List.of(req.project().id()), TYPE, path.name().full()));
        if (path.tarball() != null) {
            String version = path.tarballVersion();
            versions = versions.stream().filter(p -> p.version().equals(version)).toList();
        }
        if (versions.isEmpty()) throw notFound(req, path.name());
        for (Package p : versions) req.services().packages().delete(p, req.principal());
        req.ctx().status(200).json(Map.of("ok", true));
    }

    private static List<Package> visible(List<Package> packages) {
        return packages.stream().filter(PackageReads::isVisible).toList();
    }

    // ---- details

    @Override
    public PackageDetails details(Package pkg, List<PackageFile> files, FormatContext ctx) {
        NpmName name = NpmName.parse(pkg.name());
        JsonNode stored = pkg.metadata() == null ? PublishBody.JSON.createObjectNode()
                : PublishBody.JSON.readTree(pkg.metadata());
        JsonNode manifest = stored.path("manifest");
        List<PackageDetails.Row> rows = new ArrayList<>(List.of(new PackageDetails.Row("name", name.full()),
                new PackageDetails.Row("version", pkg.version())));
        List<String> tags = new ArrayList<>();
        ctx.reads().tags(pkg.projectId(), TYPE, pkg.normalizedName()).forEach((tag, id) -> {
            if (id == pkg.id()) tags.add(tag);
        });
        if (!tags.isEmpty()) rows.add(new PackageDetails.Row("dist-tags", String.join(", ", tags)));
        for (String field : List.of("description", "license", "homepage", "deprecated")) {
            if (manifest.path(field).isString()) rows.add(new PackageDetails.Row(field, manifest.get(field).asString()));
        }
        JsonNode deps = manifest.path("dependencies");
        if (deps.isObject() && !deps.isEmpty()) {
            List<String> list = new ArrayList<>();
            deps.properties().forEach(e -> list.add(e.getKey() + " " + e.getValue().asString("")));
            rows.add(new PackageDetails.Row("dependencies", String.join(", ", list)));
        }
        String registry = ctx.externalUrl() + "/api/v4/projects/" + pkg.projectId() + "/packages/npm/";
        String hostPath = registry.replaceFirst("^https?:", "");
        String npmrc = (name.scope() == null ? "registry=" : "@" + name.scope() + ":registry=") + registry + "\n"
                + hostPath + ":_authToken=${DEPOT_TOKEN}";
        String spec = name.full() + "@" + pkg.version();
        return new PackageDetails(rows, List.of(
                new PackageDetails.Snippet(".npmrc", "ini", npmrc),
                new PackageDetails.Snippet("npm", "shell", "npm install " + spec),
                new PackageDetails.Snippet("yarn", "shell", "yarn add " + spec),
                new PackageDetails.Snippet("pnpm", "shell", "pnpm add " + spec)), stored.path("readme").asString(null));
    }
}
