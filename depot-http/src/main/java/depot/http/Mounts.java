package depot.http;

import depot.core.access.AccessService;
import depot.core.access.Action;
import depot.core.access.Principal;
import depot.core.error.DepotException;
import depot.core.model.Namespace;
import depot.core.model.Project;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.util.List;
import java.util.function.Supplier;

/** The {@link FormatRoutes} of one format: GitLab's mounts on Javalin's router. */
public final class Mounts implements FormatRoutes {
    public static final String FORMAT_ATTRIBUTE = "depot.format";
    static final String MOUNT_ATTRIBUTE = "depot.mount";
    private final RoutesConfig routes;
    private final PackageFormat format;
    private final FormatContext services;
    private final HttpAuth auth;
    private final Scopes scopes;

    public Mounts(RoutesConfig routes, PackageFormat format, FormatContext services, HttpAuth auth) {
        this.routes = routes;
        this.format = format;
        this.services = services;
        this.auth = auth;
        this.scopes = new Scopes(services.directory(), services.access());
    }

    @Override
    public void project(HandlerType method, String path, Action action, FormatHandler handler) {
        add(method, "/api/v4/projects/{id}/packages/" + format.mountName() + path, ctx -> {
            ctx.attribute(MOUNT_ATTRIBUTE, asWritten(ctx, "/api/v4/projects/") + "/packages/" + format.mountName());
            Principal principal = auth.principal(ctx);
            Project project = scopes.project(ctx.pathParam("id"), principal);
            scopes.requirePackagesEnabled(project, principal);
            services.access().check(principal, project, action);
            handler.handle(new FormatRequest(ctx, principal, Scope.PROJECT, project, null, () -> List.of(project),
                    services));
        });
    }

    @Override
    public void group(HandlerType method, String path, Action action, FormatHandler handler) {
        group(method, path, readOnly(action, path), null, handler);
    }

    @Override
    public void group(HandlerType method, String path, Action action, Target target, FormatHandler handler) {
        add(method, "/api/v4/groups/{id}/-/packages/" + format.mountName() + path, ctx -> {
            ctx.attribute(MOUNT_ATTRIBUTE, asWritten(ctx, "/api/v4/groups/") + "/-/packages/" + format.mountName());
            Principal principal = auth.principal(ctx);
            Namespace group = scopes.group(ctx.pathParam("id"), principal);
            scopes.requireInstancePackagesEnabled();
            Supplier<List<Project>> readable = () -> scopes.readableIn(group, principal);
            FormatRequest req = new FormatRequest(ctx, principal, Scope.GROUP, null, group, readable, services);
            handler.handle(target == null ? req : onTarget(req, target, action));
        });
    }

    @Override
    public void instance(HandlerType method, String path, Action action, FormatHandler handler) {
        instance(method, path, readOnly(action, path), null, handler);
    }

    @Override
    public void instance(HandlerType method, String path, Action action, Target target, FormatHandler handler) {
        add(method, "/api/v4/packages/" + format.mountName() + path, ctx -> {
            ctx.attribute(MOUNT_ATTRIBUTE, "/api/v4/packages/" + format.mountName());
            Principal principal = auth.principal(ctx);
            scopes.requireInstancePackagesEnabled();
            Supplier<List<Project>> readable = () -> scopes.readable(principal);
            FormatRequest req = new FormatRequest(ctx, principal, Scope.INSTANCE, null, null, readable, services);
            handler.handle(target == null ? req : onTarget(req, target, action));
        });
    }

    /** A read across projects: the readable set is all the handler sees, so nothing else needs checking. */
    private Action readOnly(Action action, String path) {
        if (action != Action.READ) {
            throw new IllegalArgumentException(format.type() + " " + path + ": a " + action + " route at group or "
                    + "instance scope must name the project it acts on (FormatRoutes.Target)");
        }
        return action;
    }

