package depot.http;

import depot.core.db.Clock;
import depot.core.upstream.Upstream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of reading through upstreams: GETs that follow redirects (credentials only to the upstream's own
 * scheme, host and port), that never reach the local network for a group's upstream unless allowed, and the
 * pass-over of an upstream that failed a moment ago or keeps a request waiting. {@link UpstreamCache} decides what to
 * ask and what to keep. Thread-safe.
 */
final class UpstreamClient {
    private static final Logger LOG = LoggerFactory.getLogger(UpstreamCache.class);
    private static final int MAX_REDIRECTS = 5;
    /**
     * How long an upstream that failed (refused, timed out, 5xx) is passed over before it is asked again: one that
     * hangs would otherwise cost every read its whole timeout.
     */
    static final long PASS_OVER_MILLIS = 30_000;
    /** How long an upstream may take to start answering (a body then streams for as long as it takes). */
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(10);
    /**
     * A request to an upstream still unanswered after this long marks it as slow: reads arriving meanwhile pass it
     * over instead of each waiting for {@link #ANSWER_TIMEOUT} too.
     */
    static final long SLOW_MILLIS = 2_000;

    private final Clock clock;
    private final boolean localNetworkAllowed;
    /** Made at the first upstream request: building one (its selector thread, TLS defaults) took a tenth of a start. */
    private volatile HttpClient http;
    private final ConcurrentHashMap<Long, Long> warned = new ConcurrentHashMap<>();
    /** Per upstream, when each request to it now waiting for an answer started (keyed by a token of its own). */
    private final ConcurrentHashMap<Long, ConcurrentHashMap<Object, Long>> waiting = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Long, Long> failedUntil = new ConcurrentHashMap<>();

    UpstreamClient(Clock clock, boolean localNetworkAllowed) {
        this.clock = clock;
        this.localNetworkAllowed = localNetworkAllowed;
    }

    private HttpClient http() {
        HttpClient h = http;
        if (h != null) return h;
        synchronized (this) {
            if (http == null) {
                http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                        .connectTimeout(Duration.ofSeconds(10)).build();
            }
            return http;
        }
    }

    /**
     * An upstream failed: it is passed over for {@link #PASS_OVER_MILLIS}, and that is logged once a minute per
     * upstream (an outage would otherwise log every request it answers).
     */
    void failed(Upstream u, String relativePath, Exception e) {
        if (!(e instanceof PassedOver)) passOver(u);
        warn(u, relativePath, e);
    }

    /** The upstream is not asked again for {@link #PASS_OVER_MILLIS}. */
    void passOver(Upstream u) {
        failedUntil.put(u.id(), clock.now() + PASS_OVER_MILLIS);
    }

    void warn(Upstream u, String relativePath, Exception e) {
        long now = clock.now();
        Long last = warned.get(u.id());
        if (last == null || now - last > 60_000) {
            warned.put(u.id(), now);
            LOG.warn("upstream {} ({}) failed for {}; it is passed over for {} s, and what is cached from it is served "
                    + "meanwhile: {}", u.name(), u.url(), relativePath, PASS_OVER_MILLIS / 1000, e.toString());
        }
    }

    /**
     * An upstream that failed a moment ago is not asked now; nor, when something else can answer ({@code
     * alternative}: a cached copy, or the next upstream), one that has kept a request waiting for a while.
     */
    void requireUp(Upstream u, long now, boolean alternative) throws PassedOver {
        Long until = failedUntil.get(u.id());
        if (until != null) {
            if (now < until) throw new PassedOver("it failed less than " + PASS_OVER_MILLIS / 1000 + " s ago");
            failedUntil.remove(u.id(), until);
        }
        var mine = alternative ? waiting.get(u.id()) : null;
        long since = System.nanoTime() - SLOW_MILLIS * 1_000_000L;
        if (mine != null && mine.values().stream().anyMatch(started -> started < since)) {
            throw new PassedOver("a request to it has waited more than " + SLOW_MILLIS / 1000 + " s for an answer");
        }
    }

    /** An upstream not asked because it failed a moment ago. */
    static final class PassedOver extends IOException {
        PassedOver(String message) { super(message); }
    }

    /** GET {@code uri}, following redirects; the upstream's credentials go only to its own scheme, host and port. */
    HttpResponse<InputStream> get(Upstream u, URI uri, String accept, String etag) throws IOException {
        URI base = URI.create(u.url());
        URI target = uri;
        for (int hop = 0; ; hop++) {
            requireReachable(u, target);
            HttpRequest.Builder b = HttpRequest.newBuilder(target).timeout(ANSWER_TIMEOUT).GET()
                    .header("User-Agent", "Depot (pull-through cache)");
            if (accept != null) b.header("Accept", accept);
            if (etag != null && hop == 0) b.header("If-None-Match", etag);
            if (u.username() != null && sameOrigin(base, target)) {
                b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (u.username() + ":" + (u.password() == null ? "" : u.password())).getBytes(StandardCharsets.UTF_8)));
            }
            HttpResponse<InputStream> r;
            Object token = new Object();
            var mine = waiting.computeIfAbsent(u.id(), k -> new ConcurrentHashMap<>());
            mine.put(token, System.nanoTime());
            try {
                r = http().send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            } finally {
                mine.remove(token);
            }
            int status = r.statusCode();
            Optional<String> location = r.headers().firstValue("Location");
            if (status / 100 != 3 || status == 304 || location.isEmpty()) return r;
            r.body().close();
            if (hop >= MAX_REDIRECTS) throw new IOException("more than " + MAX_REDIRECTS + " redirects");
            target = target.resolve(location.get());
            String scheme = String.valueOf(target.getScheme()).toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) throw new IOException("a redirect to " + scheme);
        }
    }

    static String reason(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /**
     * Refuses a URL whose host is (or resolves to) this machine or its local network, for an upstream a group's
     * maintainers configured, unless {@code upstream_local_network} allows it: a group's upstream must not be a way
     * into the services around Depot. The instance's upstreams are an administrator's and may point anywhere.
     */
    private void requireReachable(Upstream u, URI target) throws IOException {
        if (localNetworkAllowed || u.namespaceId() == null) return;
        for (java.net.InetAddress a : java.net.InetAddress.getAllByName(target.getHost())) {
            boolean uniqueLocal = a instanceof java.net.Inet6Address && (a.getAddress()[0] & 0xfe) == 0xfc;
            if (a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress() || a.isAnyLocalAddress()
                    || a.isMulticastAddress() || uniqueLocal) {
                throw new IOException(target.getHost() + " is a local-network address, which a group's upstream may "
                        + "not reach unless an administrator sets upstream_local_network");
            }
        }
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost().equalsIgnoreCase(String.valueOf(b.getHost()))
                && port(a) == port(b);
    }

    private static int port(URI u) {
        return u.getPort() >= 0 ? u.getPort() : u.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    }
}
