package depot.server.web;

import depot.core.access.Principal;
import depot.core.access.Secrets;
import depot.core.db.WebSessions;
import depot.core.error.DepotException;
import depot.core.model.User;
import depot.server.Services;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The web UI's sessions: signing in and out, and who a request is. Sessions are database rows behind an HttpOnly,
 * SameSite cookie; the forms of a session echo its CSRF token, the sign-in form a double-submit cookie.
 */
final class BrowserSessions {
    static final String SESSION_COOKIE = "depot_session";
    static final String CSRF_COOKIE = "depot_csrf";
    private static final long SESSION_MILLIS = 7L * 24 * 3600 * 1000;

    private final Services s;
    private final WebSessions sessions;
    private final Templates templates;
    private final boolean secure;

    BrowserSessions(Services services, Templates templates, boolean secure) {
        this.s = services;
        this.sessions = new WebSessions(services.database().jdbi());
        this.templates = templates;
        this.secure = secure;
    }

    record Session(User user, String csrf) {
        /** A signed-in browser acts as its user with every scope, like a password sign-in. */
        Principal principal() { return new Principal.UserPrincipal(user, null, Set.of()); }
    }

    Session signedIn(Context ctx) {
        return session(ctx).orElseThrow(() -> new DepotException.Unauthenticated("sign in first"));
    }

    /** The request's session, looked up once per request. */
    @SuppressWarnings("unchecked")
    Optional<Session> session(Context ctx) {
        Optional<Session> known = (Optional<Session>) ctx.attribute("depot.web.session");
        if (known != null) return known;
        String token = ctx.cookie(SESSION_COOKIE);
        Optional<Session> found = token == null || token.isEmpty() ? Optional.empty()
                : sessions.find(Secrets.digest(token))
                        .filter(x -> x.expiresAt() > s.clock().now())
                        .flatMap(x -> s.identities().user(x.userId()).filter(User::active)
                                .map(u -> new Session(u, x.csrfToken())));
        ctx.attribute("depot.web.session", found);
        return found;
    }

    static final String FLASH_COOKIE = "depot_flash";
    private static final int MAX_FLASH = 300;

    Viewer viewer(Context ctx) {
        String here = "GET".equals(ctx.method().name()) ? ctx.path()
                + (ctx.queryString() == null ? "" : "?" + ctx.queryString()) : "/";
        String flash = flash(ctx);
        return session(ctx).map(x -> new Viewer(x.user().username(), x.csrf(), x.user().admin(), here, flash))
                .orElse(new Viewer(null, "", false, here, flash));
    }

    /** Says what an action did on the next page the browser shows (once): the action then redirects. */
    void flash(Context ctx, String message) {
        String m = message.length() > MAX_FLASH ? message.substring(0, MAX_FLASH) + "…" : message;
        Cookie c = cookie(FLASH_COOKIE, java.net.URLEncoder.encode(m, java.nio.charset.StandardCharsets.UTF_8), 60);
        ctx.cookie(c);
    }

    /** The message an action left for this page, read once per request and then cleared. */
    private String flash(Context ctx) {
        Object known = ctx.attribute("depot.web.flash");
        if (known != null) return known.equals("") ? null : (String) known;
        String raw = ctx.cookie(FLASH_COOKIE);
        String message = null;
        if (raw != null && !raw.isEmpty() && "GET".equals(ctx.method().name())) {
            try {
                message = java.net.URLDecoder.decode(raw, java.nio.charset.StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                message = null;
            }
            ctx.cookie(cookie(FLASH_COOKIE, "", 0));
        }
        if (message != null && message.length() > MAX_FLASH + 1) message = null;
        ctx.attribute("depot.web.flash", message == null ? "" : message);
        return message;
    }

    /**
     * Where signing in goes next: {@code return_to} when it is a path of this site (never another host, never the
     * sign-in pages themselves), else the start page.
     */
    static String returnTo(String target) {
        if (target == null || target.length() > 2048 || !target.startsWith("/") || target.startsWith("//")
                || target.startsWith("/\\") || target.startsWith("/users/")
                || target.chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == '\\')) {
            return "/";
        }
        return target;
    }

