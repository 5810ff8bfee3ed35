package depot.server.ops;

import depot.server.Services;
import depot.http.Mounts;
import depot.http.StoredContent;
import depot.server.DepotServer;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Liveness, readiness and metrics endpoints, request ids, and one access-log line per request. */
public final class Operations {
    private static final Logger ACCESS = LoggerFactory.getLogger("depot.access");
    private final Services services;
    private final Metrics metrics;

    public Operations(Services services, Metrics metrics) {
        this.services = services;
        this.metrics = metrics;
    }

    public void install(JavalinConfig cfg) {
        cfg.routes.before(ctx -> {
            String id = ctx.header("X-Request-Id");
            ctx.header("X-Request-Id", id != null && id.length() <= 64 ? id : UUID.randomUUID().toString());
            depot.core.db.AuditLog.bindAddress(ctx.ip());
            // everything but the UI's own pages (which set their policy) is data: nothing in it may run here
            StoredContent.protect(ctx);
        });
        cfg.routes.after(ctx -> depot.core.db.AuditLog.unbind());
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
        metrics.record(format, ctx.method().name(), status, millis / 1000.0);
        if (ACCESS.isInfoEnabled()) {
            ACCESS.info("{} {} {} {} {}ms {} {}", ctx.ip(), ctx.method().name(), ctx.path(), status,
                    String.format("%.1f", millis), ctx.res().getHeader("X-Request-Id"), format);
        }
    }
}
