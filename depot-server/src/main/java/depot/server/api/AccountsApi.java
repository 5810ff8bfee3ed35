package depot.server.api;

import depot.core.access.Principal;
import depot.core.error.DepotException;
import depot.core.identity.DirectoryService;
import depot.core.model.PersonalAccessToken;
import depot.core.model.User;
import depot.http.Paging;
import depot.http.Params;
import depot.server.Services;
import io.javalin.http.Context;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Version, the current user, users, personal access tokens, instance settings and the job of a job token. */
final class AccountsApi {
    private final Services s;
    private final Guard guard;
    private final Json json;

    AccountsApi(Services services, Guard guard, Json json) {
        this.s = services;
        this.guard = guard;
        this.json = json;
    }

    void routes(Api.Router r) {
        r.get("/version", ctx -> {
            guard.principal(ctx); // a credential that is presented must be valid
            ctx.json(Map.of("version", "17.0.0-depot", "revision", "depot"));
        });
        r.get("/user", ctx -> ctx.json(json.user(guard.user(ctx, false), true)));
        r.get("/users", this::listUsers);
        r.post("/users", this::createUser);
        r.get("/users/{uid}", ctx -> {
            User caller = guard.user(ctx, false);
            User u = user(ctx);
            ctx.json(json.user(u, caller.admin() || caller.id() == u.id()));
        });
        r.post("/users/{uid}/block", ctx -> setState(ctx, "blocked"));
        r.post("/users/{uid}/unblock", ctx -> setState(ctx, "active"));
        r.post("/users/{uid}/personal_access_tokens", this::createToken);
        r.get("/personal_access_tokens", this::listTokens);
        r.get("/personal_access_tokens/self", ctx ->
                ctx.json(json.personalToken(s.identities().personalToken(selfToken(ctx)).orElseThrow(), s.clock().now())));
        // the token of the request revokes itself, whatever its scopes: what to do with a token that leaked
        r.delete("/personal_access_tokens/self", ctx ->
                revoke(ctx, s.identities().personalToken(selfToken(ctx)).orElseThrow(), " (by itself)"));
        r.get("/personal_access_tokens/{tid}", ctx -> ctx.json(json.personalToken(token(ctx, false), s.clock().now())));
        r.delete("/personal_access_tokens/{tid}", ctx -> revoke(ctx, token(ctx, true), ""));
        r.get("/audit_events", this::auditEvents);
        r.get("/package_claims", ctx -> {
            guard.admin(ctx, false);
            ctx.json(s.packageService().claims().list(ctx.queryParam("package_type")).stream()
                    .map(c -> Map.of("package_type", c.type(), "claim", c.claim(), "namespace_id", c.namespaceId(),
                            "namespace", c.namespacePath(),
                            "created_at", Json.time(c.createdAt()))).toList());
        });
        r.put("/package_claims", this::transferClaim);
        r.get("/application/settings", ctx -> {
            guard.admin(ctx, false);
            ctx.json(settings());
        });
        r.put("/application/settings", ctx -> {
            guard.admin(ctx, true);
            Boolean enabled = new Params(ctx).bool("packages_enabled");
            if (enabled != null) s.directory().saveSetting("packages_enabled", enabled.toString());
            ctx.json(settings());
        });
        r.get("/job", ctx -> {
            if (!(guard.principal(ctx) instanceof Principal.JobPrincipal j) || !s.access().actsForDeveloper(j)) {
                throw new DepotException.Unauthenticated("401 Unauthorized");
            }
            ctx.json(json.job(j.job(), j.user()));
        });
    }

    private void revoke(Context ctx, PersonalAccessToken revoked, String how) {
        s.identities().revokePersonalToken(revoked.id());
        s.audit().record(guard.principal(ctx), "token_revoked", "PersonalAccessToken", revoked.id(),
                "personal access token \"" + revoked.name() + "\"" + how);
        Api.noContent(ctx);
    }

    /** The id of the personal access token the request authenticated with; 401 for any other credential. */
    private long selfToken(Context ctx) {
        if (!(guard.principal(ctx) instanceof Principal.UserPrincipal u) || u.tokenId() == null) {
            throw new DepotException.Unauthenticated("401 Unauthorized");
        }
        return u.tokenId();
    }

