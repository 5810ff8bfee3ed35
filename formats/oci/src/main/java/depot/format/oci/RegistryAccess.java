package depot.format.oci;

import depot.core.access.AccessService;
import depot.core.access.Action;
import depot.core.access.Authenticator;
import depot.core.access.Principal;
import depot.core.db.DirectoryReads;
import depot.core.error.DepotException;
import depot.core.model.Project;
import depot.http.FormatContext;
import depot.http.FormatRequest;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Who may do what in the container registry. A caller arrives with a registry token from {@code /jwt/auth} (the
 * Docker flow) or with any Depot credential directly (Basic, a token header); either way the live permission of
 * the project decides, and a registry token further limits the caller to the scopes it was issued for.
 * Repository names are a project's full path, optionally followed by an image path.
 */
final class RegistryAccess {
    private final FormatContext services;
    private final RegistryTokens tokens;
    private final DirectoryReads directory;
    private final AccessService access;
    private final Authenticator authenticator;

    RegistryAccess(FormatContext services, RegistryTokens tokens) {
        this.services = services;
        this.tokens = tokens;
        this.directory = services.directory();
        this.access = services.access();
        this.authenticator = services.authenticator();
    }

    /** The caller: a principal and, when it came with a registry token, what that token grants. */
    record Caller(Principal principal, RegistryTokens.Grant grant, boolean presentedCredentials) {}

    /** A repository name resolved to its project: {@code image} is the path below the project ('' for none). */
    record Target(String name, Project project, String image) {}

