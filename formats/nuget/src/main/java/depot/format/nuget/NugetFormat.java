package depot.format.nuget;

import depot.core.model.ChangeStamp;
import depot.core.access.AccessService;
import depot.core.access.Action;
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
import depot.http.StoredContent;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A NuGet feed in GitLab's layout: the v3 protocol (service index, registrations, flat container, search, push,
 * delete, symbol packages and a symbol server) at {@code /api/v4/projects/:id/packages/nuget/…}, read-only at
 * {@code /api/v4/groups/:id/-/packages/nuget/…}, and the v2 OData feed under {@code …/nuget/v2} for NuGet 2 clients.
 * Every push is read: the {@code .nuspec} inside the {@code .nupkg} names the id and version, and a version already
 * pushed is refused with 409 unless the group allows duplicates.
 */
public final class NugetFormat implements PackageFormat {
    public static final String TYPE = "nuget";
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}");
    private static final Pattern ODATA_KEY = Pattern.compile(
            "Packages\\(Id='([^']{1,100})',Version='([^']{1,128})'\\)");
    private static final Pattern FILTER_ID = Pattern.compile("(?:tolower\\()?Id\\)?\\s+eq\\s+'([^']{1,100})'");
    private static final int MAX_PDBS = 1000;
    private static final int MAX_TAKE = 1000;

    @Override
    public String type() { return TYPE; }

    /** GitLab's default limit for the format: 500 MiB. */
    @Override
    public long defaultMaxUploadBytes() { return 500L << 20; }

    @Override
    public boolean duplicatesAllowedByDefault() { return false; }

    /** NuGet sends its API key (any Depot token) in its own header on push and delete. */
    @Override
    public List<String> tokenHeaders() { return List.of("X-NuGet-ApiKey"); }

    static boolean validId(String id) {
        return id != null && ID.matcher(id).matches() && !id.contains("..");
    }

    @Override
    public void routes(FormatRoutes routes) {
        routes.project(HandlerType.GET, "/index.json", Action.READ, this::serviceIndex);
        routes.project(HandlerType.PUT, "", Action.WRITE, this::push);
        routes.project(HandlerType.PUT, "/", Action.WRITE, this::push);
        routes.project(HandlerType.PUT, "/symbolpackage", Action.WRITE, this::pushSymbols);
        routes.project(HandlerType.PUT, "/symbolpackage/", Action.WRITE, this::pushSymbols);
        routes.project(HandlerType.DELETE, "/{package}/{version}", Action.DELETE, this::delete);
        routes.project(HandlerType.PUT, "/v2", Action.WRITE, this::push);
        routes.project(HandlerType.PUT, "/v2/", Action.WRITE, this::push);
        for (Scoped scope : List.<Scoped>of(routes::project, routes::group)) {
            scope.add(HandlerType.GET, "/metadata/{package}/{document}", Action.READ, this::registration);
            scope.add(HandlerType.GET, "/query", Action.READ, this::search);
            scope.add(HandlerType.GET, "/download/{package}/index.json", Action.READ, this::versions);
            scope.add(HandlerType.GET, "/download/{package}/{version}/{file}", Action.READ, this::content);
            scope.add(HandlerType.GET, "/symbolfiles/{file}/{signature}/{same}", Action.READ, this::symbolFile);
            scope.add(HandlerType.GET, "/v2", Action.READ, this::v2Service);
            scope.add(HandlerType.GET, "/v2/", Action.READ, this::v2Service);
            scope.add(HandlerType.GET, "/v2/{odata}", Action.READ, this::v2);
        }
        routes.group(HandlerType.GET, "/index.json", Action.READ, this::serviceIndex);
    }

    private interface Scoped {
        void add(HandlerType method, String path, Action action, depot.http.FormatHandler handler);
    }

    // ---- v3 reading

    private void serviceIndex(FormatRequest req) {
        json(req, NugetDocs.serviceIndex(base(req), req.scope() == Scope.PROJECT));
    }

    private void registration(FormatRequest req) {
        String document = req.path("document");
        if (document.equals("index.json")) {
            index(req, "registration", versions -> NugetDocs.registrationIndex(base(req), versions));
            return;
        }
        List<NugetDocs.Entry> versions = entries(req, req.path("package"));
        if (!document.endsWith(".json")) throw new DepotException.NotFound("404 Not Found");
        String version = document.substring(0, document.length() - ".json".length());
        json(req, NugetDocs.registrationLeaf(base(req), find(req, versions, version)));
    }

    private void versions(FormatRequest req) {
        index(req, "versions", NugetDocs::versionList);
    }

    private final IndexResponses indexes = new IndexResponses(16 << 20);

    /** An index of one id's versions (registration index, flat-container list) through the index helper. */
    private void index(FormatRequest req, String document, java.util.function.Function<List<NugetDocs.Entry>, String> render) {
        String id = req.path("package");
        if (!validId(id)) throw new DepotException.Invalid("invalid package id: " + id);
        String lower = id.toLowerCase(Locale.ROOT);
        List<Long> ids = projectIds(req);
        List<ChangeStamp> stamps = req.services().reads().stamps(ids, TYPE, lower);
        if (stamps.isEmpty()) throw notFound(req);
        indexes.send(req.ctx(), document + "\u0000" + lower + "\u0000" + base(req) + "\u0000" + ids,
                IndexResponses.Stamp.of(stamps), "application/json; charset=utf-8", () -> {
                    List<NugetDocs.Entry> versions = entries(req, id);
                    if (versions.isEmpty()) throw notFound(req);
                    return render.apply(versions).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                });
    }

    private void content(FormatRequest req) throws IOException {
        String id = req.path("package");
        NugetDocs.Entry e = find(req, entries(req, id), req.path("version"));
        String file = req.path("file").toLowerCase(Locale.ROOT);
        if (file.equals(NugetDocs.fileName(e.lowerId(), e.version(), ".nupkg"))) {
            Downloads.send(req.ctx(), req.services().reads().content(), e.nupkg().sha256(), e.nupkg().size(),
                    "application/octet-stream", NugetDocs.fileName(e.lowerId(), e.version(), ".nupkg"));
        } else if (file.equals(e.lowerId() + ".nuspec")) {
            JsonNode meta = fileMeta(e.nupkg());
            // the nuspec is the uploader's XML: an attachment, never a document on Depot's origin
            req.ctx().header("Content-Disposition", StoredContent.attachment(e.lowerId() + ".nuspec"));
            req.ctx().contentType("application/xml; charset=utf-8")
                    .result(meta.path("nuspec").asString("").getBytes(StandardCharsets.UTF_8));
        } else {
            throw new DepotException.NotFound("404 Not Found");
        }
    }

    private void search(FormatRequest req) {
        String q = Optional.ofNullable(req.ctx().queryParam("q")).orElse("").trim().toLowerCase(Locale.ROOT);
        int skip = intParam(req, "skip", 0);
        int take = Math.min(intParam(req, "take", 20), MAX_TAKE);
        boolean prerelease = "true".equalsIgnoreCase(req.ctx().queryParam("prerelease"));
        boolean semVer2 = semVer2(req.ctx().queryParam("semVerLevel"));
        List<NugetDocs.Hit> hits = hits(req, q, prerelease, semVer2);
        List<NugetDocs.Hit> page = hits.subList(Math.min(skip, hits.size()), Math.min(hits.size(), skip + take));
        json(req, NugetDocs.search(base(req), hits.size(), page));
    }

    /** Ids whose id, title, description or tags contain the query, with the versions the filters let through. */
    private List<NugetDocs.Hit> hits(FormatRequest req, String q, boolean prerelease, boolean semVer2) {
        PackageReads packages = req.services().reads();
        List<NugetDocs.Hit> hits = new ArrayList<>();
        for (List<NugetDocs.Entry> all : byId(packages, packages.ofType(projectIds(req), TYPE)).values()) {
            List<NugetDocs.Entry> versions = all.stream()
                    .filter(e -> prerelease || !e.version().prerelease())
                    .filter(e -> semVer2 || !e.meta().path("semVer2").asBoolean(false)).toList();
            if (versions.isEmpty()) continue;
            NugetDocs.Entry latest = versions.get(versions.size() - 1);
            if (q.isEmpty() || matches(latest, q)) hits.add(new NugetDocs.Hit(versions));
        }
        return hits;
    }

    private static boolean matches(NugetDocs.Entry e, String q) {
        for (String term : q.split("\\s+")) {
            String t = term.startsWith("id:") || term.startsWith("packageid:") ? term.substring(term.indexOf(':') + 1) : term;
            boolean hit = e.lowerId().contains(t);
            for (String field : List.of("title", "description", "tags", "summary")) {
                String v = e.text(field);
                if (v != null && v.toLowerCase(Locale.ROOT).contains(t)) hit = true;
            }
            if (hit) return true;
        }
        return false;
    }

    private static boolean semVer2(String level) {
        if (level == null || level.isBlank()) return false;
        try {
            return Integer.parseInt(level.trim().split("\\.")[0]) >= 2;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static int intParam(FormatRequest req, String name, int fallback) {
        String v = req.ctx().queryParam(name);
        if (v == null || v.isBlank()) return fallback;
        try {
            int n = Integer.parseInt(v.trim());
            if (n < 0) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw new DepotException.Invalid(name + " must be a non-negative integer");
        }
    }

    // ---- symbol server

    private void symbolFile(FormatRequest req) throws IOException {
        String file = req.path("file");
        if (!file.equalsIgnoreCase(req.path("same"))) throw new DepotException.Invalid("the file names in the path differ");
        String header = req.ctx().header("Symbolchecksum");
        if (header == null || header.isBlank()) throw new DepotException.Invalid("the Symbolchecksum header is missing");
        List<String> checksums = new ArrayList<>();
        for (String part : header.split(",")) {
            String p = part.trim();
            if (p.regionMatches(true, 0, "SHA256:", 0, 7)) checksums.add(p.substring(7).trim().toLowerCase(Locale.ROOT));
        }
        if (checksums.isEmpty()) throw new DepotException.Invalid("the Symbolchecksum header names no SHA256 checksum");
        String signature = req.path("signature").toLowerCase(Locale.ROOT);
        PackageFile found = req.services().reads().filesNamed(projectIds(req), TYPE, file).stream()
                .filter(f -> {
                    JsonNode m = fileMeta(f);
                    return signature.equals(m.path("signature").asString(""))
                            && checksums.contains(m.path("checksum").asString(""));
                })
                .findFirst().orElseThrow(() -> notFound(req));
        Downloads.send(req.ctx(), req.services().reads().content(), found.sha256(), found.size(),
                "application/octet-stream", found.fileName());
    }

    // ---- v2 (OData)

    private void v2Service(FormatRequest req) {
        req.ctx().contentType("application/xml; charset=utf-8").result(NugetDocs.v2Service(base(req)));
    }

    private void v2(FormatRequest req) {
        String odata = req.path("odata");
        String base = base(req);
        if (odata.equals("$metadata")) {
            req.ctx().contentType("application/xml; charset=utf-8").result(NugetDocs.v2Metadata());
            return;
        }
        Matcher key = ODATA_KEY.matcher(odata);
        if (key.matches()) {
            List<NugetDocs.Entry> versions = entries(req, key.group(1));
            NugetDocs.Entry e = find(req, versions, key.group(2));
            req.ctx().contentType("application/atom+xml;type=entry;charset=utf-8").result(NugetDocs.v2Entry(base, e,
                    e == latest(versions, false), e == latest(versions, true)));
            return;
        }
        String function = odata.endsWith("()") ? odata.substring(0, odata.length() - 2) : odata;
        List<NugetDocs.Entry> out = new ArrayList<>();
        List<List<NugetDocs.Entry>> groups = new ArrayList<>();
        switch (function) {
            case "FindPackagesById" -> groups.add(entries(req, unquote(req.ctx().queryParam("id"))));
            case "Packages" -> {
                String filter = Optional.ofNullable(req.ctx().queryParam("$filter")).orElse("");
                Matcher m = FILTER_ID.matcher(filter);
                if (m.find()) groups.add(entries(req, m.group(1)));
                else for (NugetDocs.Hit hit : hits(req, "", true, true)) groups.add(hit.versions());
                if (filter.contains("IsLatestVersion") || filter.contains("IsAbsoluteLatestVersion")) {
                    boolean absolute = filter.contains("IsAbsoluteLatestVersion");
                    groups.replaceAll(g -> g.isEmpty() || latest(g, absolute) == null ? List.of() : List.of(latest(g, absolute)));
                }
            }
            case "Search" -> {
                String term = unquote(req.ctx().queryParam("searchTerm")).toLowerCase(Locale.ROOT);
                boolean pre = "true".equalsIgnoreCase(req.ctx().queryParam("includePrerelease"));
                for (NugetDocs.Hit hit : hits(req, term, pre, true)) groups.add(List.of(hit.latest()));
            }
            default -> throw new DepotException.NotFound("404 Not Found: the feed has no " + function);
        }
        // as the registry's v2 feed: SemVer 2.0.0 versions only for clients that say they read them
        if (!semVer2(req.ctx().queryParam("semVerLevel"))) {
            groups.replaceAll(g -> g.stream().filter(e -> !e.meta().path("semVer2").asBoolean(false)).toList());
        }
        for (List<NugetDocs.Entry> g : groups) out.addAll(g);
        int skip = intParam(req, "$skip", 0);
        int top = Math.min(intParam(req, "$top", MAX_TAKE), MAX_TAKE);
        List<NugetDocs.Entry> page = out.subList(Math.min(skip, out.size()), Math.min(out.size(), skip + top));
        req.ctx().contentType("application/atom+xml;type=feed;charset=utf-8").result(NugetDocs.v2Feed(base, function,
                page, latestOf(groups, false), latestOf(groups, true), req.services().clock().now()));
    }

    private static String unquote(String v) {
        String s = v == null ? "" : v.trim();
        if (s.length() >= 2 && s.startsWith("'") && s.endsWith("'")) s = s.substring(1, s.length() - 1);
        return s.replace("''", "'");
    }

    /** The newest version, or the newest release when {@code absolute} is false (NuGet 2's IsLatestVersion). */
    private static NugetDocs.Entry latest(List<NugetDocs.Entry> versions, boolean absolute) {
        for (int i = versions.size() - 1; i >= 0; i--) {
            if (absolute || !versions.get(i).version().prerelease()) return versions.get(i);
        }
        return null;
    }

    /** Identity set of the latest entries of each id (the feed marks them). */
    private static java.util.Set<NugetDocs.Entry> latestOf(List<List<NugetDocs.Entry>> groups, boolean absolute) {
        java.util.Set<NugetDocs.Entry> set = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (List<NugetDocs.Entry> g : groups) {
            NugetDocs.Entry e = latest(g, absolute);
            if (e != null) set.add(e);
        }
        return set;
    }

    // ---- stored versions

    /** All visible versions of an id in the request's projects, ascending; the newest push wins a tie. */
    private static List<NugetDocs.Entry> entries(FormatRequest req, String id) {
        if (!validId(id)) throw new DepotException.Invalid("invalid package id: " + id);
        PackageReads packages = req.services().reads();
        List<Package> found = packages.visibleVersions(projectIds(req), TYPE, id.toLowerCase(Locale.ROOT));
        return byId(packages, found).getOrDefault(id.toLowerCase(Locale.ROOT), List.of());
    }

    /** Packages (oldest first) as entries per lower-case id, ids sorted, versions ascending; two queries in all. */
    private static Map<String, List<NugetDocs.Entry>> byId(PackageReads packages, List<Package> found) {
        Map<Long, List<PackageFile>> files = packages.filesOf(found.stream().map(Package::id).toList());
        Map<String, Map<String, NugetDocs.Entry>> byId = new java.util.TreeMap<>();
        for (Package p : found) {
            NugetVersion v = NugetVersion.parse(p.version());
            PackageFile nupkg = files.getOrDefault(p.id(), List.of()).stream()
                    .filter(f -> f.fileName().endsWith(".nupkg")).reduce((a, b) -> b).orElse(null);
            if (nupkg == null) continue;
            JsonNode meta = p.metadata() == null ? NugetDocs.JSON.createObjectNode() : NugetDocs.JSON.readTree(p.metadata());
            byId.computeIfAbsent(p.normalizedName(), k -> new LinkedHashMap<>())
                    .put(v.lower(), new NugetDocs.Entry(p, v, meta, nupkg));
        }
        Map<String, List<NugetDocs.Entry>> out = new LinkedHashMap<>();
        byId.forEach((id, versions) -> {
            List<NugetDocs.Entry> list = new ArrayList<>(versions.values());
            list.sort(Comparator.comparing(NugetDocs.Entry::version));
            out.put(id, list);
        });
        return out;
    }

    private static NugetDocs.Entry find(FormatRequest req, List<NugetDocs.Entry> versions, String version) {
        if (!NugetVersion.isValid(version)) throw new DepotException.Invalid("invalid version: " + version);
        NugetVersion wanted = NugetVersion.parse(version);
        return versions.stream().filter(e -> e.version().lower().equals(wanted.lower())).findFirst()
                .orElseThrow(() -> notFound(req));
    }

    private static DepotException notFound(FormatRequest req) {
        return AccessService.hidden(req.principal(), "404 Not Found");
    }

    private static JsonNode fileMeta(PackageFile f) {
        return f.metadata() == null ? NugetDocs.JSON.createObjectNode() : NugetDocs.JSON.readTree(f.metadata());
    }

    private static List<Long> projectIds(FormatRequest req) {
        return req.readableProjects().stream().map(Project::id).toList();
    }

    /** The mount as the client addressed it (path or id), so that URLs handed back match its credentials. */
    private static String base(FormatRequest req) {
        return req.mountUrl();
    }

    private static void json(FormatRequest req, String body) {
        req.ctx().contentType("application/json; charset=utf-8").result(body);
    }

    // ---- pushing

    /** What a push read from its archive, and where its bytes are. */
    private record Upload(StoredBlob blob, Nuspec nuspec, byte[] rawNuspec, NugetVersion version) {}

    /** What a push does with the archive while it is open (a symbol push reads its PDBs). */
    private interface ArchiveWork {
        void accept(Upload up, Nupkg archive) throws IOException;
    }

    /** Stores the pushed file, reads and checks its nuspec, and runs {@code work} on the archive opened once. */
    private Upload receive(FormatRequest req, String extension, ArchiveWork work) throws IOException {
        FormatContext s = req.services();
        long limit = s.limits().forType(TYPE);
        if (req.ctx().req().getContentLengthLong() > limit + (1 << 20)) throw new DepotException.TooLarge(limit);
        String type = String.valueOf(req.ctx().contentType());
        if (!type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            throw new DepotException.Invalid("a push is a multipart/form-data request with the package as its file");
        }
        List<UploadedFile> files = req.ctx().uploadedFiles();
        if (files.size() != 1) throw new DepotException.Invalid("a push carries exactly one package file");
        UploadedFile file = files.get(0);
        StoredBlob blob;
        try (InputStream in = file.content()) {
            blob = s.packages().store(in, limit);
        }
        try (BlobFile opened = BlobFile.open(s.reads().content(), blob.sha256(), blob.size());
             Nupkg archive = Nupkg.open(opened.channel())) {
            byte[] raw = archive.nuspec();
            Nuspec nuspec = Nuspec.parse(raw);
            NugetVersion version = NugetVersion.parse(nuspec.version());
            String name = String.valueOf(file.filename()).toLowerCase(Locale.ROOT);
            // NuGet names the part "package.nupkg" whatever it pushes; a client that sends the real file name is checked
            if (!name.isBlank() && !name.equals("package.nupkg") && !name.equals("package" + extension)
                    && !name.equals("package")) {
                String id = nuspec.id().toLowerCase(Locale.ROOT);
                if (!name.equals(id + "." + nuspec.version().toLowerCase(Locale.ROOT) + extension)
                        && !name.equals(NugetDocs.fileName(id, version, extension))) {
                    throw new DepotException.Invalid("the file " + file.filename() + " does not match the package's "
                            + "nuspec: " + nuspec.id() + " " + nuspec.version());
                }
            }
            Upload up = new Upload(blob, nuspec, raw, version);
            work.accept(up, archive);
            return up;
        }
    }

    private void push(FormatRequest req) throws IOException {
        Upload up = receive(req, ".nupkg", (u, archive) -> { });
        if (up.nuspec().packageTypes().contains("SymbolsPackage")) {
            throw new DepotException.Invalid("this is a symbol package: push it to the symbol package endpoint");
        }
        String lowerId = up.nuspec().id().toLowerCase(Locale.ROOT);
        FormatContext s = req.services();
        ObjectNode fileMeta = NugetDocs.JSON.createObjectNode();
        fileMeta.put("nuspec", new String(up.rawNuspec(), StandardCharsets.UTF_8));
        s.packages().publish(Publication.of(req.project(), TYPE, up.nuspec().id(), up.version().normalized())
                .normalizedName(lowerId).metadata(NugetDocs.JSON.writeValueAsString(metadata(up.nuspec(), up.version())))
                .file(new NewFile(NugetDocs.fileName(lowerId, up.version(), ".nupkg"), up.blob(),
                        NugetDocs.JSON.writeValueAsString(fileMeta))).replacingSameName().by(req.principal()).build());
        req.ctx().status(201).contentType("application/json; charset=utf-8").result("{\"message\":\"201 Created\"}");
    }

    private static ObjectNode metadata(Nuspec n, NugetVersion v) {
        ObjectNode m = NugetDocs.JSON.createObjectNode();
        for (String field : List.of("title", "authors", "owners", "description", "summary", "releaseNotes", "tags",
                "projectUrl", "iconUrl", "icon", "licenseUrl", "copyright", "language", "readme")) {
            if (n.field(field) != null) m.put(field, n.field(field));
        }
        m.put("requireLicenseAcceptance", "true".equalsIgnoreCase(n.field("requireLicenseAcceptance")));
        if (n.license() != null && !n.license().isEmpty()) {
            m.put("license", n.license());
            m.put("licenseType", n.licenseType());
        }
        if (n.repositoryUrl() != null) m.put("repositoryUrl", n.repositoryUrl());
        m.put("fullVersion", v.full());
        m.put("semVer2", v.semVer2());
        ArrayNode groups = m.putArray("dependencyGroups");
        for (Nuspec.DependencyGroup g : n.groups()) {
            ObjectNode group = groups.addObject();
            if (g.targetFramework() != null) group.put("targetFramework", g.targetFramework());
            ArrayNode deps = group.putArray("dependencies");
            for (Nuspec.Dependency d : g.dependencies()) {
                ObjectNode dep = deps.addObject();
                dep.put("id", d.id());
                if (d.range() != null) dep.put("range", d.range());
            }
        }
        return m;
    }

    /** A {@code .snupkg}: stored next to its package, with every Portable PDB it holds indexed for the symbol server. */
    private void pushSymbols(FormatRequest req) throws IOException {
        FormatContext s = req.services();
        long limit = s.limits().forType(TYPE);
        List<NewFile> files = new ArrayList<>();
        Package[] target = new Package[1];
        receive(req, ".snupkg", (u, archive) -> {
            String lowerId = u.nuspec().id().toLowerCase(Locale.ROOT);
            Package pkg = s.reads().find(req.project().id(), TYPE, lowerId, u.version().normalized())
                    .filter(PackageReads::isVisible)
                    .orElseThrow(() -> new DepotException.Invalid("push " + u.nuspec().id() + " " + u.version()
                            + " before its symbol package"));
            String snupkgName = NugetDocs.fileName(lowerId, u.version(), ".snupkg");
            s.packages().requireNotDuplicate(req.project(), TYPE, lowerId, pkg.version(), snupkgName);
            target[0] = pkg;
            files.add(new NewFile(snupkgName, u.blob(), null));
            archive.eachPdb((path, content) -> {
                if (files.size() > MAX_PDBS) throw new DepotException.Invalid("the symbol package has too many .pdb files");
                String pdbName = PortablePdb.fileName(path);
                StoredBlob pdb = s.packages().store(content, limit);
                PortablePdb parsed;
                String checksum;
                try (InputStream head = s.reads().content().open(pdb.sha256(), 0, pdb.size()).orElseThrow()) {
                    parsed = PortablePdb.read(head);
                }
                try (InputStream all = s.reads().content().open(pdb.sha256(), 0, pdb.size()).orElseThrow()) {
                    checksum = parsed.checksum(all);
                }
                ObjectNode meta = NugetDocs.JSON.createObjectNode();
                meta.put("path", path);
                meta.put("signature", parsed.signature());
                meta.put("checksum", checksum);
                files.add(new NewFile(pdbName, pdb, NugetDocs.JSON.writeValueAsString(meta)));
            });
        });
        Package pkg = target[0];
        String lowerId = pkg.normalizedName();
        if (files.size() == 1) throw new DepotException.Invalid("the symbol package holds no .pdb file");
        s.packages().publish(Publication.of(req.project(), TYPE, pkg.name(), pkg.version()).normalizedName(lowerId)
                .files(files).replacingSameName().by(req.principal()).build());
        req.ctx().status(201).contentType("application/json; charset=utf-8").result("{\"message\":\"201 Created\"}");
    }

    private void delete(FormatRequest req) {
        String id = req.path("package");
        if (!validId(id)) throw new DepotException.Invalid("invalid package id: " + id);
        NugetDocs.Entry e = find(req, entries(req, id), req.path("version"));
        req.services().packages().delete(e.pkg(), req.principal());
        req.ctx().status(204);
    }

    // ---- details

    @Override
    public PackageDetails details(Package pkg, List<PackageFile> files, FormatContext ctx) {
        JsonNode meta = pkg.metadata() == null ? NugetDocs.JSON.createObjectNode() : NugetDocs.JSON.readTree(pkg.metadata());
        List<PackageDetails.Row> rows = new ArrayList<>(List.of(new PackageDetails.Row("id", pkg.name()),
                new PackageDetails.Row("version", meta.path("fullVersion").asString(pkg.version()))));
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("title", "title");
        labels.put("authors", "authors");
        labels.put("description", "description");
        labels.put("tags", "tags");
        labels.put("license", "license");
        labels.put("licenseUrl", "license URL");
        labels.put("projectUrl", "project URL");
        labels.put("iconUrl", "icon URL");
        labels.put("repositoryUrl", "repository");
        labels.forEach((key, label) -> {
            if (meta.path(key).isString()) rows.add(new PackageDetails.Row(label, meta.get(key).asString()));
        });
        for (JsonNode g : meta.path("dependencyGroups")) {
            List<String> deps = new ArrayList<>();
            for (JsonNode d : g.path("dependencies")) deps.add(d.path("id").asString() + " " + d.path("range").asString(""));
            rows.add(new PackageDetails.Row("dependencies (" + g.path("targetFramework").asString("any framework") + ")",
                    deps.isEmpty() ? "none" : String.join(", ", deps).trim()));
        }
        if (files.stream().anyMatch(f -> f.fileName().endsWith(".snupkg"))) rows.add(new PackageDetails.Row("symbols", "yes"));
        String source = ctx.externalUrl() + "/api/v4/projects/" + pkg.projectId() + "/packages/nuget/index.json";
        String version = meta.path("fullVersion").asString(pkg.version());
        return new PackageDetails(rows, List.of(
                new PackageDetails.Snippet("dotnet CLI", "shell", "dotnet nuget add source " + source
                        + " --name depot --username depot --password $DEPOT_TOKEN --store-password-in-clear-text\n"
                        + "dotnet add package " + pkg.name() + " --version " + version),
                new PackageDetails.Snippet("NuGet.Config", "xml", "<configuration>\n  <packageSources>\n"
                        + "    <add key=\"depot\" value=\"" + source + "\" protocolVersion=\"3\" />\n  </packageSources>\n"
                        + "  <packageSourceCredentials>\n    <depot>\n      <add key=\"Username\" value=\"depot\" />\n"
                        + "      <add key=\"ClearTextPassword\" value=\"%DEPOT_TOKEN%\" />\n    </depot>\n"
                        + "  </packageSourceCredentials>\n</configuration>"),
                new PackageDetails.Snippet("PackageReference", "xml",
                        "<PackageReference Include=\"" + pkg.name() + "\" Version=\"" + version + "\" />"),
                new PackageDetails.Snippet("nuget CLI", "shell", "nuget install " + pkg.name() + " -Version " + version
                        + " -Source depot\nnuget push " + pkg.normalizedName() + "." + pkg.version().toLowerCase(Locale.ROOT)
                        + ".nupkg -Source depot -ApiKey $DEPOT_TOKEN")),
                null);
    }
}
