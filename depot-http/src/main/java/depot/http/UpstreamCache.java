package depot.http;

import depot.core.blob.Checksum;
import depot.core.blob.StoredBlob;
import depot.core.db.Clock;
import depot.core.error.DepotException;
import depot.core.packages.PackageReads;
import depot.core.packages.PackageService;
import depot.core.upstream.CacheEntry;
import depot.core.upstream.Upstream;
import depot.core.upstream.Upstreams;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * Reading through upstream registries, for a format that opts in ({@link PackageFormat#readsThroughUpstreams()}): the upstreams a
 * request's scope goes through, their metadata documents (cached for the upstream's validity, re-checked with the
 * upstream's ETag, served stale when the upstream fails) and their files (fetched once per node however many ask at
 * once, checked against the digest the upstream's index gave before anything is kept, then kept until deleted).
 * Credentials go only to the upstream's own host and port, and an upstream that fails is passed over for a while
 * ({@link UpstreamClient}). Thread-safe.
 */
public final class UpstreamCache {
    /** Response header naming how a read through an upstream was served: {@code stale} when the upstream failed. */
    public static final String HEADER = "X-Depot-Upstream-Cache";
    private final Upstreams upstreams;
    private final PackageService packages;
    private final PackageReads reads;
    private final Clock clock;
    private final ConcurrentHashMap<String, CompletableFuture<Fetched>> inFlight = new ConcurrentHashMap<>();

    private final UpstreamClient client;

    public UpstreamCache(Upstreams upstreams, PackageService packages, PackageReads reads, Clock clock,
                         boolean localNetworkAllowed) {
        this.client = new UpstreamClient(clock, localNetworkAllowed);
        this.upstreams = upstreams;
        this.packages = packages;
        this.reads = reads;
        this.clock = clock;
    }

    /**
     * A metadata document from the cache or the upstream; {@code stale} when the upstream failed and the cache served.
     * The entry's id is 0 when it was just fetched (its bytes and fields are all a reader needs).
     */
    public record Document(CacheEntry entry, boolean stale) {}

    /**
     * The upstreams a read at the request's scope goes through for {@code type}: none at project scope, and none for
     * an anonymous caller (Depot is no open proxy to an upstream, whose credentials may be an administrator's).
     */
    public List<Upstream> of(FormatRequest req, String type) {
        if (req.principal() == depot.core.access.Principal.ANONYMOUS) return List.of();
        return switch (req.scope()) {
            case GROUP -> upstreams.effective(req.group(), type);
            case INSTANCE -> upstreams.effective(null, type);
            default -> List.of();
        };
    }

    /**
     * The document at {@code relativePath} of {@code u}: the cached copy while it is fresh, else the upstream's
     * (a 304 to the cached ETag renews the copy). Empty when the upstream has none (404, 410). When the upstream
     * cannot be reached or fails, the cached copy marked stale, or 502 when nothing is cached.
     */
    public Optional<Document> document(Upstream u, String relativePath, String accept, long maxBytes) {
        return document(u, relativePath, relativePath, accept, maxBytes);
    }

    /**
     * {@link #document(Upstream, String, String, long)} kept under {@code cacheKey}: one path may have several
     * documents (an npm packument, full and abbreviated, asked for with different {@code Accept} headers).
     */
    public Optional<Document> document(Upstream u, String relativePath, String cacheKey, String accept, long maxBytes) {
        return document(u, relativePath, cacheKey, accept, maxBytes, false);
    }

    /** {@code another}: a next upstream could answer instead, so a slow one is passed over. */
    private Optional<Document> document(Upstream u, String relativePath, String cacheKey, String accept, long maxBytes,
                                        boolean another) {
        Optional<CacheEntry> cached = upstreams.rows().entry(u.id(), cacheKey);
        long now = clock.now();
        // a cache entry's bytes are there as long as the entry is: gc keeps every blob the entries name
        if (cached.isPresent() && now - cached.get().upstreamCheckedAt() < u.metadataValidityMillis()) {
            return Optional.of(new Document(cached.get(), false));
        }
        try {
            client.requireUp(u, now, another || cached.isPresent());
            URI uri = URI.create(u.url() + "/" + relativePath);
            String etag = cached.map(CacheEntry::upstreamEtag).orElse(null);
            HttpResponse<InputStream> r = client.get(u, uri, accept, etag);
            try (InputStream body = r.body()) {
                int status = r.statusCode();
                if (status == 304 && cached.isPresent()) {
                    upstreams.rows().checked(cached.get().id(), now);
                    return Optional.of(new Document(cached.get(), false));
                }
                if (status == 404 || status == 410) return Optional.empty();
                if (status != 200) throw new IOException("the upstream answered " + status + " for " + relativePath);
                StoredBlob blob = packages.store(body, maxBytes);
                packages.record(blob);
                CacheEntry entry = new CacheEntry(0, u.id(), cacheKey, CacheEntry.METADATA, blob.sha256(),
                        blob.size(), r.headers().firstValue("Content-Type").orElse(null),
                        r.headers().firstValue("ETag").orElse(null), now, now, 0);
                upstreams.rows().put(entry);
                return Optional.of(new Document(entry, false));
            }
        } catch (IOException | IllegalArgumentException | DepotException.TooLarge e) {
            client.failed(u, relativePath, e);
            if (cached.isPresent()) return Optional.of(new Document(cached.get(), true));
            throw new DepotException.BadGateway("502 Bad Gateway: upstream " + u.name() + " failed ("
                    + UpstreamClient.reason(e) + ") and nothing is cached");
        }
    }

    /** A document and the upstream it came from. */
    public record Found(Upstream upstream, Document document) {}

    /**
     * The first of {@code ups} that has the document: an upstream that fails is passed over for the next; when none
     * has it and one failed, that failure (502), else empty.
     */
    public Optional<Found> first(List<Upstream> ups, String relativePath, String cacheKey, String accept, long maxBytes) {
        List<String> failures = new java.util.ArrayList<>();
        for (Upstream u : ups) {
            try {
                Optional<Document> d = document(u, relativePath, cacheKey, accept, maxBytes, u != ups.get(ups.size() - 1));
                if (d.isPresent()) return Optional.of(new Found(u, d.get()));
            } catch (DepotException.BadGateway e) {
                failures.add(e.getMessage().replace("502 Bad Gateway: ", ""));
            }
        }
        if (failures.size() == 1) throw new DepotException.BadGateway("502 Bad Gateway: " + failures.get(0));
        if (!failures.isEmpty()) {
            throw new DepotException.BadGateway("502 Bad Gateway: no upstream could answer: " + String.join("; ", failures));
        }
        return Optional.empty();
    }

    /** A document's bytes, up to {@code maxBytes}. */
    public byte[] bytes(CacheEntry e, long maxBytes) throws IOException {
        if (e.size() > maxBytes) throw new DepotException.BadGateway("502 Bad Gateway: the upstream's document is too large");
        try (InputStream in = reads.content().open(e.sha256(), 0, e.size())
                .orElseThrow(() -> new IOException("a cached document's bytes are missing"))) {
            return in.readNBytes((int) e.size());
        }
    }

    /** What the cache holds at {@code relativePath} of {@code u}. */
    public Optional<CacheEntry> cachedEntry(Upstream u, String relativePath) {
        return upstreams.rows().entry(u.id(), relativePath);
    }

    /** The files cached from {@code u} under {@code prefix} (a folder of its paths, ending in {@code /}). */
    public List<CacheEntry> cachedUnder(Upstream u, String prefix) {
        return upstreams.rows().filesUnder(u.id(), prefix);
    }

    /** A file any of {@code ups} holds in the cache with these bytes. */
    public Optional<CacheEntry> cachedFile(List<Upstream> ups, String sha256) {
        return upstreams.rows().fileBySha256(ups.stream().map(Upstream::id).toList(), sha256);
    }

    /**
     * The digest an upstream's index gives for a file, in lower-case hex: {@code kind} null is SHA-256, else one of
     * the others ({@link Checksum#SHA512} for npm's integrity, {@link Checksum#SHA1} for Maven's .sha1 files).
     */
    public record Expected(Checksum kind, String hex) {
        public static Expected sha256(String hex) { return new Expected(null, hex.toLowerCase(Locale.ROOT)); }

        String name() { return kind == null ? "SHA-256" : kind == Checksum.SHA1 ? "SHA-1" : kind.name().replace("SHA", "SHA-"); }

        String of(StoredBlob b) {
            return kind == null ? b.sha256() : switch (kind) {
                case MD5 -> b.md5();
                case SHA1 -> b.sha1();
                case SHA512 -> b.sha512();
            };
        }

        boolean valid() {
            int length = kind == null ? 64 : switch (kind) {
                case MD5 -> 32;
                case SHA1 -> 40;
                case SHA512 -> 128;
            };
            return hex != null && hex.length() == length && hex.chars().allMatch(c -> Character.digit(c, 16) >= 0);
        }
    }

    /**
     * A cached file to send, and how it was served ({@link #HEADER}): {@code hit} from the cache, {@code miss} just
     * fetched, {@code stale} due for a check that its upstream failed.
     */
    public record Fetched(CacheEntry entry, String state) {
        public static Fetched hit(CacheEntry entry) { return new Fetched(entry, "hit"); }
    }

    /**
     * The file {@code source} (the URL the upstream's index gave), kept at {@code relativePath} of {@code u}: fetched
     * once (concurrent callers wait for the same fetch), and kept only when its digest is the one {@code expected}.
     * A kept file is checked with the upstream again once its {@link Upstream#fileStale validity} has passed (a
     * conditional GET); when the upstream then fails, the kept file is served, marked stale.
     */
    public Fetched file(Upstream u, String relativePath, URI source, Expected expected, long maxBytes) {
        Optional<CacheEntry> cached = upstreams.rows().entry(u.id(), relativePath);
        // a PyPI file name whose bytes changed upstream (its page gives another digest) is fetched again
        Optional<CacheEntry> usable = cached.filter(c -> expected.kind() != null || c.sha256().equals(expected.hex()));
        if (usable.isPresent() && !u.fileStale(usable.get().upstreamCheckedAt(), clock.now())) {
            return Fetched.hit(usable.get());
        }
        String key = u.id() + "\u0000" + relativePath;
        CompletableFuture<Fetched> mine = new CompletableFuture<>();
        CompletableFuture<Fetched> running = inFlight.putIfAbsent(key, mine);
        if (running != null) return await(running);
        try {
            Fetched fetched;
            try {
                CacheEntry entry = fetchFile(u, relativePath, source, expected, maxBytes, usable.orElse(null));
                fetched = new Fetched(entry, usable.isPresent() ? "hit" : "miss");
            } catch (Mismatch | DepotException.BadGateway e) {
                // a copy checked when it was kept outlives an upstream that now fails, or now sends other bytes (that
                // one file: the upstream is not passed over for it)
                if (usable.isEmpty()) throw e instanceof Mismatch ? new DepotException.BadGateway(e.getMessage())
                        : (DepotException.BadGateway) e;
                client.warn(u, relativePath, e);
                fetched = new Fetched(usable.get(), "stale");
            }
            mine.complete(fetched);
            return fetched;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(key, mine);
        }
    }

    /** The upstream's bytes are not those its index gives: never answered with a stale copy instead. */
    private static final class Mismatch extends RuntimeException {
        Mismatch(String message) { super(message, null, false, false); }
    }

    /**
     * Fetches a file into the cache; with {@code kept} (a copy due for a check), asks with its ETag, and a 304 only
     * renews it.
     */
    private CacheEntry fetchFile(Upstream u, String relativePath, URI source, Expected expected, long maxBytes,
                                 CacheEntry kept) {
        if (!expected.valid()) {
            throw new DepotException.BadGateway("502 Bad Gateway: the upstream's index gives no valid " + expected.name()
                    + " for " + relativePath + "; nothing was fetched");
        }
        StoredBlob blob;
        String contentType;
        String etag;
        try {
            client.requireUp(u, clock.now(), kept != null);
            HttpResponse<InputStream> r = client.get(u, source, null, kept == null ? null : kept.upstreamEtag());
            try (InputStream body = r.body()) {
                if (r.statusCode() == 304 && kept != null) {
                    upstreams.rows().checked(kept.id(), clock.now());
                    return upstreams.rows().entry(kept.id()).orElse(kept);
                }
                etag = r.headers().firstValue("ETag").orElse(null);
                if (r.statusCode() != 200) {
                    if (r.statusCode() >= 500) client.passOver(u);
                    throw new DepotException.BadGateway("502 Bad Gateway: upstream " + u.name() + " answered "
                            + r.statusCode() + " for " + relativePath);
                }
                contentType = r.headers().firstValue("Content-Type").orElse(null);
                blob = packages.store(body, maxBytes, expected.kind() == null ? Set.of() : Set.of(expected.kind()));
            }
        } catch (IOException e) {
            if (!(e instanceof UpstreamClient.PassedOver)) client.passOver(u);
            throw new DepotException.BadGateway("502 Bad Gateway: upstream " + u.name() + " failed for " + relativePath
                    + " (" + UpstreamClient.reason(e) + ")");
        }
        String actual = expected.of(blob);
        if (!expected.hex().equalsIgnoreCase(actual)) {
            // nothing refers to the bytes: gc removes them
            throw new Mismatch("502 Bad Gateway: the file " + relativePath + " from upstream " + u.name()
                    + " has " + expected.name() + " " + actual + ", but its index says " + expected.hex()
                    + "; nothing was cached");
        }
        packages.record(blob);
        long now = clock.now();
        upstreams.rows().put(new CacheEntry(0, u.id(), relativePath, CacheEntry.FILE, blob.sha256(), blob.size(),
                contentType, etag, now, now, 0));
        return upstreams.rows().entry(u.id(), relativePath).orElseThrow();
    }

    /**
     * Sends a document made from an upstream's (rewritten, or merged with the group's own): its ETag is the digest of
     * the bytes, so a client that has them gets a 304; {@link #HEADER} says whether the upstream's copy was fresh.
     */
    public void sendDocument(io.javalin.http.Context ctx, byte[] body, String contentType, boolean stale) {
        String etag = "\"" + depot.core.blob.Digests.sha256Hex(body) + "\"";
        ctx.header(HEADER, stale ? "stale" : "fresh").header("ETag", etag).header("X-Content-Type-Options", "nosniff");
        if (IndexResponses.matches(ctx.header("If-None-Match"), etag)) {
            ctx.status(304);
            return;
        }
        ctx.contentType(contentType).result(body);
    }

    /** Sends a cached file and counts the download; {@link #HEADER} says {@code hit}, or {@code stale}. */
    public void send(io.javalin.http.Context ctx, Fetched f, String contentType, String fileName) throws IOException {
        CacheEntry e = f.entry();
        if (!HeadRequests.is(ctx)) upstreams.rows().countDownload(e.id());
        ctx.header(HEADER, f.state());
        Downloads.send(ctx, reads.content(), e.sha256(), e.size(), contentType, fileName);
    }

    private static Fetched await(CompletableFuture<Fetched> running) {
        try {
            return running.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DepotException.Unavailable("503 Service Unavailable: interrupted while the file was fetched");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IllegalStateException(e.getCause());
        }
    }

}