    /**
     * The request acting on the project {@code target} names, after the same checks as a project mount: a project
     * the caller may not read (or whose packages are off) is not found, one they may read but not {@code action}
     * is forbidden.
     */
    private FormatRequest onTarget(FormatRequest req, Target target, Action action) {
        Project project = target.of(req);
        Principal principal = req.principal();
        if (project == null || !project.packagesEnabled() || !services.access().may(principal, project, Action.READ)) {
            throw AccessService.hidden(principal, "404 Project Not Found");
        }
        services.access().check(principal, project, action);
        return req.on(project);
    }

    @Override
    public void root(HandlerType method, String path, FormatHandler handler) {
        add(method, path, ctx -> handler.handle(new FormatRequest(ctx, () -> auth.principal(ctx), Scope.ROOT, null,
                null, () -> scopes.readable(auth.principal(ctx)), services)));
    }

    @Override
    public FormatContext services() { return services; }

    /**
     * {@code base} and the {@code :id} segment as the client wrote it (a path stays a path, in its own escaping; an
     * id stays an id): clients such as pnpm and yarn 1 match credentials by URL path, so URLs handed back must keep it.
     */
    private static String asWritten(Context ctx, String base) {
        String uri = ctx.req().getRequestURI();
        int start = uri.indexOf(base);
        if (start < 0) return base + ctx.pathParam("id");
        int from = start + base.length();
        int end = uri.indexOf('/', from);
        return uri.substring(start, end < 0 ? uri.length() : end);
    }

    private void add(HandlerType method, String path, Handler handler) {
        ErrorStyle style = format.errorStyle();
        routes.addHttpHandler(method, path, ctx -> {
            ctx.attribute(FORMAT_ATTRIBUTE, format.type());
            try {
                Params.requireWellFormedQuery(ctx);
                handler.handle(ctx);
            } catch (Exception e) {
                Errors.write(ctx, style, e);
            }
        });
    }

    /** Resolution of {@code :id} path parameters and the projects a caller may read. */
    public static final class Scopes {
        private final depot.core.db.DirectoryReads directory;
        private final AccessService access;

        public Scopes(depot.core.db.DirectoryReads directory, AccessService access) {
            this.directory = directory;
            this.access = access;
        }

        /** A project by numeric id or full path, if the caller may see it. */
        public Project project(String id, Principal principal) {
            var found = isNumeric(id) ? directory.project(Long.parseLong(id)) : directory.projectByPath(id);
            if (found.isEmpty() || !access.canSee(principal, found.get())) {
                throw AccessService.hidden(principal, "404 Project Not Found");
            }
            return found.get();
        }

        public Namespace group(String id, Principal principal) {
            var found = isNumeric(id) ? directory.namespace(Long.parseLong(id)) : directory.namespaceByPath(id);
            if (found.isEmpty() || !found.get().group() || !access.canSeeGroup(principal, found.get())) {
                throw AccessService.hidden(principal, "404 Group Not Found");
            }
            return found.get();
        }

        public void requireInstancePackagesEnabled() {
            if (!directory.setting("packages_enabled").map(Boolean::parseBoolean).orElse(true)) {
                throw new DepotException.NotFound("404 Not Found");
            }
        }

        public void requirePackagesEnabled(Project project, Principal principal) {
            requireInstancePackagesEnabled();
            if (!project.packagesEnabled()) throw new DepotException.NotFound("404 Not Found");
        }

        public List<Project> readableIn(Namespace group, Principal principal) {
            return directory.projectsIn(directory.descendantIds(group.id())).stream()
                    .filter(p -> p.packagesEnabled() && access.may(principal, p, Action.READ)).toList();
        }

        public List<Project> readable(Principal principal) {
            return directory.projects().stream()
                    .filter(p -> p.packagesEnabled() && access.may(principal, p, Action.READ)).toList();
        }

        private static boolean isNumeric(String s) {
            return !s.isEmpty() && s.length() < 19 && s.chars().allMatch(Character::isDigit);
        }
    }
}
