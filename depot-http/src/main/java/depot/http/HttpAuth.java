package depot.http;

import depot.core.access.Authenticator;
import depot.core.access.Credentials;
import depot.core.access.Principal;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Reads a credential from wherever GitLab's clients put it — {@code Private-Token}, {@code Deploy-Token},
 * {@code Job-Token} headers, the token headers formats contribute ({@link PackageFormat#tokenHeaders}), HTTP Basic,
 * {@code Bearer}, or the {@code private_token}/{@code job_token} query parameters — and authenticates it once per
 * request.
 */
public final class HttpAuth {
    public static final String REALM = "Depot Package Registry";
    private static final String ATTRIBUTE = "depot.principal";
    private final Authenticator authenticator;
    private final java.util.List<String> tokenHeaders;

    /** {@code tokenHeaders}: the formats' own headers that carry a token of any kind. */
    public HttpAuth(Authenticator authenticator, java.util.List<String> tokenHeaders) {
        this.authenticator = authenticator;
        this.tokenHeaders = java.util.List.copyOf(tokenHeaders);
    }

    public Principal principal(Context ctx) {
        Principal cached = ctx.attribute(ATTRIBUTE);
        if (cached != null) return cached;
        Principal p = authenticator.authenticate(credentials(ctx, tokenHeaders), ctx.ip());
        ctx.attribute(ATTRIBUTE, p);
        return p;
    }

    /** The credential of a request in GitLab's own places (Basic, Bearer, the token headers, the query). */
    public static Credentials credentials(Context ctx) {
        return credentials(ctx, java.util.List.of());
    }

    static Credentials credentials(Context ctx, java.util.List<String> tokenHeaders) {
        String v;
        if ((v = ctx.header("Private-Token")) != null) return new Credentials(Credentials.Kind.PRIVATE_TOKEN, null, v);
        if ((v = ctx.header("Deploy-Token")) != null) return new Credentials(Credentials.Kind.DEPLOY_TOKEN, null, v);
        if ((v = ctx.header("Job-Token")) != null) return new Credentials(Credentials.Kind.JOB_TOKEN, null, v);
        // a format's own header (NuGet's push and delete): any token kind, told apart as a bearer token is
        for (String header : tokenHeaders) {
            if ((v = ctx.header(header)) != null) return new Credentials(Credentials.Kind.BEARER, null, v);
        }
        String auth = ctx.header("Authorization");
        if (auth != null) {
            if (auth.regionMatches(true, 0, "Basic ", 0, 6)) return basic(auth.substring(6).trim());
            if (auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
                return new Credentials(Credentials.Kind.BEARER, null, auth.substring(7).trim());
            }
            // RubyGems and Cargo send the bare token
            if (!auth.contains(" ")) return new Credentials(Credentials.Kind.BEARER, null, auth.trim());
        }
        if ((v = ctx.queryParam("private_token")) != null) return new Credentials(Credentials.Kind.PRIVATE_TOKEN, null, v);
        if ((v = ctx.queryParam("job_token")) != null) return new Credentials(Credentials.Kind.JOB_TOKEN, null, v);
        return null;
    }

    private static Credentials basic(String encoded) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return new Credentials(Credentials.Kind.BASIC, "", "");
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) return new Credentials(Credentials.Kind.BASIC, decoded, "");
        return new Credentials(Credentials.Kind.BASIC, decoded.substring(0, colon), decoded.substring(colon + 1));
    }
}
