package depot.http;

import depot.core.access.Action;
import io.javalin.http.HandlerType;

/**
 * Where a format registers its handlers. Paths are relative to the mount and use Javalin's syntax
 * ({@code /{name}/{version}/{file}}, {@code <rest>} for several segments).
 * <ul>
 *   <li>project: {@code /api/v4/projects/:id/packages/<type>/…}, {@code :id} numeric or URL-encoded path;</li>
 *   <li>group: {@code /api/v4/groups/:id/-/packages/<type>/…};</li>
 *   <li>instance: {@code /api/v4/packages/<type>/…};</li>
 *   <li>root: any path (the container registry's {@code /v2/}); the handler checks access itself, and the caller is
 *       authenticated only when it asks {@link FormatRequest#principal()}.</li>
 * </ul>
 * Each mount authenticates, resolves the scope, checks that packages are enabled and that the caller may do
 * {@code action}, and renders errors in the format's {@link ErrorStyle}.
 */
public interface FormatRoutes {
    void project(HandlerType method, String path, Action action, FormatHandler handler);

    void group(HandlerType method, String path, Action action, FormatHandler handler);

    void instance(HandlerType method, String path, Action action, FormatHandler handler);

    void root(HandlerType method, String path, FormatHandler handler);

    FormatContext services();
}