    Caller caller(FormatRequest req) {
        String auth = req.ctx().header("Authorization");
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String credential = auth.substring(7).trim();
            if (RegistryTokens.looksLikeJwt(credential)) {
                RegistryTokens.Grant grant = tokens.verify(credential, services.clock().now());
                return new Caller(authenticator.restore(grant.principal()), grant, true);
            }
        }
        Principal p = req.principal();
        return new Caller(p, null, !(p instanceof Principal.Anonymous));
    }

    /** Sets the challenge a 401 on this request carries: where to get a token, and for which scope. */
    void challenge(Context ctx, String scope) {
        String value = "Bearer realm=\"" + services.externalUrl() + "/jwt/auth\",service=\"" + RegistryTokens.SERVICE + "\"";
        if (scope != null) value += ",scope=\"" + scope + "\"";
        ctx.attribute(OciErrors.CHALLENGE_ATTRIBUTE, value);
    }

    /** Finds the project a repository name belongs to: the longest leading path that is a project the caller sees. */
    Target resolve(String name, Caller caller) {
        if (!OciNames.validName(name)) throw OciErrors.nameInvalid(name);
        Optional<Target> target = find(name, caller.principal());
        if (target.isEmpty()) {
            if (caller.principal() instanceof Principal.Anonymous) {
                throw new DepotException.Unauthenticated("UNAUTHORIZED authentication required");
            }
            throw OciErrors.nameUnknown(name);
        }
        return target.get();
    }

    private Optional<Target> find(String name, Principal principal) {
        List<String> prefixes = new ArrayList<>();
        for (int slash = name.indexOf('/'); slash > 0; slash = name.indexOf('/', slash + 1)) {
            prefixes.add(name.substring(0, slash));
        }
        prefixes.add(name);
        for (Project project : directory.projectsByPaths(prefixes)) {
            if (!access.canSee(principal, project)) continue;
            int length = project.fullPath().length();
            String image = length == name.length() ? "" : name.substring(length + 1);
            return Optional.of(new Target(name, project, image));
        }
        return Optional.empty();
    }

    /** Throws unless the caller may do {@code action} in the target's repository. */
    void require(Caller caller, Target target, Action action) {
        if (!access.may(caller.principal(), target.project(), action, AccessService.Area.REGISTRY)) {
            if (caller.principal() instanceof Principal.Anonymous) {
                throw new DepotException.Unauthenticated("UNAUTHORIZED authentication required");
            }
            throw new DepotException.Forbidden("DENIED requested access to the resource is denied");
        }
        // allowed, but not by this token: the client should fetch one for the scope in the challenge
        if (caller.grant() != null && !caller.grant().allows("repository", target.name(), action(action))) {
            throw new DepotException.Unauthenticated("UNAUTHORIZED authentication required: insufficient scope");
        }
    }

    boolean may(Caller caller, Target target, Action action) {
        return (caller.grant() == null || caller.grant().allows("repository", target.name(), action(action)))
                && access.may(caller.principal(), target.project(), action, AccessService.Area.REGISTRY);
    }

    /** Projects whose repositories the caller may pull from, for the catalog. */
    List<Long> readableProjects(Caller caller) {
        return directory.projects().stream()
                .filter(p -> access.may(caller.principal(), p, Action.READ, AccessService.Area.REGISTRY))
                .map(Project::id).toList();
    }

    static String action(Action action) {
        return switch (action) {
            case READ -> "pull";
            case WRITE -> "push";
            case DELETE -> "delete";
        };
    }

    /**
     * {@code GET /jwt/auth?service=…&scope=repository:NAME:pull,push}: trades the caller's credentials (or none, for
     * public pulls) for a token granting the requested actions the caller may take. Unknown or forbidden scopes are
     * granted nothing rather than refused, as Docker's token specification asks.
     */
    Map<String, Object> token(FormatRequest req) {
        return token(req.principal(), req.ctx().queryParams("scope"));
    }

    /**
     * {@code POST /jwt/auth}, the OAuth2 form of the token service that containerd tries first: {@code grant_type=
     * password} with {@code username}, {@code password} and {@code scope} in the form. Refresh tokens are not issued,
     * so the {@code refresh_token} grant is refused.
     */
    Map<String, Object> oauthToken(FormatRequest req) {
        Context ctx = req.ctx();
        if (!"password".equals(ctx.formParam("grant_type"))) {
            throw new DepotException.Invalid("unsupported_grant_type: only the password grant is supported");
        }
        Principal principal = authenticator.authenticate(new depot.core.access.Credentials(
                depot.core.access.Credentials.Kind.BASIC, ctx.formParam("username"), ctx.formParam("password")), ctx.ip());
        return token(principal, ctx.formParams("scope"));
    }

    private Map<String, Object> token(Principal principal, List<String> scopes) {
        List<RegistryTokens.Access> granted = new ArrayList<>();
        for (String scope : scopes) {
            for (String one : scope.split(" ")) {
                RegistryTokens.Access a = grant(principal, one);
                if (a != null && !a.actions().isEmpty()) granted.add(a);
            }
        }
        long now = services.clock().now();
        String token = tokens.issue(Authenticator.reference(principal), principal.name(), granted, now);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("token", token);
        body.put("access_token", token);
        body.put("expires_in", tokens.lifetimeSeconds());
        body.put("issued_at", Instant.ofEpochMilli(now).toString());
        return body;
    }

    private RegistryTokens.Access grant(Principal principal, String scope) {
        int first = scope.indexOf(':');
        int last = scope.lastIndexOf(':');
        if (first < 0 || last <= first) return null;
        String type = scope.substring(0, first);
        String name = scope.substring(first + 1, last);
        Set<String> requested = Set.of(scope.substring(last + 1).split(","));
        if (type.equals("registry") && name.equals("catalog")) {
            return new RegistryTokens.Access(type, name, requested.contains("*") ? Set.of("*") : Set.of());
        }
        if (!type.startsWith("repository") || !OciNames.validName(name)) return null;
        if (DependencyProxy.isProxyName(name)) {
            String groupPath = name.substring(0, name.indexOf(DependencyProxy.SEGMENT));
            boolean may = (requested.contains("pull") || requested.contains("*"))
                    && directory.namespaceByPath(groupPath).filter(depot.core.model.Namespace::group)
                            .map(g -> access.mayUseDependencyProxy(principal, g)).orElse(false);
            return new RegistryTokens.Access("repository", name, may ? Set.of("pull") : Set.of());
        }
        Optional<Target> target = find(name, principal);
        if (target.isEmpty()) return null;
        Set<String> actions = new LinkedHashSet<>();
        Caller caller = new Caller(principal, null, true);
        for (Action action : Action.values()) {
            String wanted = action(action);
            if ((requested.contains(wanted) || requested.contains("*")) && may(caller, target.get(), action)) {
                actions.add(wanted);
            }
        }
        return new RegistryTokens.Access("repository", name, actions);
    }
}
