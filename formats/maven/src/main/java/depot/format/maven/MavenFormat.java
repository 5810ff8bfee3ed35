package depot.format.maven;

import depot.core.access.AccessService;
import depot.core.access.Action;
import depot.core.blob.StoredBlob;
import depot.core.error.DepotException;
import depot.core.model.Package;
import depot.core.model.PackageFile;
import depot.core.model.Project;
import depot.core.packages.NewFile;
import depot.core.packages.NameClaims;
import depot.core.packages.PackageReads;
import depot.core.packages.Publication;
import depot.http.BlobFile;
import depot.http.Downloads;
import depot.http.ErrorStyle;
import depot.http.FormatContext;
import depot.http.FormatRequest;
import depot.http.FormatRoutes;
import depot.http.IndexResponses;
import depot.http.PackageDetails;
import depot.http.PackageFormat;
import depot.http.Scope;
import depot.http.Uploads;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Maven repository in GitLab's layout: {@code /api/v4/projects/:id/packages/maven/*path} (deploy and
 * resolve), and the group and instance endpoints (resolve across the projects the caller may read).
 * maven-metadata.xml and every checksum are rendered from the database; uploaded ones are checked or ignored.
 */
public final class MavenFormat implements PackageFormat {
    public static final String TYPE = "maven";
    private static final long SMALL_BODY = 1 << 20;
    private static final long MAX_POM = 4 << 20;
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final IndexResponses INDEXES = new IndexResponses(0);

    @Override
    public String type() { return TYPE; }

    @Override
    public String displayName() { return "Maven"; }

    @Override
    public java.util.Comparator<String> versionOrder() {
        return MavenMetadata.VERSION_ORDER;
    }

    /** GitLab's default limit for the format: 3 GiB. */
    @Override
    public long defaultMaxUploadBytes() { return 3L << 30; }

    @Override
    public ErrorStyle errorStyle() { return ErrorStyle.PLAIN; }

    /** Group and instance reads go through the upstreams for coordinates Depot does not hold. */
    @Override
    public boolean readsThroughUpstreams() { return true; }

    /** A cached file's package: {@code <group path>/<artifactId>} and the version folder holding it. */
    @Override
    public java.util.Optional<CachedPackage> cachedPackage(String relativePath) {
        String[] parts = relativePath.split("/");
        if (parts.length < 4) return java.util.Optional.empty();
        return java.util.Optional.of(new CachedPackage(String.join("/", java.util.Arrays.copyOf(parts, parts.length - 2)),
                parts[parts.length - 2]));
    }

    @Override
    public void routes(FormatRoutes routes) {
        routes.project(HandlerType.PUT, "/<path>", Action.WRITE, this::put);
        routes.project(HandlerType.GET, "/<path>", Action.READ, this::get);
        routes.project(HandlerType.HEAD, "/<path>", Action.READ, this::get);
        routes.group(HandlerType.GET, "/<path>", Action.READ, this::get);
        routes.group(HandlerType.HEAD, "/<path>", Action.READ, this::get);
        routes.instance(HandlerType.GET, "/<path>", Action.READ, this::get);
        routes.instance(HandlerType.HEAD, "/<path>", Action.READ, this::get);
    }

    private void put(FormatRequest req) throws Exception {
        MavenPath path = MavenPath.parse(req.path("path"));
        FormatContext s = req.services();
        if (path.metadata()) {
            // clients upload maven-metadata.xml; the database is the truth, so it is read and dropped
            drain(Uploads.body(req.ctx()), SMALL_BODY);
            req.ctx().status(200);
            return;
        }
        if (path.version() == null) throw new DepotException.Invalid("not a Maven repository path: " + req.path("path"));
        if (path.checksum() != null) {
            verifyChecksum(req, path);
            return;
        }
        s.packages().claims().check(claim(path), path.packageName(), req.project());
        if (!path.version().endsWith("-SNAPSHOT")) {
            s.packages().requireNotDuplicate(req.project(), TYPE, path.packageName(), path.version(), path.fileName());
        }
        StoredBlob blob = Uploads.store(req.ctx(), s.packages(), s.limits().forType(TYPE));
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("groupId", path.groupId());
        metadata.put("artifactId", path.artifactId());
        if (path.fileName().endsWith(".pom")) {
            // parsed from the stored blob; a bad POM is refused and its blob left for gc
            try (InputStream in = s.reads().content().open(blob.sha256(), 0, Math.min(blob.size(), MAX_POM)).orElseThrow()) {
                if (blob.size() > MAX_POM) throw new DepotException.Invalid("the POM is larger than " + MAX_POM + " bytes");
                metadata.putAll(PomInfo.read(in));
            }
        }
        Package stored = s.packages().publish(Publication.of(req.project(), TYPE, path.packageName(), path.version())
                .metadata(path.fileName().endsWith(".pom") ? JSON.writeValueAsString(metadata) : null)
                .file(new NewFile(path.fileName(), blob, null)).replacingSameName().by(req.principal())
                .claiming(claim(path)).build());
        if (path.fileName().endsWith(".pom") || path.fileName().endsWith(".jar")) describePlugin(s, stored, path);
        req.ctx().status(201);
    }

