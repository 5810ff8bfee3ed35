package depot.format.maven;

import static depot.format.maven.MavenFormat.TYPE;

import depot.core.blob.Checksum;
import depot.core.error.DepotException;
import depot.core.model.Package;
import depot.core.model.Project;
import depot.core.upstream.Upstream;
import depot.http.FormatRequest;
import depot.http.Scope;
import depot.http.UpstreamCache;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * A group's (or the instance's) Maven reads through its upstream repositories, in order. An artifact's
 * {@code maven-metadata.xml} lists the versions of the group's projects the caller may read and the upstream's
 * together; a file of a version no project of the group has is fetched from the first upstream that has its
 * {@code .sha1}, and kept once its bytes match it. A version a project of the group has (readable by the caller or
 * not) is never read from an upstream; at the instance, neither is any groupId a root group owns.
 */
final class MavenProxy {
    private static final long MAX_DOCUMENT = 16L << 20;
    private static final int MAX_VERSIONS = 100_000;
    private static final Pattern SHA1 = Pattern.compile("^\\s*([0-9a-fA-F]{40})(\\s|$)");

    private MavenProxy() {}

    /** The upstreams of the request's scope, or none (project scope, or a groupId the instance's owner holds). */
    static List<Upstream> upstreams(FormatRequest req, MavenPath path) {
        List<Upstream> ups = req.services().upstreams().of(req, TYPE);
        if (ups.isEmpty()) return ups;
        if (req.scope() == Scope.INSTANCE && req.services().packages().claims()
                .owner(depot.core.packages.NameClaims.Claim.of(TYPE, path.groupId()), path.packageName()).isPresent()) {
            return List.of();
        }
        return ups;
    }

    /**
     * An artifact-level {@code maven-metadata.xml} (or its checksum) with the upstream's versions merged in; false
     * when no upstream has the document (the local one, or a not-found, stands).
     */
    static boolean metadata(FormatRequest req, MavenPath path, List<Project> readable) throws IOException {
        List<Upstream> ups = upstreams(req, path);
        if (ups.isEmpty()) return false;
        UpstreamCache cache = req.services().upstreams();
        String document = path.packageName() + "/" + MavenPath.METADATA;
        List<Package> local = req.services().reads().visibleVersions(readable.stream().map(Project::id).toList(), TYPE,
                path.packageName());
        Optional<UpstreamCache.Found> found;
        try {
            found = cache.first(ups, document, document, null, MAX_DOCUMENT);
        } catch (DepotException.BadGateway e) {
            // every upstream failed and none has a copy: the group's own versions, when it has some, and a header
            // that says the upstreams' are missing
            if (local.isEmpty()) throw e;
            req.ctx().header(UpstreamCache.HEADER, "unavailable");
            return false;
        }
        if (found.isEmpty()) return false;
        byte[] upstream = cache.bytes(found.get().document().entry(), MAX_DOCUMENT);
        byte[] body = upstream;
        if (!local.isEmpty()) {
            Set<String> versions = new LinkedHashSet<>(versions(upstream));
            local.forEach(p -> versions.add(p.version()));
            // the upstream's own lastUpdated, not when it was last asked: a re-check must not change the bytes
            long updated = Math.max(lastUpdated(upstream), local.stream().mapToLong(Package::updatedAt).max().orElse(0));
            body = MavenMetadata.artifact(path.groupId(), path.artifactId(), new ArrayList<>(versions), updated)
                    .getBytes(StandardCharsets.UTF_8);
        }
        boolean stale = found.get().document().stale();
        if (path.checksum() != null) {
            cache.sendDocument(req.ctx(), MavenFormat.digest(path.checksum(), body).getBytes(StandardCharsets.US_ASCII),
                    "text/plain", stale);
        } else {
            cache.sendDocument(req.ctx(), body, "application/xml", stale);
        }
        return true;
    }

