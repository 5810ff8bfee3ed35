package depot.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import depot.it.support.Api;
import depot.it.support.Backend;
import depot.it.support.RawHttp;
import depot.it.support.TestServer;
import depot.it.support.World;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * Per-format upload limits, the throttle on failed authentication, the audit log and the web UI's security headers.
 * The throttle is on here (5 failures a minute, a 10-minute ban), and the server trusts 127.0.0.1 as a proxy so that
 * X-Forwarded-For can stand for callers at different addresses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LimitsAndAuditTest {
    private TestServer server;
    private World world;
    private long project;

    @BeforeAll
    void setUp() throws Exception {
        server = new TestServer(Backend.SQLITE, Map.of("auth_failure_limit", "5", "auth_failure_window", "1m",
                "auth_failure_ban", "10m", "trusted_proxies", "127.0.0.1"));
        world = new World(server);
        project = world.project(world.group("limits", "private"), "p", "private");
    }

    @AfterAll
    void tearDown() throws Exception {
        server.close();
    }

    /** Sends only the head of a PUT/POST that declares {@code length} bytes; half-closes; returns the response. */
    private String declare(String method, String path, long length, String contentType) throws Exception {
        return RawHttp.send(server.port(), method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nPrivate-Token: "
                + TestServer.ROOT_TOKEN + "\r\nContent-Type: " + contentType + "\r\nContent-Length: " + length
                + "\r\n\r\n", true);
    }

    @Test
    void each_format_has_gitlabs_default_size_limit() throws Exception {
        String base = "/api/v4/projects/" + project + "/packages/";
        long gib = 1L << 30;
        String maven = declare("PUT", base + "maven/com/acme/big/1.0/big-1.0.jar", 3 * gib + 1, "application/java-archive");
        String npm = declare("PUT", base + "npm/@limits%2fbig", gib, "application/json");
        String nuget = declare("PUT", base + "nuget/", 600L << 20, "multipart/form-data; boundary=x");
        String pypi = declare("POST", base + "pypi", 3 * gib + (2 << 20), "multipart/form-data; boundary=x");
        // generic allows 5 GiB: 3 GiB is accepted and read until the body turns out to be missing
        String generic = declare("PUT", base + "generic/big/1.0.0/big.bin", 3 * gib + 1, "application/octet-stream");

        assertThat(maven).startsWith("HTTP/1.1 413").contains("3221225472 bytes");
        assertThat(npm).startsWith("HTTP/1.1 413").contains("\"error\"").contains("524288000 bytes");
        assertThat(nuget).startsWith("HTTP/1.1 413").contains("524288000 bytes");
        assertThat(pypi).startsWith("HTTP/1.1 413").contains("3221225472 bytes");
        assertThat(generic).startsWith("HTTP/1.1 400");
        assertThat(server.root().get(base).json()).isEmpty();
    }

    private Api from(String address, String header, String token) {
        return new Api(server.url(), header, token) {
            @Override
            public HttpRequest.Builder request(String path) {
                return super.request(path).header("X-Forwarded-For", address);
            }
        };
    }

    @Test
    void an_address_that_keeps_failing_to_authenticate_is_refused_for_a_while() {
        String file = "/api/v4/projects/" + project + "/packages/generic/t/1.0.0/f.txt";
        assertThat(server.root().putBytes(file, new byte[] {1}).status()).isEqualTo(201);
        Api guesser = from("10.0.0.1", "Private-Token", "dpat-guessed-0000000000000000000000");
        Api guesserWithRealToken = from("10.0.0.1", "Private-Token", TestServer.ROOT_TOKEN);
        Api neighbour = from("10.0.0.2", "Private-Token", TestServer.ROOT_TOKEN);

        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 5; i++) statuses.add(guesser.get(file).status());
        Api.Response banned = guesserWithRealToken.get(file);
        Api.Response bannedRegistry = from("10.0.0.1", "Authorization", "Bearer x").get("/v2/limits/p/img/tags/list");
        Api.Response other = neighbour.get(file);
        server.advanceClock(11 * 60_000);
        Api.Response later = guesserWithRealToken.get(file);

        assertThat(statuses).containsOnly(401);
        assertThat(banned.status()).isEqualTo(429);
        assertThat(banned.header("Retry-After")).isNotNull();
        assertThat(banned.json().get("message").asString()).contains("too many failed sign-in attempts");
        assertThat(bannedRegistry.status()).isEqualTo(429);
        assertThat(bannedRegistry.json().get("errors").get(0).get("code").asString()).isEqualTo("TOOMANYREQUESTS");
        assertThat(other.status()).isEqualTo(200);
        assertThat(later.status()).isEqualTo(200);
    }

    @Test
    void sign_ins_tokens_and_deletions_are_in_the_audit_log() throws Exception {
        Api root = server.root();
        World.Person alice = world.user("alice");
        String base = "/api/v4/projects/" + project + "/packages/";
        assertThat(root.putBytes(base + "generic/audited/1.0.0/a.txt", new byte[] {2}).status()).isEqualTo(201);
        long pkg = root.get(base + "?package_name=audited").json().get(0).get("id").asLong();
        assertThat(from("10.9.8.7", "Private-Token", TestServer.ROOT_TOKEN).delete(base + pkg).status()).isEqualTo(204);
        depot.it.support.OciRequests.image(root, "limits/p/img", "gone", "audited");
        assertThat(root.delete("/v2/limits/p/img/manifests/gone").status()).isEqualTo(202);
        assertThat(signIn("root", "wrong-password", "10.1.1.1")).isEqualTo(401);
        assertThat(signIn("root", TestServer.ROOT_PASSWORD, "10.1.1.2")).isEqualTo(302);

        Api.Response events = root.get("/api/v4/audit_events?per_page=100");
        assertThat(events.status()).as(events.body()).isEqualTo(200);
        List<String> lines = new ArrayList<>();
        for (JsonNode e : events.json()) {
            JsonNode d = e.get("details");
            lines.add(d.get("action").asString() + " by " + d.get("author_name").asString() + " from "
                    + d.get("ip_address").asString() + ": " + d.get("target_details").asString());
        }

        assertThat(lines).anyMatch(l -> l.startsWith("token_created by root") && l.contains("for alice"));
        assertThat(lines).anyMatch(l -> l.startsWith("package_deleted by root from 10.9.8.7") && l.contains("generic audited 1.0.0"));
        assertThat(lines).anyMatch(l -> l.startsWith("package_deleted by root") && l.contains("tag limits/p/img:gone"));
        assertThat(lines).anyMatch(l -> l.startsWith("sign_in_failed by anonymous from 10.1.1.1") && l.contains("\"root\""));
        assertThat(lines).anyMatch(l -> l.startsWith("sign_in by root from 10.1.1.2"));
        assertThat(root.get("/api/v4/audit_events?action=sign_in").json()).hasSize(1);
        assertThat(alice.api(server).get("/api/v4/audit_events").status()).isEqualTo(403);
        assertThat(server.anonymous().get("/api/v4/audit_events").status()).isEqualTo(401);
    }

    /** The web sign-in form, as a browser posts it (CSRF cookie and field); the response status. */
    private int signIn(String username, String password, String address) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<String> form = client.send(HttpRequest.newBuilder(URI.create(server.url() + "/users/sign_in"))
                .header("X-Forwarded-For", address).build(), HttpResponse.BodyHandlers.ofString());
        String cookie = form.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("depot_csrf="))
                .findFirst().orElseThrow().split(";")[0];
        String csrf = cookie.substring("depot_csrf=".length());
        String body = "username=" + URLEncoder.encode(username, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(password, StandardCharsets.UTF_8) + "&csrf_token=" + csrf;
        return client.send(HttpRequest.newBuilder(URI.create(server.url() + "/users/sign_in"))
                .header("X-Forwarded-For", address).header("Cookie", cookie)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    void web_pages_carry_security_headers() {
        Api.Response page = server.anonymous().get("/");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Security-Policy")).contains("default-src 'self'").contains("object-src 'none'");
        assertThat(page.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(page.header("Referrer-Policy")).isEqualTo("same-origin");
    }
}
