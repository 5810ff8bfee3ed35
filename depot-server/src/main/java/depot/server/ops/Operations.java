package depot.server.ops;

import depot.server.Services;
import depot.http.Mounts;
import depot.http.StoredContent;
import depot.server.DepotServer;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.Map;
import java.util.UUID;

/** Liveness, readiness and metrics endpoints, request ids, and one access-log line per request. */
public final class Operations implements AutoCloseable {
    private final Services services;
    private final Metrics metrics;
    private final AccessLog access = new AccessLog();
    private final IdleCollector idle = new IdleCollector();

    public Operations(Services services, Metrics metrics) {
        this.services = services;
        this.metrics = metrics;
    }

    public void install(JavalinConfig cfg) {
        var stamp = services.database().changeCounters();
        cfg.routes.before(ctx -> {
            // cached rows serve while the change counters, read once per request, stand still
            stamp.beginRequest();
            String id = ctx.header("X-Request-Id");
            ctx.header("X-Request-Id", id != null && id.length() <= 64 ? id : requestId());
            depot.core.db.AuditLog.bindAddress(ctx.ip());
            // everything but the UI's own pages (which set their policy) is data: nothing in it may run here
            StoredContent.protect(ctx);
        });
        cfg.routes.after(ctx -> {
            depot.core.db.AuditLog.unbind();
            stamp.endRequest();
        });
        cfg.routes.get("/-/health", ctx -> ctx.result("OK"));
        cfg.routes.get("/-/readiness", this::readiness);
        cfg.routes.get("/-/metrics", ctx -> ctx.contentType(metrics.contentType()).result(metrics.scrape()));
        cfg.requestLogger.http(this::log);
    }

    private void readiness(Context ctx) {
        boolean db = services.database().ready();
        boolean blobs = services.blobs().ready();
        ctx.status(db && blobs ? 200 : 503).json(Map.of(
                "status", db && blobs ? "ok" : "failed",
                "database", Map.of("status", db ? "ok" : "failed"),
                "blob_store", Map.of("status", blobs ? "ok" : "failed")));
    }

    private void log(Context ctx, Float millis) {
        String format = ctx.attribute(Mounts.FORMAT_ATTRIBUTE);
        if (format == null) format = ctx.path().startsWith("/api/") ? "api" : ctx.path().startsWith("/-/") ? "ops" : "other";
        int status = ctx.statusCode();
        String method = depot.http.HeadRequests.is(ctx) ? "HEAD" : ctx.method().name();
        metrics.record(format, method, status, millis / 1000.0);
        idle.requestServed();
        if (access.enabled()) {
            access.add(ctx.ip() + " " + method + " " + ctx.path() + " " + status + " "
                    + Math.round(millis * 10) / 10.0 + "ms " + ctx.res().getHeader("X-Request-Id") + " " + format);
        }
    }

    /**
     * A random (version 4) UUID from the thread's generator: an id that correlates log lines needs no secrecy, and
     * {@link UUID#randomUUID} would draw every request's id from the shared secure generator.
     */
    private static String requestId() {
        var random = java.util.concurrent.ThreadLocalRandom.current();
        return new UUID(random.nextLong() & ~0xF000L | 0x4000L,
                random.nextLong() & 0x3FFFFFFFFFFFFFFFL | 0x8000000000000000L).toString();
    }

    /** Writes the access-log lines still queued. */
    @Override
    public void close() {
        idle.close();
        access.close();
    }
}
