package depot.http;

import depot.core.access.Principal;
import depot.core.model.AccessLevel;
import depot.core.model.Namespace;
import depot.core.model.Project;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.util.function.BiConsumer;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * Where a format adds REST endpoints of its own under {@code /api/v4} beside its package mounts (the container
 * registry's repositories and tags; a Debian format's distributions): errors come out as GitLab's JSON, and the
 * helpers resolve {@code {id}} as the rest of the API does. Paths use Javalin's syntax.
 */
public interface ApiRoutes {

    /** Adds {@code handler} at {@code /api/v4}{@code path}. */
    void add(HandlerType method, String path, Handler handler);

    /** The caller (anonymous when no credential came). */
    Principal principal(Context ctx);

    /** The project of the {@code {id}} path parameter (id or URL-encoded path), or 404 when the caller cannot see it. */
    Project project(Context ctx);

    /** The group of the {@code {id}} path parameter, or 404 when the caller cannot see it. */
    Namespace group(Context ctx);

    /** Requires the caller to hold {@code level} in the project (administrators always do); 401/403 otherwise. */
    void requireLevel(Context ctx, Project project, AccessLevel level);

    /**
     * A field of the project's JSON ({@code GET/PUT /projects/:id}): {@code render} gives its value, and a
     * {@code PUT} with {@code <name>_attributes} hands that object to {@code update} (maintainers; GitLab's
     * {@code container_expiration_policy}).
     */
    void projectAttribute(String name, Function<Project, Object> render, BiConsumer<Project, JsonNode> update);

    FormatContext services();
}
