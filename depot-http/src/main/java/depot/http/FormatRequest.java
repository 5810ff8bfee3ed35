package depot.http;

import depot.core.access.Action;
import depot.core.access.Principal;
import depot.core.model.Namespace;
import depot.core.model.Project;
import io.javalin.http.Context;
import java.util.List;
import java.util.function.Supplier;

/**
 * One request to a format route, after its mount has authenticated the caller and checked the permission.
 * For a project mount {@link #project()} is the project; for group and instance mounts
 * {@link #readableProjects()} lists the projects whose packages the caller may read.
 */
public final class FormatRequest {
    private final Context ctx;
    private final Supplier<Principal> principalSource;
    private Principal principal;
    private final Scope scope;
    private final Project project;
    private final Namespace group;
    private final Supplier<List<Project>> readable;
    private final FormatContext services;
    private List<Project> readableCache;

    public FormatRequest(Context ctx, Principal principal, Scope scope, Project project, Namespace group,
                         Supplier<List<Project>> readable, FormatContext services) {
        this(ctx, () -> principal, scope, project, group, readable, services);
    }

    /** A request whose caller is authenticated when first asked for (root mounts, which read credentials their own way). */
    public FormatRequest(Context ctx, Supplier<Principal> principal, Scope scope, Project project, Namespace group,
                         Supplier<List<Project>> readable, FormatContext services) {
        this.ctx = ctx;
        this.principalSource = principal;
        this.scope = scope;
        this.project = project;
        this.group = group;
        this.readable = readable;
        this.services = services;
    }

    public Context ctx() { return ctx; }

    public Principal principal() {
        if (principal == null) principal = principalSource.get();
        return principal;
    }

    public Scope scope() { return scope; }

    /**
     * The project the request acts on: a project mount's, or the one a group or instance route's target named (the
     * mount has checked the route's action on it). Throws on a route that reads across projects.
     */
    public Project project() {
        if (project == null) throw new IllegalStateException("not a project mount, and the route names no target");
        return project;
    }

    /** This request acting on {@code target} (a group or instance route's target, checked by its mount). */
    FormatRequest on(Project target) {
        FormatRequest req = new FormatRequest(ctx, principalSource, scope, target, group, readable, services);
        req.principal = principal;
        req.readableCache = readableCache;
        return req;
    }

    /** The group of a group mount, or null. */
    public Namespace group() { return group; }

    /** Projects the caller may read: the project itself, the group's projects, or the instance's. */
    public List<Project> readableProjects() {
        if (readableCache == null) readableCache = readable.get();
        return readableCache;
    }

    /**
     * Every project of the top-level group a group mount's group is in — its ancestors', its own and its
     * subgroups' — whether or not the caller may read them: what the organisation holds, whose names are never
     * answered by an upstream at any of its groups (a subgroup reads through its parent's upstreams, and must not
     * take from them a name the parent publishes). Empty outside a group mount.
     */
    public List<Long> groupProjectIds() {
        if (group == null) return List.of();
        long root = group.id();
        Long parent = group.parentId();
        for (int depth = 0; parent != null && depth < 64; depth++) {
            root = parent;
            parent = services.directory().namespace(parent).map(depot.core.model.Namespace::parentId).orElse(null);
        }
        return services.directory().projectsIn(services.directory().descendantIds(root)).stream()
                .map(Project::id).toList();
    }

    public FormatContext services() { return services; }

    /**
     * The absolute URL of this request's mount, in the form the client used ({@code …/projects/acme%2Fweb/packages/npm}
     * stays so, {@code …/projects/4/…} too): the base of every URL a document hands back.
     */
    public String mountUrl() {
        String mount = ctx.attribute(Mounts.MOUNT_ATTRIBUTE);
        if (mount == null) throw new IllegalStateException("not a GitLab mount");
        return services.externalUrl() + mount;
    }

    public String path(String name) { return ctx.pathParam(name); }

    /** Checks a further permission on a project, e.g. WRITE on a route mounted for READ. */
    public void require(Project p, Action action) { services.access().check(principal(), p, action); }
}
