package depot.server.api;

import depot.core.access.AccessService;
import depot.core.access.Principal;
import depot.core.error.DepotException;
import depot.core.model.AccessLevel;
import depot.core.model.Namespace;
import depot.core.model.Project;
import depot.core.model.Scopes;
import depot.core.model.User;
import depot.http.HttpAuth;
import depot.http.Mounts;
import depot.server.Services;
import io.javalin.http.Context;
import java.util.Set;

/** Who may call the management API: users with an api (or, to read, read_api) scope; admins for admin routes. */
final class Guard {
    private static final Set<String> READ = Set.of(Scopes.API, Scopes.READ_API);
    private static final Set<String> WRITE = Set.of(Scopes.API);
    private final HttpAuth auth;
    private final AccessService access;
    private final Mounts.Scopes scopes;

    Guard(HttpAuth auth, Services services) {
        this.auth = auth;
        this.access = services.access();
        this.scopes = new Mounts.Scopes(services.directory(), services.access());
    }

    Principal principal(Context ctx) { return auth.principal(ctx); }

    /** The calling user, or 401; with {@code write} the token must carry the api scope. */
    User user(Context ctx, boolean write) {
        Principal p = principal(ctx);
        if (!(p instanceof Principal.UserPrincipal u)) throw new DepotException.Unauthenticated("401 Unauthorized");
        if (!u.hasAnyScope(write ? WRITE : READ)) throw new DepotException.Forbidden("403 Forbidden - insufficient_scope");
        return u.user();
    }

    /** Like {@link #user} but a signed-out caller is tolerated (null) for reads of public things. */
    User optionalUser(Context ctx) {
        Principal p = principal(ctx);
        return p instanceof Principal.UserPrincipal ? user(ctx, false) : null;
    }

    User admin(Context ctx, boolean write) {
        User u = user(ctx, write);
        if (!u.admin()) throw new DepotException.Forbidden("403 Forbidden");
        return u;
    }

    /** The project of {@code :id}; callers who may not see it get 404 (this is the API, not a client). */
    Project project(Context ctx) {
        Principal p = principal(ctx);
        try {
            return scopes.project(ctx.pathParam("id"), p);
        } catch (DepotException.Unauthenticated e) {
            throw new DepotException.NotFound("404 Project Not Found");
        }
    }

    Namespace group(Context ctx) {
        Principal caller = principal(ctx); // a credential that is wrong stays a 401
        try {
            return scopes.group(ctx.pathParam("id"), caller);
        } catch (DepotException.Unauthenticated e) {
            throw new DepotException.NotFound("404 Group Not Found");
        }
    }

    /** Requires {@code level} in the project, for a user with the api scope. */
    User projectLevel(Context ctx, Project project, AccessLevel level) {
        return projectLevel(ctx, project, level, true);
    }

    /** Requires {@code level} in the project; reading ({@code write} false) needs only the read_api scope. */
    User projectLevel(Context ctx, Project project, AccessLevel level, boolean write) {
        User u = user(ctx, write);
        if (!u.admin() && !access.level(u, project).atLeast(level)) throw new DepotException.Forbidden("403 Forbidden");
        return u;
    }

    User groupLevel(Context ctx, Namespace group, AccessLevel level) {
        return groupLevel(ctx, group, level, true);
    }

    /** Requires {@code level} in the group; reading ({@code write} false) needs only the read_api scope. */
    User groupLevel(Context ctx, Namespace group, AccessLevel level, boolean write) {
        User u = user(ctx, write);
        if (!u.admin() && !access.namespaceLevel(u, group.id()).atLeast(level)) {
            throw new DepotException.Forbidden("403 Forbidden");
        }
        return u;
    }

    Mounts.Scopes scopes() { return scopes; }
}
