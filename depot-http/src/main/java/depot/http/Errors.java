package depot.http;

import depot.core.error.DepotException;
import io.javalin.http.Context;
import java.io.IOException;
import org.eclipse.jetty.io.EofException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Maps exceptions to a status and writes them in a format's {@link ErrorStyle}. The one place that does. */
public final class Errors {
    private static final Logger LOG = LoggerFactory.getLogger(Errors.class);

    /** The largest body read whole as a document (JSON or a form); the server's {@code maxRequestSize}. */
    public static final int MAX_DOCUMENT_BODY = 1 << 20;

    private Errors() {}

    public static int status(DepotException e) {
        if (e instanceof DepotException.NotFound) return 404;
        if (e instanceof DepotException.Conflict) return 409;
        if (e instanceof DepotException.Invalid) return 400;
        if (e instanceof DepotException.Unauthenticated) return 401;
        if (e instanceof DepotException.Forbidden) return 403;
        if (e instanceof DepotException.TooManyRequests) return 429;
        if (e instanceof DepotException.Unavailable) return 503;
        if (e instanceof DepotException.InsufficientStorage) return 507;
        if (e instanceof DepotException.BadGateway) return 502;
        return 413;
    }

    /**
     * The failures of the parts under Depot that a client should hear about as such: a full disk (507), a database
     * that cannot be reached (503, retry later) and a value the database refuses as data (400). Null for anything else, which stays a 500.
     */
    public static DepotException fault(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof DepotException de) return de;
            // Javalin's own refusal of a document body over its limit (cfg.http.maxRequestSize)
            if (t instanceof io.javalin.http.HttpResponseException h && h.getStatus() == 413) {
                return new DepotException.TooLarge(MAX_DOCUMENT_BODY);
            }
            // Jetty's refusal of a multipart body (PyPI's and NuGet's uploads) as it parses it: over the spool's
            // size limits (413), or not multipart as declared (400)
            if (t instanceof org.eclipse.jetty.http.BadMessageException bad) return multipartFault(bad);
            if (t instanceof IOException && String.valueOf(t.getMessage()).contains("No space left on device")) {
                return new DepotException.InsufficientStorage("507 Insufficient Storage: the blob store is full; nothing was stored");
            }
            if (t instanceof java.sql.SQLTransientConnectionException || t instanceof java.sql.SQLNonTransientConnectionException
                    || (t instanceof java.sql.SQLException sql && sql.getSQLState() != null
                            && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P")))) {
                return new DepotException.Unavailable("503 Service Unavailable: the database cannot be reached; try again shortly");
            }
            // a data exception (SQLSTATE class 22: a value too long for its column, a NUL in text, a number out of
            // range) is a value the client sent that a parser let through: the client's error, and nothing was stored
            if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("22")) {
                LOG.warn("a request carried a value the database refused", t);
                return new DepotException.Invalid("400 Bad Request: a value in the request is too long or not valid text");
            }
        }
        return null;
    }

    private static DepotException multipartFault(org.eclipse.jetty.http.BadMessageException bad) {
        for (Throwable t = bad.getCause(); t != null; t = t.getCause()) {
            java.util.regex.Matcher m = MULTIPART_LIMIT.matcher(String.valueOf(t.getMessage()));
            if (t instanceof IllegalStateException && m.matches()) return new DepotException.TooLarge(Long.parseLong(m.group(1)));
        }
        if (bad.getCode() == 413) return new DepotException.TooLarge(MAX_DOCUMENT_BODY);
        return new DepotException.Invalid(String.valueOf(bad.getMessage()).contains("multipart")
                ? "400 Bad Request: the body is not the multipart form it declares"
                : "400 Bad Request: the request body cannot be read");
    }

    /** Jetty's messages for a multipart part or body past its configured limit. */
    private static final java.util.regex.Pattern MULTIPART_LIMIT =
            java.util.regex.Pattern.compile("max (?:file size|length) exceeded: (\\d+)");

    public static void write(Context ctx, ErrorStyle style, Exception e) {
        if (ctx.res().isCommitted()) {
            // the status line is out (a download broke off half way): all that is left is to log it
            if (clientGone(e)) LOG.debug("client went away during the response: {}", e.toString());
            else LOG.warn("request {} {} failed after the response started", ctx.method(), ctx.path(), e);
            return;
        }
        DepotException de = fault(e);
        if (de != null) {
            int status = status(de);
            // a failure of a part under Depot is worth a warning; a client's error found below Depot (a body Jetty
            // or Javalin refused, a value the database refused, which logs itself) is not, like Depot's own 4xx
            if (de != e && status >= 500) LOG.warn("request {} {}: {}", ctx.method(), ctx.path(), e.toString());
            if (status == 401) ctx.header("WWW-Authenticate", "Basic realm=\"" + HttpAuth.REALM + "\"");
            drainRefusedBody(ctx);
            if (status == 413) ctx.header("Connection", "close");
            if (de instanceof DepotException.TooManyRequests t) ctx.header("Retry-After", String.valueOf(t.retryAfterSeconds()));
            if (status == 503) ctx.header("Retry-After", "5");
            resetBody(ctx);
            style.write(ctx, status, de.getMessage());
        } else if (clientGone(e)) {
            LOG.debug("client went away: {}", e.toString());
            ctx.status(400);
        } else {
            String requestId = ctx.res().getHeader("X-Request-Id");
            LOG.error("request {} {} failed (request id {})", ctx.method(), ctx.path(), requestId, e);
            drainRefusedBody(ctx);
            resetBody(ctx);
            style.write(ctx, 500, "500 Internal Server Error (request id " + requestId + ")");
        }
    }

    /** The most of a refused body read away so that the client, still sending, hears the refusal instead of a reset. */
    static final long DRAIN_LIMIT = 16L << 20;
    /** How long the drain waits for more of the body, and how long it reads in all. */
    private static final long DRAIN_GAP_MS = 500;
    private static final long DRAIN_TOTAL_MS = 5_000;

    /**
     * Reads what is left of the body of a refused request (any error: a 413, a 400 found in the metadata before the
     * archive, a 401) while the client keeps sending it: up to {@link #DRAIN_LIMIT} bytes,
     * {@value #DRAIN_TOTAL_MS} ms, stopping after {@value #DRAIN_GAP_MS} ms without a byte (a client that sends only
     * the head and waits gets its answer then). Closing a connection with unread bytes in its receive buffer makes
     * the kernel send a reset, which can overtake the answer on the wire: a client still writing the body would see a
     * dropped connection, not the answer. A larger body, or one a client holds back ({@code Expect: 100-continue}),
     * is not read; the connection closes after the answer.
     */
    private static void drainRefusedBody(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        boolean chunked = "chunked".equalsIgnoreCase(ctx.header("Transfer-Encoding"));
        if (declared > DRAIN_LIMIT || (declared <= 0 && !chunked)) return;
        if ("100-continue".equalsIgnoreCase(ctx.header("Expect"))) return;
        // Jetty's own request reads without blocking (the servlet stream's available() says 0 until someone reads)
        var request = org.eclipse.jetty.ee10.servlet.ServletContextRequest.getServletContextRequest(ctx.req());
        if (request == null) return;
        long read = 0;
        long start = System.nanoTime();
        long lastData = start;
        try {
            while (read <= DRAIN_LIMIT) {
                long now = System.nanoTime();
                if (now - start > DRAIN_TOTAL_MS * 1_000_000 || now - lastData > DRAIN_GAP_MS * 1_000_000) break;
                org.eclipse.jetty.io.Content.Chunk chunk = request.read();
                if (chunk == null) {
                    Thread.sleep(2);
                    continue;
                }
                try {
                    if (org.eclipse.jetty.io.Content.Chunk.isFailure(chunk)) break;
                    read += chunk.remaining();
                    if (chunk.isLast()) break;
                } finally {
                    chunk.release();
                }
                lastData = System.nanoTime();
            }
        } catch (RuntimeException e) {
            LOG.debug("a refused body could not be read away: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void resetBody(Context ctx) {
        ctx.res().resetBuffer();
    }

    private static boolean clientGone(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof EofException) return true;
            if (t instanceof IOException && String.valueOf(t.getMessage()).contains("Broken pipe")) return true;
        }
        return false;
    }
}
