package depot.http;

import io.javalin.http.Context;
import java.util.Map;

/** Writes an error response body in the form a client understands. Implementations are stateless. */
@FunctionalInterface
public interface ErrorStyle {
    void write(Context ctx, int status, String message);

    /** GitLab's API shape: {@code {"message": "..."}}. */
    ErrorStyle GITLAB = (ctx, status, message) -> ctx.status(status).json(Map.of("message", message));

    /** Plain text, for clients that print the body as it is (Maven, generic downloads). */
    ErrorStyle PLAIN = (ctx, status, message) -> ctx.status(status).contentType("text/plain; charset=utf-8")
            .result(message + "\n");
}