    /**
     * A {@code maven-plugin} package keeps its goal prefix in its metadata once its POM and jar are both stored
     * (clients upload them in either order): the jar's descriptor names it, else Maven's rule for the artifactId.
     * The groupId's maven-metadata.xml lists it for {@code mvn prefix:goal}.
     */
    private static void describePlugin(FormatContext s, Package pkg, MavenPath path) throws IOException {
        if (pkg.metadata() == null) return;
        JsonNode meta = JSON.readTree(pkg.metadata());
        if (!meta.isObject() || !"maven-plugin".equals(meta.path("packaging").asString(""))) return;
        Optional<PackageFile> jar = s.reads().files(pkg.id()).stream()
                .filter(f -> f.fileName().startsWith(path.artifactId() + "-") && f.fileName().endsWith(".jar")
                        && !f.fileName().matches(".*-(sources|javadoc|tests|test-sources)\\.jar"))
                .max(Comparator.comparingLong(PackageFile::id));
        if (jar.isEmpty()) return;
        String prefix;
        try (BlobFile file = BlobFile.open(s.reads().content(), jar.get().sha256(), jar.get().size())) {
            prefix = PluginDescriptor.goalPrefix(file.channel()).orElse(null);
        } catch (DepotException | IOException e) {
            prefix = null;   // not a readable jar: the package stays, with Maven's default prefix
        }
        if (prefix == null) prefix = PluginDescriptor.defaultPrefix(path.artifactId());
        if (prefix.equals(meta.path("goalPrefix").asString(null))) return;
        String goalPrefix = prefix;
        s.packages().changeMetadata(pkg, stored -> {
            if (stored == null) return null;
            JsonNode now = JSON.readTree(stored);
            if (!now.isObject() || goalPrefix.equals(now.path("goalPrefix").asString(null))) return stored;
            ((tools.jackson.databind.node.ObjectNode) now).put("goalPrefix", goalPrefix);
            return JSON.writeValueAsString(now);
        });
    }

    /** The plugins of the groupId at {@code groupPath}: the newest version of each that is a maven-plugin. */
    private static List<MavenMetadata.Plugin> plugins(List<Package> pluginPackages, String groupPath) {
        Map<String, Package> newest = new java.util.TreeMap<>();
        for (Package p : pluginPackages) {
            newest.merge(p.normalizedName(), p, (a, b) -> MavenMetadata.VERSION_ORDER.compare(a.version(), b.version()) >= 0 ? a : b);
        }
        List<MavenMetadata.Plugin> plugins = new java.util.ArrayList<>();
        for (Package p : newest.values()) {
            JsonNode m = JSON.readTree(p.metadata());
            if (!"maven-plugin".equals(m.path("packaging").asString(""))) continue;
            String artifactId = p.name().substring(groupPath.length() + 1);
            plugins.add(new MavenMetadata.Plugin(m.path("name").asString(artifactId),
                    m.path("goalPrefix").asString(PluginDescriptor.defaultPrefix(artifactId)), artifactId));
        }
        return plugins;
    }

    private void verifyChecksum(FormatRequest req, MavenPath path) throws IOException {
        String sent = new String(drain(Uploads.body(req.ctx()), 4096), StandardCharsets.US_ASCII).trim();
        String hex = sent.isEmpty() ? "" : sent.split("\\s+")[0].toLowerCase();
        PackageFile file = file(List.of(req.project()), req, path, path.target())
                .orElseThrow(() -> new DepotException.NotFound("no file " + path.target() + " to check"));
        if (!hex.equals(checksumOf(file, path.checksum()))) {
            throw new DepotException.Invalid("checksum mismatch for " + path.target());
        }
        req.ctx().status(200);
    }

