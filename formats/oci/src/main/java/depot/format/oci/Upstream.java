package depot.format.oci;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * The registry the dependency proxy pulls through: plain HTTP(S) to its {@code /v2/} API, answering its Bearer
 * challenge with the token flow (anonymous, or with the configured credentials), tokens cached per scope until they
 * expire. Thread-safe.
 */
final class Upstream {
    private static final int MAX_TOKEN_RESPONSE = 64 << 10;
    private static final tools.jackson.databind.ObjectMapper TOKEN_JSON = depot.http.BoundedJson.mapper(1_000);
    private static final Pattern PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;
    private final String basic;
    private final java.util.Set<String> credentialHosts;
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();

    private record Token(String value, long expiresAt) {}

    /**
     * {@code authHosts}: further hosts (besides the upstream's own) whose token service may receive the configured
     * credentials, e.g. a registry whose token realm lives on another host.
     */
    Upstream(String base, String username, String password, java.util.Collection<String> authHosts) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        java.util.Set<String> hosts = new java.util.HashSet<>();
        hosts.add(hostOf(this.base));
        for (String h : authHosts) hosts.add(h.trim().toLowerCase(java.util.Locale.ROOT));
        this.credentialHosts = java.util.Set.copyOf(hosts);
        this.basic = username == null ? null : "Basic " + Base64.getEncoder()
                .encodeToString((username + ":" + (password == null ? "" : password)).getBytes(StandardCharsets.UTF_8));
    }

    /** {@code method} on {@code /v2/<image>/<rest>}, authenticated for pulling {@code image}. */
    HttpResponse<InputStream> send(String method, String image, String rest, String accept) throws IOException {
        String scope = "repository:" + image + ":pull";
        HttpResponse<InputStream> r = once(method, image, rest, accept, authorization(scope));
        if (r.statusCode() == 401) {
            String challenge = r.headers().firstValue("WWW-Authenticate").orElse("");
            r.body().close();
            String auth = challenge.regionMatches(true, 0, "Bearer", 0, 6) ? fetchToken(challenge, scope) : basic;
            if (auth != null) r = once(method, image, rest, accept, auth);
        }
        return r;
    }

    private HttpResponse<InputStream> once(String method, String image, String rest, String accept, String auth)
            throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/v2/" + image + "/" + rest))
                .timeout(Duration.ofMinutes(10)).method(method, HttpRequest.BodyPublishers.noBody());
        if (accept != null) b.header("Accept", accept);
        if (auth != null) b.header("Authorization", auth);
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while calling the upstream registry", e);
        }
    }

    boolean mayReceiveCredentials(URI target) {
        String scheme = target.getScheme() == null ? "" : target.getScheme().toLowerCase(java.util.Locale.ROOT);
        boolean secureEnough = scheme.equals("https") || (scheme.equals("http") && base.startsWith("http:"));
        return secureEnough && credentialHosts.contains(hostOf(target.toString()));
    }

    private static String hostOf(String url) {
        try {
            URI u = URI.create(url);
            String host = u.getHost() == null ? "" : u.getHost().toLowerCase(java.util.Locale.ROOT);
            int port = u.getPort();
            boolean defaultPort = port < 0 || (port == 443 && "https".equalsIgnoreCase(u.getScheme()))
                    || (port == 80 && "http".equalsIgnoreCase(u.getScheme()));
            return defaultPort ? host : host + ":" + port;
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    private String authorization(String scope) {
        Token t = tokens.get(scope);
        if (t != null && t.expiresAt() > System.currentTimeMillis()) return "Bearer " + t.value();
        return null;
    }

    private String fetchToken(String challenge, String scope) throws IOException {
        String realm = null;
        String service = null;
        Matcher m = PARAM.matcher(challenge);
        while (m.find()) {
            if (m.group(1).equals("realm")) realm = m.group(2);
            if (m.group(1).equals("service")) service = m.group(2);
        }
        if (realm == null) return null;
        String url = realm + (realm.contains("?") ? "&" : "?") + "scope=" + URLEncoder.encode(scope, StandardCharsets.UTF_8)
                + (service == null ? "" : "&service=" + URLEncoder.encode(service, StandardCharsets.UTF_8));
        HttpRequest.Builder b;
        try {
            b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET();
        } catch (IllegalArgumentException e) {
            return null;
        }
        // the realm is the upstream's word: the configured credentials go only to its own host (or an allowed one),
        // over HTTPS unless the upstream itself is plain HTTP; anyone else gets an anonymous token request
        if (basic != null && mayReceiveCredentials(URI.create(url))) b.header("Authorization", basic);
        try {
            HttpResponse<InputStream> r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            byte[] body;
            try (InputStream in = r.body()) {
                // a token answer is small; an upstream that sends more is not believed
                body = in.readNBytes(MAX_TOKEN_RESPONSE + 1);
            }
            if (r.statusCode() != 200 || body.length > MAX_TOKEN_RESPONSE) return null;
            JsonNode json = TOKEN_JSON.readTree(body);
            String token = json.path("token").asString(json.path("access_token").asString(""));
            if (token.isEmpty()) return null;
            long lifetime = Math.max(30, json.path("expires_in").asLong(60)) * 1000L;
            tokens.put(scope, new Token(token, System.currentTimeMillis() + lifetime - 10_000));
            return "Bearer " + token;
        } catch (tools.jackson.core.JacksonException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching an upstream token", e);
        }
    }
}