    private Map<String, Object> settings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("packages_enabled", s.directory().setting("packages_enabled").map(Boolean::parseBoolean).orElse(true));
        return m;
    }

    private void listUsers(Context ctx) {
        User caller = guard.user(ctx, false);
        List<Map<String, Object>> all = s.identities().users(ctx.queryParam("username")).stream()
                .map(u -> json.user(u, caller.admin())).toList();
        ctx.json(Paging.apply(ctx, all));
    }

    private void createUser(Context ctx) {
        guard.admin(ctx, true);
        Params p = new Params(ctx);
        Boolean admin = p.bool("admin");
        String password = p.string("password");
        if (password == null && !Boolean.TRUE.equals(p.bool("force_random_password"))) {
            throw new DepotException.Invalid("password is missing");
        }
        User u = s.directoryService().createUser(p.required("username"), p.string("name"), p.required("email"),
                password, Boolean.TRUE.equals(admin));
        ctx.status(201).json(json.user(u, true));
    }

    private User user(Context ctx) {
        return s.identities().user(Api.id(ctx, "uid", "User")).orElseThrow(() -> Api.notFound("User"));
    }

    private void setState(Context ctx, String state) {
        User admin = guard.admin(ctx, true);
        User u = user(ctx);
        if (u.id() == admin.id()) throw new DepotException.Forbidden("403 Forbidden - you cannot block yourself");
        s.identities().setUserState(u.id(), state);
        ctx.status(201).json(true);
    }

    /** GitLab's instance audit events API (admins only), newest first; {@code action} filters. */
    /** An admin gives a name's claim to a root namespace: {@code package_type}, {@code claim}, {@code namespace}. */
    private void transferClaim(Context ctx) {
        guard.admin(ctx, true);
        Params p = new Params(ctx);
        String type = p.string("package_type");
        String claim = p.string("claim");
        String namespace = p.string("namespace");
        if (type == null || claim == null || namespace == null || claim.isBlank() || claim.length() > 512) {
            throw new DepotException.Invalid("package_type, claim and namespace are required");
        }
        var target = (namespace.chars().allMatch(Character::isDigit) && !namespace.isEmpty()
                ? s.directory().namespace(Long.parseLong(namespace)) : s.directory().namespaceByPath(namespace))
                .orElseThrow(() -> Api.notFound("Namespace"));
        s.packageService().claims().transfer(type, claim, target);
        s.audit().record(guard.principal(ctx), "package_claim_transferred", "Namespace", target.id(),
                type + " " + claim + " to " + target.fullPath());
        ctx.json(Map.of("package_type", type, "claim", claim, "namespace_id", target.id(),
                "namespace", target.fullPath()));
    }

    private void auditEvents(Context ctx) {
        guard.admin(ctx, false);
        int page = Paging.page(ctx);
        int perPage = Paging.perPage(ctx);
        List<depot.core.db.AuditLog.Event> events = s.audit().list(ctx.queryParam("action"),
                (int) Math.min(Integer.MAX_VALUE, (long) (page - 1) * perPage), perPage + 1);
        Paging.headers(ctx, null, page, perPage, events.size() > perPage);
        ctx.json(events.stream().limit(perPage).map(json::auditEvent).toList());
    }

    private void createToken(Context ctx) {
        guard.admin(ctx, true);
        User u = user(ctx);
        Params p = new Params(ctx);
        DirectoryService.Issued<PersonalAccessToken> issued = s.directoryService().createPersonalToken(u,
                p.required("name"), p.list("scopes"), date(p.string("expires_at")), null);
        s.audit().record(guard.principal(ctx), "token_created", "PersonalAccessToken", issued.record().id(),
                "personal access token \"" + issued.record().name() + "\" for " + u.username() + ", scopes "
                        + String.join(",", p.list("scopes")));
        Map<String, Object> body = json.personalToken(issued.record(), s.clock().now());
        body.put("token", issued.token());
        ctx.status(201).json(body);
    }

    private void listTokens(Context ctx) {
        User caller = guard.user(ctx, false);
        Long userId = caller.admin() ? new Params(ctx).longValue("user_id") : Long.valueOf(caller.id());
        long now = s.clock().now();
        ctx.json(Paging.apply(ctx, s.identities().personalTokens(userId).stream()
                .map(t -> json.personalToken(t, now)).toList()));
    }

    private PersonalAccessToken token(Context ctx, boolean write) {
        User caller = guard.user(ctx, write);
        long id = Api.id(ctx, "tid", "Token");
        return s.identities().personalToken(id).filter(t -> caller.admin() || t.userId() == caller.id())
                .orElseThrow(() -> Api.notFound("Token"));
    }

    /** A GitLab date ("2026-12-31"): the token stops working at the start of that day, UTC. */
    static Long date(String value) {
        if (value == null || value.isBlank()) return null;
        try {
            return LocalDate.parse(value.trim()).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new DepotException.Invalid("expires_at is invalid");
        }
    }
}
