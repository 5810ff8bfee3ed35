package depot.server;

import depot.core.db.Clock;
import depot.core.db.Database;
import depot.http.FormatContext;
import depot.http.HttpAuth;
import depot.http.Mounts;
import depot.http.PackageFormat;
import depot.server.api.Api;
import depot.server.ops.Metrics;
import depot.server.ops.Operations;
import depot.server.web.WebUi;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson3;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.http.UriCompliance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/** The composition root: builds every service by hand, discovers the formats and serves HTTP. */
public final class DepotServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DepotServer.class);
    private final Config config;
    private final Database database;
    private final Services services;
    private final List<PackageFormat> formats = new ArrayList<>();
    private final Tls tls;
    private Javalin app;
    private Operations ops;

    public DepotServer(Config config) throws IOException {
        this(config, Clock.SYSTEM);
    }

    public DepotServer(Config config, Clock clock) throws IOException {
        this.config = config;
        // the PEM files are read first: a bad one ends the command before anything is created
        this.tls = Tls.load(config);
        this.services = Services.open(config, clock);
        this.database = services.database();
        formats.addAll(Services.formats());
    }

    static String clientAddress(io.javalin.http.Context ctx, java.util.Set<String> trustedProxies) {
        String remote = ctx.req().getRemoteAddr();
        String forwarded = ctx.header("X-Forwarded-For");
        if (forwarded == null || !trustedProxies.contains(remote)) return remote;
        String[] hops = forwarded.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].trim();
            if (!hop.isEmpty() && !trustedProxies.contains(hop)) return hop;
        }
        return remote;
    }

    public Services services() { return services; }

    public Config config() { return config; }

    public List<PackageFormat> formats() { return formats; }

    public DepotServer start() {
        // the admin user's check (the first query, which warms the SQL layer up: ~0.1 s) runs beside the HTTP set-up;
        // no request is served before it is done
        java.util.concurrent.FutureTask<Void> seeded = new java.util.concurrent.FutureTask<>(
                () -> new Seeder(services, config).seed(), null);
        Thread seeder = new Thread(() -> {
            seeded.run();
            // then rows of releases before V20 get their version sort key (none after the first start), while the
            // server serves (until then a list ordered by version finds no key on them)
            try {
                depot.core.db.VersionOrderFill.fill(database.jdbi());
            } catch (RuntimeException e) {
                LOG.warn("version sort keys of earlier releases not filled: {}", e.toString());
            }
        }, "depot-seed");
        seeder.setDaemon(true);
        seeder.start();
        FormatContext formatContext = services.formatContext(config, formats);
        services.authenticator().throttle(config.authThrottle(services.clock()::now));
        java.util.Set<String> trustedProxies = config.trustedProxies();
        HttpAuth auth = new HttpAuth(services.authenticator(),
                formats.stream().flatMap(f -> f.tokenHeaders().stream()).distinct().toList());
        Metrics metrics = new Metrics();
        ops = new Operations(services, metrics);
        Api api = new Api(services, auth, formatContext, formats, config);
        app = Javalin.create(cfg -> {
            cfg.jsonMapper(new JavalinJackson3(JsonMapper.builder().build(), false));
            cfg.startup.showJavalinBanner = false;
            // behind a trusted proxy the client is the address that proxy saw (the last X-Forwarded-For entry)
            cfg.contextResolver.ip = ctx -> clientAddress(ctx, trustedProxies);
            // the HTTP connector first: port() is the first connector's (Javalin adds none when one is added)
            cfg.jetty.addConnector((server, http) -> {
                var connector = new org.eclipse.jetty.server.ServerConnector(server,
                        new org.eclipse.jetty.server.HttpConnectionFactory(http));
                connector.setHost(config.bind());
                connector.setPort(config.port());
                return connector;
            });
            // called after modifyHttpConfiguration below: HTTPS copies Depot's HTTP configuration as modified
            if (tls != null) cfg.jetty.addConnector(tls::connector);
            // Uploads read their bodies on a request thread, so a client trickling bytes holds one: no single address
            // may hold more than max_threads_per_client of them (its further requests wait in a queue, without a
            // thread), so clients that trickle cannot starve everyone else.
            int maxThreads = config.intSetting("max_threads", 400);
            cfg.jetty.threadPool = new org.eclipse.jetty.util.thread.QueuedThreadPool(maxThreads, 8, 60_000);
            var perClient = new org.eclipse.jetty.server.handler.ThreadLimitHandler(
                    trustedProxies.isEmpty() ? null : "X-Forwarded-For", false);
            perClient.setThreadLimit(config.intSetting("max_threads_per_client", maxThreads / 4));
            cfg.jetty.modifyServletContextHandler(s -> s.insertHandler(perClient));
            // A stop (SIGTERM, Ctrl-C) lets the requests in progress finish, for up to STOP_GRACE_MILLIS: a publish
            // that commits while the server stops still tells its client so (or the client retries a publish that
            // is already stored). Jetty stops accepting at once; requests that arrive meanwhile on open connections
            // are answered 503.
            cfg.jetty.modifyServletContextHandler(
                    s -> s.insertHandler(new org.eclipse.jetty.server.handler.GracefulHandler()));
            cfg.jetty.modifyServer(s -> s.setStopTimeout(STOP_GRACE_MILLIS));
            cfg.http.maxRequestSize = depot.http.Errors.MAX_DOCUMENT_BODY;
            MultipartSpool.configure(cfg.jetty.multipartConfig, config.dataDir(), formats.stream()
                    .mapToLong(f -> formatContext.limits().forType(f.type())).max().orElse(config.maxUploadBytes()));
            // GitLab addresses projects by URL-encoded full path ("group%2Fproject"); the handlers validate names
            cfg.jetty.modifyHttpConfiguration(h -> {
                h.setUriCompliance(UriCompliance.LEGACY);
                h.setSendServerVersion(false);
            });
            cfg.jetty.modifyServletContextHandler(s -> s.getServletHandler().setDecodeAmbiguousURIs(true));
            // HEAD runs the GET route (its checks and status), and Jetty leaves the body out
            cfg.jetty.modifyServletContextHandler(s -> s.addFilter(depot.http.HeadRequests.class, "/*",
                    java.util.EnumSet.of(jakarta.servlet.DispatcherType.REQUEST)));
            // what Jetty refuses before Depot sees it (a %00 in a path) is answered in Depot's JSON error shape
            cfg.jetty.modifyServer(s -> s.setErrorHandler(new depot.server.ops.JsonErrorPages()));
            ops.install(cfg);
            // formats first: their literal path prefixes win over the API's {package_id} routes
            for (PackageFormat format : formats) format.routes(new Mounts(cfg.routes, format, formatContext, auth));
            api.install(cfg.routes);
            // last: the UI's catch-all page routes must not shadow the API's or the formats'
            new WebUi(services, formats, formatContext).install(cfg.routes);
        });
        awaitSeed(seeded);
        services.pendingDigests().resume();
        app.start();
        readBodiesInLargerReads();
        LOG.info("Depot listening on {}:{}{} ({} formats: {}), external URL {}", config.bind(), port(),
                tls == null ? "" : ", HTTPS on " + tls.bind() + ":" + tlsPort(), formats.size(),
                formats.stream().map(PackageFormat::type).toList(), config.externalUrl());
        return this;
    }

    /** How long a stop waits for the requests in progress. */
    static final long STOP_GRACE_MILLIS = 8_000;

    /** Bytes a connection reads from its socket at a time. */
    private static final int INPUT_BUFFER = 64 * 1024;

    /**
     * Jetty reads from a connection's socket 8 KiB at a time: a 1 GiB upload took 131,072 reads and most of its time.
     * A larger buffer is held only while a connection has bytes to parse, so idle connections cost nothing more.
     * HTTPS's HTTP/1.1 and HTTP/2 read through the same kind of buffer.
     */
    private void readBodiesInLargerReads() {
        for (var connector : app.jettyServer().server().getConnectors()) {
            for (var factory : connector.getConnectionFactories()) {
                if (factory instanceof org.eclipse.jetty.server.HttpConnectionFactory
                        || factory instanceof org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory) {
                    ((org.eclipse.jetty.server.AbstractConnectionFactory) factory).setInputBufferSize(INPUT_BUFFER);
                }
            }
        }
    }

    private static void awaitSeed(java.util.concurrent.FutureTask<Void> seeded) {
        try {
            seeded.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the admin user", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException(e.getCause());
        }
    }

    public int port() { return app.port(); }

    /** The HTTPS port (the one bound when tls_port is 0), or -1 when TLS is off. */
    public int tlsPort() {
        if (tls == null) return -1;
        return ((org.eclipse.jetty.server.ServerConnector) app.jettyServer().server().getConnectors()[1]).getLocalPort();
    }

    /** Every HTTP route the server answers, as "METHOD path" (before/after filters left out). */
    public List<String> routes() {
        return app.unsafe.internalRouter.allHttpHandlers().stream()
                .filter(e -> e.endpoint.method.isHttpMethod())
                .map(e -> e.endpoint.method.name() + " " + e.endpoint.path).distinct().toList();
    }

    @Override
    public void close() {
        if (app != null) app.stop();
        if (ops != null) ops.close();
        services.pendingDigests().close();
        services.reads().downloads().close();
        database.close();
    }
}
