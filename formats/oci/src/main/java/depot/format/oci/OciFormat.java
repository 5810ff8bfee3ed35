package depot.format.oci;

import depot.core.access.Action;
import depot.core.db.Database;
import depot.core.error.DepotException;
import depot.core.model.Package;
import depot.core.model.PackageFile;
import depot.core.packages.Housekeeper;
import depot.http.ApiRoutes;
import depot.http.ErrorStyle;
import depot.http.FormatCommand;
import depot.http.FormatContext;
import depot.http.FormatRequest;
import depot.http.FormatRoutes;
import depot.http.PackageDetails;
import depot.http.PackageFormat;
import depot.http.PageRoutes;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;

/**
 * The container registry: the OCI distribution API under {@code /v2/} and its token service at {@code /jwt/auth}.
 * Repositories are named by a project's full path and an optional image path below it; images are not packages
 * (as in GitLab), so they live in tables of their own and share only the blob store.
 */
public final class OciFormat implements PackageFormat {
    public static final String TYPE = "container";
    static final String TOKEN_KEY_SETTING = "container_registry_token_key";
    static final long TOKEN_LIFETIME_MILLIS = 15 * 60_000L;
    private static final Pattern ROUTE = Pattern.compile(
            "(.+?)/(?:manifests/([^/]+)|blobs/uploads/?([^/]*)|blobs/([^/]+)|(tags/list)|referrers/([^/]+))");
    private RegistryAccess access;
    private BlobEndpoints blobs;
    private ManifestEndpoints manifests;
    private DependencyProxy proxy;

    @Override
    public String type() { return TYPE; }

    @Override
    public String displayName() { return "Container"; }

    @Override
    public ErrorStyle errorStyle() { return OciErrors.STYLE; }

    /** The dependency proxy's upstream (configuration only: there is no built-in default host). */
    @Override
    public Map<String, String[]> settings() {
        Map<String, String[]> s = new java.util.LinkedHashMap<>();
        s.put("dependency_proxy_upstream", new String[] {"", "registry the container dependency proxy pulls through (https://host); off when empty"});
        s.put("dependency_proxy_username", new String[] {"", "credentials for that upstream registry (anonymous when empty)"});
        s.put("dependency_proxy_password", new String[] {"", "password or token for that upstream registry"});
        s.put("dependency_proxy_auth_hosts", new String[] {"", "further hosts (host or host:port, comma-separated) whose "
                + "token service may receive those credentials; the upstream's own host always may"});
        return s;
    }

    @Override
    public boolean storesPackages() { return false; }

    @Override
    public List<Housekeeper> housekeepers(Database database) { return List.of(new ContainerGc(database.jdbi())); }

    @Override
    public void pages(PageRoutes pages) {
        Jdbi jdbi = pages.services().database().jdbi();
        new ContainerPages(pages.services(), new ContainerStore(jdbi), new ProxyStore(jdbi)).register(pages);
    }

    @Override
    public List<FormatCommand> commands() { return List.of(new CleanupCommand()); }

    @Override
    public void api(ApiRoutes routes) {
        Jdbi jdbi = routes.services().database().jdbi();
        new RegistryApi(routes, new ContainerStore(jdbi), new ContainerCleanup(jdbi)).routes(routes);
    }

    @Override
    public void routes(FormatRoutes routes) {
        FormatContext services = routes.services();
        ContainerStore store = new ContainerStore(services.database().jdbi());
        byte[] fresh = new byte[32];
        new SecureRandom().nextBytes(fresh);
        byte[] key = Base64.getDecoder().decode(services.directory()
                .settingIfAbsent(TOKEN_KEY_SETTING, Base64.getEncoder().encodeToString(fresh)));
        access = new RegistryAccess(services, new RegistryTokens(key, TOKEN_LIFETIME_MILLIS));
        blobs = new BlobEndpoints(services, store, access);
        manifests = new ManifestEndpoints(services, store);
        proxy = new DependencyProxy(services, new ProxyStore(services.database().jdbi()));
        for (HandlerType method : List.of(HandlerType.GET, HandlerType.HEAD)) {
            routes.root(method, "/v2", this::base);
            routes.root(method, "/v2/", this::base);
        }
        for (HandlerType method : List.of(HandlerType.GET, HandlerType.HEAD, HandlerType.PUT, HandlerType.POST,
                HandlerType.PATCH, HandlerType.DELETE)) {
            routes.root(method, "/v2/<path>", this::dispatch);
        }
        routes.root(HandlerType.GET, "/jwt/auth", req -> req.ctx().json(access.token(req)));
        routes.root(HandlerType.POST, "/jwt/auth", req -> req.ctx().json(access.oauthToken(req)));
    }

    /** {@code GET /v2/}: 200 for a caller with valid credentials, else the challenge that starts the token flow. */
    private void base(FormatRequest req) {
        Context ctx = req.ctx();
        ctx.header("Docker-Distribution-API-Version", "registry/2.0");
        access.challenge(ctx, null);
        signedIn(req);
        ctx.json(Map.of());
    }

