package depot.http;

import depot.core.access.Action;
import depot.core.model.Project;
import io.javalin.http.HandlerType;
import java.util.Set;

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
 * {@code action}, and renders errors in the format's {@link ErrorStyle}, before the handler runs. At a group or
 * instance mount a route either only reads ({@link FormatRequest#readableProjects()} are the projects the caller may
 * read) or names a {@link Target}: the one project the request acts on, on which the mount checks {@code action} as
 * it does at a project mount. A write without a target at those scopes is refused when it is registered.
 */
public interface FormatRoutes {
    /** The mounts a route can live at. */
    Set<Scope> PROJECT_AND_INSTANCE = Set.of(Scope.PROJECT, Scope.INSTANCE);
    Set<Scope> EVERY_SCOPE = Set.of(Scope.PROJECT, Scope.GROUP, Scope.INSTANCE);

    /**
     * The project a request at a group or instance mount acts on, named by the request itself (npm: the project
     * holding the package's name; Conan: the project the recipe's user names). It may use
     * {@link FormatRequest#readableProjects()}; a project the caller may not read is answered as not found.
     */
    @FunctionalInterface
    interface Target {
        Project of(FormatRequest req);
    }

    void project(HandlerType method, String path, Action action, FormatHandler handler);

    /** A route of the group mount that reads across the group's readable projects: {@code action} must be READ. */
    void group(HandlerType method, String path, Action action, FormatHandler handler);

    /** A route of the group mount acting on the one project {@code target} names. */
    void group(HandlerType method, String path, Action action, Target target, FormatHandler handler);

    /** A route of the instance mount that reads across the readable projects: {@code action} must be READ. */
    void instance(HandlerType method, String path, Action action, FormatHandler handler);

    /** A route of the instance mount acting on the one project {@code target} names. */
    void instance(HandlerType method, String path, Action action, Target target, FormatHandler handler);

    void root(HandlerType method, String path, FormatHandler handler);

    FormatContext services();

    /** One route at each of {@code scopes} (not ROOT); at group and instance scope it reads across projects. */
    default void at(Set<Scope> scopes, HandlerType method, String path, Action action, FormatHandler handler) {
        if (scopes.contains(Scope.PROJECT)) project(method, path, action, handler);
        if (scopes.contains(Scope.GROUP)) group(method, path, action, handler);
        if (scopes.contains(Scope.INSTANCE)) instance(method, path, action, handler);
    }

    /** One route at each of {@code scopes} (not ROOT); at group and instance scope it acts on {@code target}. */
    default void at(Set<Scope> scopes, HandlerType method, String path, Action action, Target target,
                    FormatHandler handler) {
        if (scopes.contains(Scope.PROJECT)) project(method, path, action, handler);
        if (scopes.contains(Scope.GROUP)) group(method, path, action, target, handler);
        if (scopes.contains(Scope.INSTANCE)) instance(method, path, action, target, handler);
    }
}
