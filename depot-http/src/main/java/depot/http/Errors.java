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

    private Errors() {}

    public static int status(DepotException e) {
        if (e instanceof DepotException.NotFound) return 404;
        if (e instanceof DepotException.Conflict) return 409;
        if (e instanceof DepotException.Invalid) return 400;
        if (e instanceof DepotException.Unauthenticated) return 401;
        if (e instanceof DepotException.Forbidden) return 403;
        return 413;
    }

    public static void write(Context ctx, ErrorStyle style, Exception e) {
        if (ctx.res().isCommitted()) {
            // the status line is out (a download broke off half way): all that is left is to log it
            if (clientGone(e)) LOG.debug("client went away during the response: {}", e.toString());
            else LOG.warn("request {} {} failed after the response started", ctx.method(), ctx.path(), e);
            return;
        }
        if (e instanceof DepotException de) {
            int status = status(de);
            if (status == 401) ctx.header("WWW-Authenticate", "Basic realm=\"" + HttpAuth.REALM + "\"");
            if (status == 413) ctx.header("Connection", "close");
            resetBody(ctx);
            style.write(ctx, status, de.getMessage());
        } else if (clientGone(e)) {
            LOG.debug("client went away: {}", e.toString());
            ctx.status(400);
        } else {
            String requestId = ctx.res().getHeader("X-Request-Id");
            LOG.error("request {} {} failed (request id {})", ctx.method(), ctx.path(), requestId, e);
            resetBody(ctx);
            style.write(ctx, 500, "500 Internal Server Error (request id " + requestId + ")");
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