    Principal principal(Context ctx) {
        return session(ctx).<Principal>map(Session::principal)
                .orElse(Principal.ANONYMOUS);
    }

    /** Forms of signed-in users echo the session's CSRF token. */
    void requireCsrf(Context ctx, Session session) {
        if (!constantTimeEquals(session.csrf(), ctx.formParam("csrf_token"))) {
            throw new DepotException.Forbidden("the form has expired; reload the page and try again");
        }
    }

    private static boolean constantTimeEquals(String a, String b) {
        return a != null && b != null && MessageDigest.isEqual(a.getBytes(), b.getBytes());
    }

    void signInPage(Context ctx, String error) {
        signInPage(ctx, error == null ? 200 : 401, error);
    }

    private void signInPage(Context ctx, int status, String error) {
        // before a session exists the form is protected by a double-submit cookie; one the browser has is kept (a
        // second sign-in page, another tab's or one a stray request landed on, must not expire the first one's form)
        String kept = ctx.cookie(CSRF_COOKIE);
        String csrf = kept != null && kept.matches("[A-Za-z0-9_-]{32,64}") ? kept : s.secrets().randomString(32);
        ctx.cookie(cookie(CSRF_COOKIE, csrf, -1));
        // a failed attempt keeps the username and where to go afterwards
        String username = ctx.method().name().equals("POST") ? ctx.formParam("username") : null;
        String returnTo = returnTo(ctx.method().name().equals("POST") ? ctx.formParam("return_to")
                : ctx.queryParam("return_to"));
        ctx.status(status).contentType("text/html; charset=utf-8")
                .result(templates.render("signin", Map.of("viewer", viewer(ctx), "error", error == null ? "" : error,
                        "csrf", csrf, "username", username == null || username.length() > 255 ? "" : username,
                        "returnTo", returnTo)));
    }

    void signIn(Context ctx) {
        if (!constantTimeEquals(ctx.cookie(CSRF_COOKIE), ctx.formParam("csrf_token"))) {
            signInPage(ctx, "The form has expired; please try again.");
            return;
        }
        String username = String.valueOf(ctx.formParam("username")).trim();
        String password = String.valueOf(ctx.formParam("password"));
        depot.core.access.Principal.UserPrincipal signedIn;
        try {
            signedIn = s.authenticator().signIn(username, password, ctx.ip());
        } catch (DepotException.TooManyRequests e) {
            ctx.header("Retry-After", String.valueOf(e.retryAfterSeconds()));
            signInPage(ctx, 429, "Too many failed sign-in attempts; try again in " + e.retryAfterSeconds() + " seconds.");
            return;
        } catch (DepotException.Unauthenticated e) {
            s.audit().record(null, "sign_in_failed", "User", null, "sign-in as \"" + username + "\" refused");
            signInPage(ctx, "Invalid username or password.");
            return;
        }
        User user = signedIn.user();
        s.audit().record(signedIn, "sign_in", "User", user.id(), "signed in to the web UI");
        String token = s.secrets().randomString(48);
        long now = s.clock().now();
        sessions.deleteExpired(now);
        sessions.create(Secrets.digest(token), user.id(), s.secrets().randomString(32), now + SESSION_MILLIS, now);
        ctx.cookie(cookie(SESSION_COOKIE, token, (int) (SESSION_MILLIS / 1000)));
        ctx.removeCookie(CSRF_COOKIE, "/");
        ctx.redirect(returnTo(ctx.formParam("return_to")));
    }

    void signOut(Context ctx) {
        Optional<Session> session = session(ctx);
        if (session.isPresent()) {
            requireCsrf(ctx, session.get());
            sessions.delete(Secrets.digest(ctx.cookie(SESSION_COOKIE)));
        }
        ctx.cookie(cookie(SESSION_COOKIE, "", 0));
        ctx.redirect("/");
    }

    private Cookie cookie(String name, String value, int maxAge) {
        Cookie c = new Cookie(name, value, "/", maxAge, secure);
        c.setHttpOnly(true);
        c.setSameSite(SameSite.LAX);
        return c;
    }
}