    /** A file (or a version-level document) from the upstreams; false when none may or none has it. */
    static boolean file(FormatRequest req, MavenPath path) throws IOException {
        List<Upstream> ups = upstreams(req, path);
        if (ups.isEmpty() || path.version() == null || versionHeldLocally(req, path)) return false;
        UpstreamCache cache = req.services().upstreams();
        String relative = path.packageName() + "/" + path.version() + "/" + path.fileName();
        if (path.metadata() || path.checksum() != null) {
            Optional<UpstreamCache.Found> doc = cache.first(ups, relative, relative, null, MAX_DOCUMENT);
            if (doc.isEmpty()) return sha256OfCachedFile(req, ups, path, relative);
            cache.sendDocument(req.ctx(), cache.bytes(doc.get().document().entry(), MAX_DOCUMENT),
                    path.checksum() != null ? "text/plain" : "application/xml", doc.get().document().stale());
            return true;
        }
        Optional<UpstreamCache.Found> sha1 = cache.first(ups, relative + ".sha1", relative + ".sha1", null, 4096);
        if (sha1.isEmpty()) return false;
        Upstream u = sha1.get().upstream();
        Matcher m = SHA1.matcher(new String(cache.bytes(sha1.get().document().entry(), 4096), StandardCharsets.US_ASCII));
        UpstreamCache.Expected expected = new UpstreamCache.Expected(Checksum.SHA1,
                m.find() ? m.group(1).toLowerCase(Locale.ROOT) : "");
        UpstreamCache.Fetched e = cache.file(u, relative, URI.create(u.url() + "/" + relative), expected,
                req.services().limits().forType(TYPE));
        cache.send(req.ctx(), e, MavenFormat.contentType(path.fileName()), null);
        return true;
    }

    /** Whether a project of the request's group (readable by the caller or not) has this version of the artifact. */
    private static boolean versionHeldLocally(FormatRequest req, MavenPath path) {
        List<Long> all = req.groupProjectIds();
        return !all.isEmpty() && req.services().reads().versions(all, TYPE, path.packageName()).stream()
                .anyMatch(p -> p.version().equals(path.version()));
    }

    private static final Pattern LAST_UPDATED = Pattern.compile("<lastUpdated>\\s*(\\d{14})\\s*</lastUpdated>");

    /** An upstream document's {@code <lastUpdated>} in epoch milliseconds, or 0. */
    static long lastUpdated(byte[] xml) {
        Matcher m = LAST_UPDATED.matcher(new String(xml, 0, Math.min(xml.length, 1 << 20), StandardCharsets.UTF_8));
        if (!m.find()) return 0;
        try {
            return java.time.LocalDateTime.parse(m.group(1), java.time.format.DateTimeFormatter.ofPattern("yyyyMMddHHmmss"))
                    .toInstant(java.time.ZoneOffset.UTC).toEpochMilli();
        } catch (java.time.DateTimeException e) {
            return 0;
        }
    }

    /** A cached file's {@code .sha256} when its upstream has no such file: Depot knows the digest. */
    private static boolean sha256OfCachedFile(FormatRequest req, List<Upstream> ups, MavenPath path, String relative) {
        if (!".sha256".equals(path.checksum())) return false;
        String target = relative.substring(0, relative.length() - ".sha256".length());
        for (Upstream u : ups) {
            var entry = req.services().upstreams().cachedEntry(u, target);
            if (entry.isPresent()) {
                req.ctx().contentType("text/plain").result(entry.get().sha256());
                return true;
            }
        }
        return false;
    }

    /** The {@code <version>}s of an upstream's artifact-level document, in its order. */
    static List<String> versions(byte[] xml) {
        List<String> out = new ArrayList<>();
        try {
            XMLStreamReader r = PluginDescriptor.XML.createXMLStreamReader(new ByteArrayInputStream(xml));
            List<String> stack = new ArrayList<>();
            while (r.hasNext()) {
                int event = r.next();
                if (event == XMLStreamReader.START_ELEMENT) {
                    stack.add(r.getLocalName());
                    if (stack.size() > 16) throw new DepotException.BadGateway("502 Bad Gateway: the upstream's metadata nests too deep");
                    if (stack.equals(List.of("metadata", "versioning", "versions", "version"))) {
                        String v = r.getElementText().trim();
                        stack.remove(stack.size() - 1);
                        if (!v.isEmpty() && v.length() <= 255) out.add(v);
                        if (out.size() > MAX_VERSIONS) break;
                    }
                } else if (event == XMLStreamReader.END_ELEMENT) {
                    stack.remove(stack.size() - 1);
                }
            }
        } catch (XMLStreamException e) {
            throw new DepotException.BadGateway("502 Bad Gateway: the upstream's maven-metadata.xml is not valid XML");
        }
        return out;
    }
}
