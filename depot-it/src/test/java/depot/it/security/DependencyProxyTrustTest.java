package depot.it.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import depot.it.support.Api;
import depot.it.support.Backend;
import depot.it.support.TestServer;
import depot.it.support.World;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The dependency proxy does not trust its upstream: a hostile upstream (a small HTTP server started here) answers
 * with a token realm on another host and serves its manifest as {@code text/html}. Depot sends the configured
 * credentials only to the upstream's own host (or a host allowed by {@code dependency_proxy_auth_hosts}) and serves
 * the manifest under its registry media type, never the upstream's.
 */
class DependencyProxyTrustTest {
    static final String CONFIG = "sha256:" + "ab".repeat(32);
    static final String MANIFEST = "{\"schemaVersion\":2,\"config\":{\"mediaType\":"
            + "\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + CONFIG + "\",\"size\":2},\"layers\":[],"
            + "\"annotations\":{\"x\":\"<script>fetch('/pwned')</script>\"}}";
    HttpServer registry;
    HttpServer tokens;
    final List<String> tokenAuthorizations = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startHostileUpstream() throws IOException {
        tokens = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        tokens.createContext("/token", x -> {
            tokenAuthorizations.add(String.valueOf(x.getRequestHeaders().getFirst("Authorization")));
            reply(x, 200, "application/json", "{\"token\":\"granted\",\"expires_in\":300}");
        });
        tokens.start();
        registry = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        registry.createContext("/v2/", x -> {
            if (!"Bearer granted".equals(x.getRequestHeaders().getFirst("Authorization"))) {
                x.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"http://127.0.0.1:"
                        + tokens.getAddress().getPort() + "/token\",service=\"elsewhere\"");
                reply(x, 401, "application/json", "{}");
            } else {
                reply(x, 200, "text/html", MANIFEST);
            }
        });
        registry.start();
    }

    @AfterEach
    void stop() {
        registry.stop(0);
        tokens.stop(0);
    }

    @Test
    void credentials_stay_with_the_upstream_host_and_the_manifest_keeps_its_registry_media_type() throws Exception {
        // when: Depot pulls through an upstream whose token service sits on another host:port
        Api.Response pulled = pull(Map.of());

        // then: the token service got no credentials, and the manifest is not served as HTML
        assertThat(pulled.status()).as(pulled.body()).isEqualTo(200);
        assertThat(tokenAuthorizations).containsOnly("null");
        assertThat(pulled.header("Content-Type")).startsWith("application/vnd.oci.image.manifest.v1+json");
        assertThat(pulled.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(pulled.header("Content-Security-Policy")).isEqualTo("default-src 'none'; sandbox");
    }

    @Test
    void a_token_host_the_admin_allows_receives_the_credentials() throws Exception {
        Api.Response pulled = pull(Map.of("dependency_proxy_auth_hosts", "127.0.0.1:" + tokens.getAddress().getPort()));

        assertThat(pulled.status()).as(pulled.body()).isEqualTo(200);
        assertThat(tokenAuthorizations).hasSize(1);
        assertThat(tokenAuthorizations.get(0)).startsWith("Basic ");
    }

    private Api.Response pull(Map<String, String> extra) throws Exception {
        Map<String, String> settings = new java.util.HashMap<>(Map.of(
                "dependency_proxy_upstream", "http://127.0.0.1:" + registry.getAddress().getPort(),
                "dependency_proxy_username", "depot", "dependency_proxy_password", "upstream-secret"));
        settings.putAll(extra);
        try (TestServer server = new TestServer(Backend.SQLITE, settings)) {
            new World(server).group("acme", "private");
            return server.root().get("/v2/acme/dependency_proxy/containers/img/manifests/1");
        }
    }

    private static void reply(HttpExchange x, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", type);
        x.sendResponseHeaders(status, bytes.length);
        x.getResponseBody().write(bytes);
        x.close();
    }
}
