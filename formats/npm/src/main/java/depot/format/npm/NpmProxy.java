package depot.format.npm;

import static depot.format.npm.NpmFormat.TYPE;

import depot.core.blob.Checksum;
import depot.core.error.DepotException;
import depot.core.model.Namespace;
import depot.core.upstream.CacheEntry;
import depot.core.upstream.Upstream;
import depot.http.FormatContext;
import depot.http.FormatRequest;
import depot.http.Scope;
import depot.http.UpstreamCache;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Packuments and tarballs of a group's (or the instance's) npm upstreams, for names that are not Depot's own: the
 * first upstream that knows a name serves its packument, copied token by token with every {@code dist.tarball}
 * pointing at Depot; a tarball is fetched once and kept when its SHA-512 (the version's {@code integrity}, else its
 * SHA-1 {@code shasum}) matches. A name, or a scope, that Depot holds is never read from an upstream: see
 * {@link #claimedLocally}.
 */
final class NpmProxy {
    /** Packuments are copied as they stream, but rewritten ones are held once in memory: a bound per document. */
    static final long MAX_PACKUMENT = 48L << 20;
    private static final ObjectMapper JSON = depot.http.BoundedJson.mapper(20_000_000);

    private NpmProxy() {}

    /**
     * Whether Depot holds the name at the request's scope, so no upstream may answer for it (dependency confusion):
     * at a group, a project of the group has the name, or (for {@code @scope/name}) any package of that scope, or
     * the scope is the group's top-level path (GitLab's rule), or a root group of this Depot owns the scope; at the
     * instance, someone owns the name or its scope.
     */
    static boolean claimedLocally(FormatRequest req, NpmName name) {
        FormatContext s = req.services();
        if (req.scope() == Scope.INSTANCE) {
            return s.packages().claims().owner(NpmRequests.claim(name), name.full()).isPresent();
        }
        Namespace group = req.group();
        if (group == null) return true;
        if (name.scope() != null && name.scope().equalsIgnoreCase(group.fullPath().split("/")[0])) return true;
        // a scope a root group of this Depot owns is that group's at every endpoint, not the upstreams'
        if (name.scope() != null && s.packages().claims().owner(NpmRequests.claim(name), name.full()).isPresent()) {
            return true;
        }
        List<Long> all = req.groupProjectIds();
        if (all.isEmpty()) return false;
        if (!s.reads().stamps(all, TYPE, name.full()).isEmpty()) return true;
        return name.scope() != null && !s.reads().newestFirst(all, TYPE, "@" + name.scope() + "/", 1, 1).items().isEmpty();
    }

    /** An upstream's packument of the name: the first of the scope's upstreams that has it. */
    record Packument(Upstream upstream, CacheEntry entry, boolean stale) {}

    static Optional<Packument> packument(FormatRequest req, NpmName name, boolean abbreviated) {
        UpstreamCache cache = req.services().upstreams();
        // npm's own header, word for word: registries that serve abbreviated documents look for it
        String accept = abbreviated ? "application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8, */*"
                : "application/json";
        return cache.first(cache.of(req, TYPE), name.escaped(), name.escaped() + (abbreviated ? "?abbreviated" : ""),
                accept, MAX_PACKUMENT).map(f -> new Packument(f.upstream(), f.document().entry(), f.document().stale()));
    }

    /** The packument with each version's tarball at Depot ({@code base/<name>/-/<file>}), copied token by token. */
    static byte[] rewrite(FormatRequest req, Packument p, NpmName name, String base) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(p.entry().size() + 4096, MAX_PACKUMENT));
        try (InputStream in = open(req, p.entry()); JsonParser parser = JSON.createParser(in);
             JsonGenerator g = JSON.createGenerator(out)) {
            // the names of the objects and arrays the parser is in, innermost first (at a value's start the parser
            // names the property it is the value of)
            Deque<String> path = new ArrayDeque<>();
            for (JsonToken t = parser.nextToken(); t != null; t = parser.nextToken()) {
                if (t.isStructStart()) path.push(String.valueOf(parser.currentName()));
                if (t.isStructEnd()) path.poll();
                if (t == JsonToken.VALUE_STRING && path.size() == 4 && "dist".equals(path.peek())
                        && "tarball".equals(parser.currentName())) {
                    // versions.<version>.dist.tarball: Depot's own file name for the version, whatever the upstream's
                    String version = path.stream().skip(1).findFirst().orElse("");
                    g.writeString(base + "/" + name.full() + "/-/" + name.tarball(version));
                } else {
                    g.copyCurrentEvent(parser);
                }
            }
        } catch (JacksonException e) {
            throw new DepotException.BadGateway("502 Bad Gateway: upstream " + p.upstream().name()
                    + " sent a packument that is not valid JSON");
        }
        return out.toByteArray();
    }

    /** The package of a cached tarball, {@code <escaped name>/-/<bare>-<version>.tgz}. */
    static Optional<depot.http.PackageFormat.CachedPackage> cachedPackage(String relativePath) {
        int marker = relativePath.indexOf("/-/");
        if (marker < 0) return Optional.empty();
        try {
            NpmName name = NpmName.parse(relativePath.substring(0, marker));
            String file = relativePath.substring(marker + 3);
            String prefix = name.bare() + "-";
            if (!file.startsWith(prefix) || !file.endsWith(".tgz") || file.length() <= prefix.length() + 4) {
                return Optional.empty();
            }
            return Optional.of(new depot.http.PackageFormat.CachedPackage(name.full(),
                    file.substring(prefix.length(), file.length() - 4)));
        } catch (DepotException e) {
            return Optional.empty();
        }
    }

    /** Sends the tarball of a version an upstream's packument lists, fetched once. */
    static void tarball(FormatRequest req, NpmPath path) throws IOException {
        NpmName name = path.name();
        String version = path.tarballVersion();
        if (claimedLocally(req, name)) throw NpmRequests.notFound(req, name);
        Packument p = packument(req, name, true).orElseThrow(() -> NpmRequests.notFound(req, name));
        JsonNode dist = versionDist(req, p, name, version);
        String tarball = dist.path("tarball").asString("");
        URI source;
        try {
            source = URI.create(p.upstream().url() + "/").resolve(tarball);
        } catch (IllegalArgumentException e) {
            throw new DepotException.BadGateway("502 Bad Gateway: the upstream's tarball URL is not a URL");
        }
        UpstreamCache.Expected expected = expected(dist);
        UpstreamCache cache = req.services().upstreams();
        UpstreamCache.Fetched e = cache.file(p.upstream(), name.escaped() + "/-/" + path.tarball(), source, expected,
                req.services().limits().forType(TYPE));
        cache.send(req.ctx(), e, "application/octet-stream", null);
    }

    /** SHA-512 from {@code integrity} when it has one, else the SHA-1 {@code shasum}. */
    static UpstreamCache.Expected expected(JsonNode dist) {
        for (String part : dist.path("integrity").asString("").trim().split("\\s+")) {
            if (part.startsWith("sha512-")) {
                try {
                    return new UpstreamCache.Expected(Checksum.SHA512,
                            HexFormat.of().formatHex(Base64.getDecoder().decode(part.substring(7))));
                } catch (IllegalArgumentException e) {
                    break;
                }
            }
        }
        return new UpstreamCache.Expected(Checksum.SHA1, dist.path("shasum").asString("").toLowerCase(java.util.Locale.ROOT));
    }

    /** The {@code dist} of one version, read from the packument without building the rest of it. */
    private static JsonNode versionDist(FormatRequest req, Packument p, NpmName name, String version)
            throws IOException {
        try (InputStream in = open(req, p.entry()); JsonParser parser = JSON.createParser(in)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) throw NpmRequests.notFound(req, name);
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (!field.equals("versions") || value != JsonToken.START_OBJECT) {
                    parser.skipChildren();
                    continue;
                }
                while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                    String v = parser.currentName();
                    parser.nextToken();
                    if (v.equals(version)) return ((JsonNode) parser.readValueAsTree()).path("dist");
                    parser.skipChildren();
                }
            }
        } catch (JacksonException e) {
            throw new DepotException.BadGateway("502 Bad Gateway: the upstream's packument is not valid JSON");
        }
        throw NpmRequests.notFound(req, name);
    }

    private static InputStream open(FormatRequest req, CacheEntry e) throws IOException {
        return req.services().reads().content().open(e.sha256(), 0, e.size())
                .orElseThrow(() -> new DepotException.BadGateway("502 Bad Gateway: a cached packument is missing"));
    }
}
