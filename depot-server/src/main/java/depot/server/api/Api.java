package depot.server.api;

import depot.core.error.DepotException;
import depot.http.ErrorStyle;
import depot.http.Errors;
import depot.http.FormatContext;
import depot.http.HttpAuth;
import depot.http.PackageFormat;
import depot.server.Config;
import depot.server.Services;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.util.List;
import java.util.Map;

/** GitLab's REST API under {@code /api/v4}: accounts, groups, projects, members, tokens, jobs, packages. */
public final class Api {
    private final AccountsApi accounts;
    private final GroupsApi groups;
    private final ProjectsApi projects;
    private final MembersApi members;
    private final PackagesApi packages;
    private final FormatApi formatApi;
    private final UpstreamsApi upstreams;
    private final List<PackageFormat> formats;

    public Api(Services services, HttpAuth auth, FormatContext formatContext, List<PackageFormat> formats,
               Config config) {
        Guard guard = new Guard(auth, services);
        Json json = new Json(config.externalUrl());
        this.accounts = new AccountsApi(services, guard, json);
        this.groups = new GroupsApi(services, guard, json);
        this.formatApi = new FormatApi(guard, formatContext);
        this.formats = formats;
        this.projects = new ProjectsApi(services, guard, json, formatApi.attributes());
        this.members = new MembersApi(services, guard, json);
        this.packages = new PackagesApi(services, guard, json, formatContext, formats);
        this.upstreams = new UpstreamsApi(services.upstreams(), guard, formats.stream()
                .filter(PackageFormat::readsThroughUpstreams).map(PackageFormat::type)
                .collect(java.util.stream.Collectors.toSet()));
    }

    public void install(RoutesConfig routes) {
        Router r = new Router(routes);
        accounts.routes(r);
        groups.routes(r);
        projects.routes(r);
        members.routes(r);
        packages.routes(r);
        upstreams.routes(r);
        formatApi.install(r);
        for (PackageFormat format : formats) format.api(formatApi);
        routes.error(404, ctx -> {
            if (ctx.result() == null || ctx.result().isEmpty() || ctx.result().equals("Endpoint " + ctx.method() + " " + ctx.path() + " not found")) {
                if (ctx.path().startsWith("/api/")) ctx.json(Map.of("error", "404 Not Found"));
                else ctx.contentType("text/plain").result("404 Not Found\n");
            }
        });
    }

    /** Registers API handlers with GitLab's error rendering. */
    static final class Router {
        private final RoutesConfig routes;

        Router(RoutesConfig routes) { this.routes = routes; }

        void get(String path, Handler h) { add(HandlerType.GET, path, h); }

        void post(String path, Handler h) { add(HandlerType.POST, path, h); }

        void put(String path, Handler h) { add(HandlerType.PUT, path, h); }

        void patch(String path, Handler h) { add(HandlerType.PATCH, path, h); }

        void delete(String path, Handler h) { add(HandlerType.DELETE, path, h); }

        void add(HandlerType method, String path, Handler h) {
            routes.addHttpHandler(method, "/api/v4" + path, ctx -> {
                try {
                    depot.http.Params.requireWellFormedQuery(ctx);
                    h.handle(ctx);
                } catch (Exception e) {
                    Errors.write(ctx, API_ERRORS, e);
                }
            });
        }
    }

    /** GitLab writes validation failures as {"error": …} and everything else as {"message": …}. */
    static final ErrorStyle API_ERRORS = (ctx, status, message) ->
            ctx.status(status).json(Map.of(status == 400 ? "error" : "message", message));

    static void noContent(Context ctx) { ctx.status(204); }

    /** A numeric path parameter; anything else names nothing that exists. */
    static long id(Context ctx, String param, String what) {
        try {
            return Long.parseLong(ctx.pathParam(param));
        } catch (NumberFormatException e) {
            throw notFound(what);
        }
    }

    static DepotException notFound(String what) { return new DepotException.NotFound("404 " + what + " Not Found"); }
}
