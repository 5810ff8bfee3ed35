package depot.format.pypi;

import depot.core.access.AccessService;
import depot.core.error.DepotException;
import depot.core.upstream.CacheEntry;
import depot.core.upstream.Upstream;
import depot.http.FormatRequest;
import depot.http.UpstreamCache;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * A group's simple pages and files from its upstream indexes (a pip {@code --index-url} each, such as
 * {@code https://host/simple}), for names no project of the group has: the first upstream that knows a name serves
 * its page, rewritten so that every file is fetched through Depot, and each file is kept once its SHA-256 matches the
 * one that page gave. A name any project of the group has is never read from an upstream (dependency confusion).
 */
final class PypiProxy {
    /** A project page may be large (thousands of files); it is read into memory to be rewritten. */
    static final long MAX_PAGE = 32L << 20;
    private static final ObjectMapper PAGE_JSON = depot.http.BoundedJson.mapper(2_000_000);
    private static final String ACCEPT = SimplePages.JSON_TYPE + ", " + SimplePages.HTML_TYPE + ";q=0.2, text/html;q=0.1";
    private static final Pattern ANCHOR = Pattern.compile("<a\\s([^>]{0,8192})>([^<]{0,1024})</a>", Pattern.CASE_INSENSITIVE);
    private static final Pattern ATTRIBUTE = Pattern.compile(
            "([a-zA-Z-]{1,64})\\s*=\\s*(?:\"([^\"]{0,8192})\"|'([^']{0,8192})')");

    /** A file an upstream's page lists: its name, the URL it is fetched from, its SHA-256 and what the page said. */
    record UpstreamFile(String fileName, URI source, String sha256, String requiresPython, String yanked, long size) {}

    /** An upstream's page for a name. */
    record Page(Upstream upstream, String name, List<UpstreamFile> files, boolean stale) {}

    private PypiProxy() {}

    /** Whether a project of the request's group (readable by the caller or not) has the name. */
    static boolean claimedLocally(FormatRequest req, String normalized) {
        List<Long> all = req.groupProjectIds();
        return !all.isEmpty() && !req.services().reads().stamps(all, PypiFormat.TYPE, normalized).isEmpty();
    }

    /**
     * The first of the scope's upstreams that has a page for the name; empty when there are none, none has it, or a
     * project of the group has the name.
     */
    static Optional<Page> page(FormatRequest req, String normalized) {
        UpstreamCache cache = req.services().upstreams();
        List<Upstream> ups = cache.of(req, PypiFormat.TYPE);
        if (ups.isEmpty() || claimedLocally(req, normalized)) return Optional.empty();
        return firstPage(cache, ups, normalized);
    }

    private static Optional<Page> firstPage(UpstreamCache cache, List<Upstream> ups, String normalized) {
        Optional<UpstreamCache.Found> found = cache.first(ups, normalized + "/", normalized + "/", ACCEPT, MAX_PAGE);
        if (found.isPresent()) {
            Upstream u = found.get().upstream();
            UpstreamCache.Document doc = found.get().document();
            CacheEntry e = doc.entry();
            byte[] body;
            try {
                body = cache.bytes(e, MAX_PAGE);
            } catch (IOException ex) {
                throw new DepotException.BadGateway("502 Bad Gateway: the cached page of " + normalized + " cannot be read");
            }
            URI pageUrl = URI.create(u.url() + "/" + normalized + "/");
            List<UpstreamFile> files = String.valueOf(e.contentType()).contains("json")
                    ? fromJson(body, pageUrl) : fromHtml(new String(body, StandardCharsets.UTF_8), pageUrl);
            return Optional.of(new Page(u, normalized, files, doc.stale()));
        }
        return Optional.empty();
    }

    /** Sends the page through Depot: every link points at the mount's {@code files/<sha256>/<name>}. */
    static byte[] render(FormatRequest req, Page page, String base, boolean json) {
        // sizes the upstream's page does not give (HTML pages give none) are known once a file is cached
        java.util.Map<String, Long> cachedSizes = new java.util.HashMap<>();
        req.services().upstreams().cachedUnder(page.upstream(), page.name() + "/")
                .forEach(e -> cachedSizes.put(e.fileName(), e.size()));
        List<SimplePages.FileLink> links = new ArrayList<>();
        Set<String> versions = new LinkedHashSet<>();
        for (UpstreamFile f : page.files()) {
            try {
                versions.add(Distribution.parse(f.fileName()).version());
            } catch (DepotException.Invalid e) {
                continue; // not a wheel or sdist name: nothing Depot could serve
            }
            links.add(new SimplePages.FileLink(f.fileName(), base + "/files/" + f.sha256() + "/" + f.fileName(),
                    f.sha256(), f.requiresPython(), null, f.yanked(),
                    f.size() > 0 ? f.size() : cachedSizes.getOrDefault(f.fileName(), 0L), 0));
        }
        return json ? SimplePages.projectJson(page.name(), List.copyOf(versions), links)
                : SimplePages.projectHtml(page.name(), links).getBytes(StandardCharsets.UTF_8);
    }

    /** Serves a file an upstream's page lists with this SHA-256, fetching it once. */
    static void file(FormatRequest req, String sha256, String fileName) throws IOException {
        UpstreamCache cache = req.services().upstreams();
        List<Upstream> ups = cache.of(req, PypiFormat.TYPE);
        if (ups.isEmpty()) throw AccessService.hidden(req.principal(), "404 Not Found");
        String normalized = Distribution.normalize(Distribution.parse(fileName).name());
        if (claimedLocally(req, normalized)) throw AccessService.hidden(req.principal(), "404 Not Found");
        String type = fileName.endsWith(".whl") || fileName.endsWith(".zip") ? "application/zip" : "application/x-gzip";
        Optional<CacheEntry> cached = cache.cachedFile(ups, sha256).filter(e -> e.fileName().equals(fileName));
        if (cached.isPresent()) {
            cache.send(req.ctx(), UpstreamCache.Fetched.hit(cached.get()), type, fileName);
            return;
        }
        Page page = firstPage(cache, ups, normalized)
                .orElseThrow(() -> AccessService.hidden(req.principal(), "404 Not Found"));
        UpstreamFile listed = page.files().stream()
                .filter(f -> f.sha256().equals(sha256) && f.fileName().equals(fileName)).findFirst()
                .orElseThrow(() -> AccessService.hidden(req.principal(), "404 Not Found"));
        UpstreamCache.Fetched e = cache.file(page.upstream(), normalized + "/" + fileName, listed.source(),
                UpstreamCache.Expected.sha256(sha256),
                req.services().limits().forType(PypiFormat.TYPE));
        cache.send(req.ctx(), e, type, fileName);
    }

    /**
     * The project and version of a cached file, {@code <normalized name>/<file>}: a wheel's second part, else an
     * sdist's text after its last hyphen.
     */
    static Optional<depot.http.PackageFormat.CachedPackage> cachedPackage(String relativePath) {
        int slash = relativePath.indexOf('/');
        if (slash <= 0) return Optional.empty();
        String name = relativePath.substring(0, slash);
        String file = relativePath.substring(slash + 1);
        String version = null;
        if (file.endsWith(".whl")) {
            String[] parts = file.split("-");
            if (parts.length >= 5) version = parts[1];
        } else {
            for (String ext : List.of(".tar.gz", ".zip", ".tar.bz2", ".tgz")) {
                if (file.endsWith(ext)) {
                    String stem = file.substring(0, file.length() - ext.length());
                    int dash = stem.lastIndexOf('-');
                    if (dash > 0 && dash < stem.length() - 1) version = stem.substring(dash + 1);
                }
            }
        }
        return version == null ? Optional.empty() : Optional.of(new depot.http.PackageFormat.CachedPackage(name, version));
    }

    // ---- reading an upstream's page

    static List<UpstreamFile> fromJson(byte[] body, URI pageUrl) {
        JsonNode root;
        try {
            root = PAGE_JSON.readTree(body);
        } catch (RuntimeException e) {
            throw new DepotException.BadGateway("502 Bad Gateway: the upstream's page is not valid JSON");
        }
        List<UpstreamFile> files = new ArrayList<>();
        for (JsonNode f : root.path("files")) {
            String sha256 = f.path("hashes").path("sha256").asString("").toLowerCase(java.util.Locale.ROOT);
            String name = f.path("filename").asString("");
            URI url = resolve(pageUrl, f.path("url").asString(""));
            if (url == null || !depot.core.blob.Digests.isSha256Hex(sha256) || !safeName(name)) continue;
            JsonNode yanked = f.path("yanked");
            String y = yanked.isString() ? yanked.asString() : yanked.asBoolean(false) ? "" : null;
            files.add(new UpstreamFile(name, url, sha256, f.path("requires-python").asString(null), y,
                    f.path("size").asLong(0)));
        }
        return files;
    }

    static List<UpstreamFile> fromHtml(String html, URI pageUrl) {
        List<UpstreamFile> files = new ArrayList<>();
        Matcher a = ANCHOR.matcher(html);
        while (a.find()) {
            String href = null;
            String requiresPython = null;
            String yanked = null;
            Matcher attr = ATTRIBUTE.matcher(a.group(1));
            while (attr.find()) {
                String value = unescape(attr.group(2) != null ? attr.group(2) : attr.group(3));
                switch (attr.group(1).toLowerCase(java.util.Locale.ROOT)) {
                    case "href" -> href = value;
                    case "data-requires-python" -> requiresPython = value;
                    case "data-yanked" -> yanked = value;
                    default -> { }
                }
            }
            if (href == null) continue;
            int hash = href.indexOf("#sha256=");
            if (hash < 0) continue;
            String sha256 = href.substring(hash + 8).toLowerCase(java.util.Locale.ROOT);
            URI url = resolve(pageUrl, href.substring(0, hash));
            String path = url == null ? "" : String.valueOf(url.getPath());
            String name = java.net.URLDecoder.decode(path.substring(path.lastIndexOf('/') + 1), StandardCharsets.UTF_8);
            if (url == null || !depot.core.blob.Digests.isSha256Hex(sha256) || !safeName(name)) continue;
            files.add(new UpstreamFile(name, url, sha256, requiresPython, yanked, 0));
        }
        return files;
    }

    private static boolean safeName(String name) {
        return !name.isEmpty() && name.length() <= 255 && !name.contains("/") && !name.contains("\\")
                && !name.contains("..");
    }

    private static URI resolve(URI base, String href) {
        try {
            URI u = base.resolve(href.trim());
            String scheme = String.valueOf(u.getScheme()).toLowerCase(java.util.Locale.ROOT);
            return scheme.equals("http") || scheme.equals("https") ? u : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String unescape(String s) {
        return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#x27;", "'")
                .replace("&#39;", "'").replace("&amp;", "&");
    }
}