    /** At the instance endpoint a groupId is the one root group's that first published it (no shadowing). */
    private static NameClaims.Claim claim(MavenPath path) {
        return NameClaims.Claim.of(TYPE, path.groupId());
    }

    private void get(FormatRequest req) throws Exception {
        MavenPath path = MavenPath.parse(req.path("path"));
        List<Project> projects = req.scope() == Scope.INSTANCE
                ? req.services().packages().claims().owned(claim(path), path.packageName(), req.readableProjects())
                : req.readableProjects();
        // an artifact's versions at a group or the instance: the readable projects' and the upstreams'
        if (path.metadata() && path.version() == null && MavenProxy.metadata(req, path, projects)) return;
        try {
            getLocal(req, path, projects);
        } catch (DepotException.NotFound | DepotException.Unauthenticated notHere) {
            // a version no readable project holds may come from the scope's upstreams
            if (!MavenProxy.file(req, path)) throw notHere;
        }
    }

    private void getLocal(FormatRequest req, MavenPath path, List<Project> projects) throws Exception {
        if (path.metadata()) {
            // the same URL is also the group-level document of the groupId at the artifact's path
            List<Project> groupProjects = req.scope() == Scope.INSTANCE
                    ? req.services().packages().claims().owned(NameClaims.Claim.of(TYPE, path.packageName().replace('/', '.')),
                            path.packageName(), req.readableProjects())
                    : req.readableProjects();
            Rendered doc = metadata(req, projects, groupProjects, path);
            byte[] body = doc.xml().getBytes(StandardCharsets.UTF_8);
            if (path.checksum() != null) body = digest(path.checksum(), body).getBytes(StandardCharsets.US_ASCII);
            // rendered from rows already read (cheap): the document's own digest is its stamp, nothing is cached
            byte[] rendered = body;
            INDEXES.send(req.ctx(), path.fileName(), new IndexResponses.Stamp(digest(".sha256", body), doc.updatedAt()),
                    path.checksum() != null ? "text/plain" : "application/xml", () -> rendered);
            return;
        }
        if (path.version() == null) throw notFound(req);
        PackageFile file = file(projects, req, path, path.target()).orElseThrow(() -> notFound(req));
        if (path.checksum() != null) {
            req.ctx().contentType("text/plain").result(checksumOf(file, path.checksum()));
            return;
        }
        Downloads.send(req.ctx(), req.services().reads(), file, contentType(file.fileName()), null);
    }

    /** A rendered metadata document and when what it describes last changed. */
    private record Rendered(String xml, long updatedAt) {}


    private Rendered metadata(FormatRequest req, List<Project> projects, List<Project> groupProjects, MavenPath path) {
        PackageReads packages = req.services().reads();
        List<Long> ids = projects.stream().map(Project::id).toList();
        List<Package> versions = packages.visibleVersions(ids, TYPE, path.packageName());
        if (path.version() == null) {
            // the plugins of the groupId at this path (Depot writes metadata as compact JSON)
            List<Package> pluginPackages = packages.childrenOf(groupProjects.stream().map(Project::id).toList(), TYPE,
                    path.packageName(), "\"packaging\":\"maven-plugin\"");
            List<MavenMetadata.Plugin> plugins = plugins(pluginPackages, path.packageName());
            if (versions.isEmpty() && plugins.isEmpty()) throw notFound(req);
            long updated = java.util.stream.Stream.concat(versions.stream(), pluginPackages.stream())
                    .mapToLong(Package::updatedAt).max().orElse(0);
            return new Rendered(MavenMetadata.artifact(path.groupId(), path.artifactId(),
                    versions.stream().map(Package::version).toList(), updated, plugins), updated);
        }
        if (versions.isEmpty()) throw notFound(req);
        Package pkg = versions.stream().filter(p -> p.version().equals(path.version()))
                .max(Comparator.comparingLong(Package::createdAt))
                .orElseThrow(() -> notFound(req));
        return new Rendered(MavenMetadata.snapshot(path.groupId(), path.artifactId(), path.version(),
                packages.files(pkg.id()).stream().map(PackageFile::fileName).toList(), pkg.updatedAt()),
                pkg.updatedAt());
    }

    /**
     * Not found — or, for a caller without credentials, a challenge: the artifact may sit in a project they could
     * read once signed in, and Maven clients (coursier, sbt, Gradle) send credentials only after a 401.
     */
    private static DepotException notFound(FormatRequest req) {
        return AccessService.hidden(req.principal(), "404 Not Found");
    }

