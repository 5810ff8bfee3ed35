package depot.http;

import io.javalin.http.Context;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.IOException;

/**
 * {@code HEAD} answers as {@code GET} would, without the body: the GET route runs (so the status, {@code 401},
 * {@code 404}, {@code Content-Length} and {@code ETag} are the GET's) and Jetty sends no content for a HEAD request.
 * Without this, the router answered every HEAD whose path some GET route pattern matches (the web UI's pages match
 * almost any path) with an empty {@code 200}, before any handler or check ran. A handler that would stream a large
 * body asks {@link #is} and stops after the headers.
 */
public final class HeadRequests implements Filter {
    private static final String ATTRIBUTE = "depot.head";

    /** Whether the request is a HEAD request (that the routes see as a GET). */
    public static boolean is(Context ctx) {
        return ctx.method().name().equals("HEAD") || Boolean.TRUE.equals(ctx.req().getAttribute(ATTRIBUTE));
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request instanceof HttpServletRequest http && "HEAD".equals(http.getMethod())) {
            http.setAttribute(ATTRIBUTE, Boolean.TRUE);
            chain.doFilter(new HttpServletRequestWrapper(http) {
                @Override
                public String getMethod() { return "GET"; }
            }, response);
        } else {
            chain.doFilter(request, response);
        }
    }
}