    /** The caller, who must have presented credentials or a token (an anonymous token will do). */
    private RegistryAccess.Caller signedIn(FormatRequest req) {
        RegistryAccess.Caller caller = access.caller(req);
        if (!caller.presentedCredentials() && caller.grant() == null) {
            throw new DepotException.Unauthenticated("UNAUTHORIZED authentication required");
        }
        return caller;
    }

    private void dispatch(FormatRequest req) throws Exception {
        Context ctx = req.ctx();
        ctx.header("Docker-Distribution-API-Version", "registry/2.0");
        String path = ctx.path().substring("/v2/".length());
        String method = ctx.method().name();
        if (path.equals("_catalog") || path.equals("_catalog/")) {
            access.challenge(ctx, "registry:catalog:*");
            RegistryAccess.Caller caller = signedIn(req);
            if (!method.equals("GET")) throw OciErrors.unsupported(method + " on the catalog");
            manifests.catalog(ctx, access.readableProjects(caller));
            return;
        }
        Matcher m = ROUTE.matcher(path);
        if (!m.matches()) throw new DepotException.NotFound("NAME_UNKNOWN no such endpoint: /v2/" + path);
        String name = m.group(1);
        if (DependencyProxy.isProxyName(name)) {
            throughProxy(req, name, m);
            return;
        }
        Action action = switch (method) {
            case "GET", "HEAD" -> Action.READ;
            case "DELETE" -> m.group(3) != null ? Action.WRITE : Action.DELETE;
            default -> Action.WRITE;
        };
        access.challenge(ctx, OciNames.validName(name) ? "repository:" + name + ":" + scopeActions(action) : null);
        RegistryAccess.Caller caller = access.caller(req);
        RegistryAccess.Target target = access.resolve(name, caller);
        access.require(caller, target, action);
        try {
            route(ctx, method, caller, target, m);
        } catch (BlobEndpoints.RangeNotSatisfiable e) {
            ctx.status(416);
            ctx.header("Range", "0-" + Math.max(0, e.size - 1));
            ctx.json(Map.of("errors", List.of(Map.of("code", "BLOB_UPLOAD_INVALID",
                    "message", "the chunk does not continue the upload, which holds " + e.size + " bytes",
                    "detail", Map.of()))));
        }
    }

    private void route(Context ctx, String method, RegistryAccess.Caller caller, RegistryAccess.Target target,
                       Matcher m) throws Exception {
        if (m.group(2) != null) {
            switch (method) {
                case "GET", "HEAD" -> manifests.get(ctx, target, m.group(2));
                case "PUT" -> manifests.put(ctx, target, m.group(2));
                case "DELETE" -> manifests.delete(ctx, caller, target, m.group(2));
                default -> throw OciErrors.unsupported(method + " on a manifest");
            }
        } else if (m.group(3) != null) {
            String uuid = m.group(3);
            if (uuid.isEmpty()) {
                if (!method.equals("POST")) throw OciErrors.unsupported(method + " on blob uploads");
                blobs.start(ctx, caller, target);
                return;
            }
            switch (method) {
                case "PATCH" -> blobs.patch(ctx, target, uuid);
                case "PUT" -> blobs.finish(ctx, target, uuid);
                case "GET", "HEAD" -> blobs.status(ctx, target, uuid);
                case "DELETE" -> blobs.cancel(ctx, target, uuid);
                default -> throw OciErrors.unsupported(method + " on a blob upload");
            }
        } else if (m.group(4) != null) {
            switch (method) {
                case "GET", "HEAD" -> blobs.get(ctx, target, m.group(4));
                case "DELETE" -> blobs.delete(ctx, target, m.group(4));
                default -> throw OciErrors.unsupported(method + " on a blob");
            }
        } else if (m.group(5) != null) {
            if (!method.equals("GET")) throw OciErrors.unsupported(method + " on tags");
            manifests.tags(ctx, target);
        } else {
            if (!method.equals("GET")) throw OciErrors.unsupported(method + " on referrers");
            manifests.referrers(ctx, target, m.group(6));
        }
    }

    /** Pulls through a group's dependency proxy: manifests and blobs, GET and HEAD only. */
    private void throughProxy(FormatRequest req, String name, Matcher m) throws Exception {
        Context ctx = req.ctx();
        access.challenge(ctx, OciNames.validName(name) ? "repository:" + name + ":pull" : null);
        DependencyProxy.Target target = proxy.resolve(name, access.caller(req));
        String method = ctx.method().name();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            throw OciErrors.unsupported(method + ": the dependency proxy only serves pulls");
        }
        if (m.group(2) != null) proxy.manifest(ctx, target, m.group(2));
        else if (m.group(4) != null) proxy.blob(ctx, target, m.group(4));
        else throw OciErrors.unsupported("the dependency proxy serves manifests and blobs only");
    }

    private static String scopeActions(Action action) {
        return switch (action) {
            case READ -> "pull";
            case WRITE -> "pull,push";
            case DELETE -> "delete";
        };
    }

    @Override
    public PackageDetails details(Package pkg, List<PackageFile> files, FormatContext ctx) {
        return new PackageDetails(List.of(), List.of());
    }
}