    /** The newest file of that name in the newest package with these coordinates among the projects. */
    private static Optional<PackageFile> file(List<Project> projects, FormatRequest req, MavenPath path, String name) {
        PackageReads packages = req.services().reads();
        return packages.versions(projects.stream().map(Project::id).toList(), TYPE, path.packageName()).stream()
                .filter(p -> p.version().equals(path.version()) && PackageReads.isVisible(p))
                .sorted(Comparator.comparingLong(Package::createdAt).reversed())
                .flatMap(p -> packages.files(p.id()).stream().filter(f -> f.fileName().equals(name))
                        .max(Comparator.comparingLong(PackageFile::id)).stream())
                .findFirst();
    }

    private static String checksumOf(PackageFile f, String suffix) {
        return switch (suffix) {
            case ".md5" -> f.md5();
            case ".sha1" -> f.sha1();
            case ".sha256" -> f.sha256();
            default -> f.sha512();
        };
    }

    static String digest(String suffix, byte[] body) {
        String algorithm = switch (suffix) {
            case ".md5" -> "MD5";
            case ".sha1" -> "SHA-1";
            case ".sha256" -> "SHA-256";
            default -> "SHA-512";
        };
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(body));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] drain(InputStream in, long limit) throws IOException {
        byte[] data = in.readNBytes((int) limit + 1);
        if (data.length > limit) throw new DepotException.TooLarge(limit);
        return data;
    }

    static String contentType(String fileName) {
        if (fileName.endsWith(".pom") || fileName.endsWith(".xml")) return "application/xml";
        if (fileName.endsWith(".jar")) return "application/java-archive";
        if (fileName.endsWith(".module")) return "application/json";
        return "application/octet-stream";
    }

    @Override
    public PackageDetails details(Package pkg, List<PackageFile> files, FormatContext ctx) {
        int slash = pkg.name().lastIndexOf('/');
        String groupId = pkg.name().substring(0, slash).replace('/', '.');
        String artifactId = pkg.name().substring(slash + 1);
        String url = ctx.projectMount(pkg.projectId(), TYPE);
        List<PackageDetails.Row> rows = new java.util.ArrayList<>(List.of(new PackageDetails.Row("groupId", groupId),
                new PackageDetails.Row("artifactId", artifactId), new PackageDetails.Row("version", pkg.version())));
        List<PackageDetails.Dependency> dependencies = new java.util.ArrayList<>();
        if (pkg.metadata() != null) {
            tools.jackson.databind.JsonNode meta = JSON.readTree(pkg.metadata());
            meta.properties().forEach(e -> {
                if (e.getValue().isString() && !e.getKey().equals("groupId") && !e.getKey().equals("artifactId")) {
                    rows.add(new PackageDetails.Row(e.getKey(), e.getValue().asString()));
                }
            });
            meta.path("dependencies").forEach(d -> dependencies.add(new PackageDetails.Dependency(
                    d.path("name").asString(""), d.path("version").asString(""), d.path("scope").asString(""))));
        }
        String coordinates = groupId + ":" + artifactId + ":" + pkg.version();
        return new PackageDetails(rows, dependencies, List.of(
                new PackageDetails.Snippet("Maven dependency", "xml", "<dependency>\n  <groupId>" + groupId
                        + "</groupId>\n  <artifactId>" + artifactId + "</artifactId>\n  <version>" + pkg.version()
                        + "</version>\n</dependency>"),
                new PackageDetails.Snippet("Maven repository", "xml", "<repositories>\n  <repository>\n"
                        + "    <id>depot</id>\n    <url>" + url + "</url>\n  </repository>\n</repositories>"),
                new PackageDetails.Snippet("Maven settings.xml", "xml", "<settings><servers><server>\n  <id>depot</id>\n"
                        + "  <configuration><httpHeaders><property>\n    <name>Private-Token</name>\n"
                        + "    <value>${env.DEPOT_TOKEN}</value>\n  </property></httpHeaders></configuration>\n"
                        + "</server></servers></settings>"),
                new PackageDetails.Snippet("Gradle (Groovy)", "groovy", "implementation '" + coordinates + "'"),
                new PackageDetails.Snippet("Gradle (Kotlin)", "kotlin", "implementation(\"" + coordinates + "\")"),
                new PackageDetails.Snippet("sbt", "scala", "libraryDependencies += \"" + groupId + "\" % \"" + artifactId
                        + "\" % \"" + pkg.version() + "\"")));
    }
}
