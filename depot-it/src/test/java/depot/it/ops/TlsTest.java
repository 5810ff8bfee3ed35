package depot.it.ops;

import static org.assertj.core.api.Assertions.assertThat;

import depot.it.support.Api;
import depot.it.support.Backend;
import depot.it.support.NpmDocs;
import depot.it.support.TestCerts;
import depot.it.support.TestServer;
import depot.it.support.Tools;
import depot.it.support.World;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * With tls_cert and tls_key Depot serves HTTPS beside plain HTTP: HTTP/2 by ALPN and HTTP/1.1, the same routes and
 * HTTP configuration as plain HTTP, and https URLs in what it writes. Clients trust the test CA only.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TlsTest {
    private TestCerts certs;
    private TestServer server;
    private HttpClient h2;
    private HttpClient h1;
    private long project;

    @BeforeAll
    void setUp() throws Exception {
        certs = TestCerts.create();
        server = new TestServer(Backend.SQLITE, certs.settings());
        h2 = certs.httpClient(HttpClient.Version.HTTP_2);
        h1 = certs.httpClient(HttpClient.Version.HTTP_1_1);
        World world = new World(server);
        project = world.project(world.group("tls", "private"), "app", "private");
    }

    @AfterAll
    void tearDown() throws Exception {
        server.close();
        Tools.deleteTree(certs.dir());
    }

    private HttpResponse<byte[]> send(HttpClient client, HttpRequest.Builder request) throws Exception {
        return client.send(request.header("Private-Token", TestServer.ROOT_TOKEN).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpResponse<byte[]> get(HttpClient client, String path) throws Exception {
        return send(client, HttpRequest.newBuilder(URI.create(server.tlsUrl() + path)).GET());
    }

    @Test
    void health_answers_over_http2_and_http11_and_plain_http_stays_on_its_port() throws Exception {
        assertThat(server.tlsUrl()).isEqualTo("https://localhost:" + server.tlsPort());
        assertThat(server.tlsPort()).isPositive().isNotEqualTo(server.port());

        HttpResponse<byte[]> overH2 = get(h2, "/-/health");
        HttpResponse<byte[]> overH1 = get(h1, "/-/health");

        assertThat(overH2.statusCode()).isEqualTo(200);
        assertThat(overH2.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(overH1.statusCode()).isEqualTo(200);
        assertThat(overH1.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
        // Depot's HTTP configuration holds over TLS too: no Server header
        assertThat(overH2.headers().firstValue("Server")).isEmpty();
        assertThat(server.anonymous().get("/-/health").status()).isEqualTo(200);
    }

    @Test
    void a_format_route_stores_and_serves_a_file_over_https() throws Exception {
        // given: 8 MiB, so the upload spans many HTTP/2 frames and flow-control windows
        byte[] content = new byte[8 << 20];
        new java.util.Random(7).nextBytes(content);
        String path = "/api/v4/projects/" + project + "/packages/generic/x/1.0/f.bin";

        // when
        HttpResponse<byte[]> put = send(h2, HttpRequest.newBuilder(URI.create(server.tlsUrl() + path))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content)));
        HttpResponse<byte[]> got = get(h2, path);

        // then
        assertThat(put.statusCode()).as(new String(put.body(), StandardCharsets.UTF_8)).isEqualTo(201);
        assertThat(got.statusCode()).isEqualTo(200);
        assertThat(got.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(got.body()).isEqualTo(content);
        // GitLab's URL-encoded project path needs the LEGACY URI compliance of Depot's HTTP configuration
        assertThat(get(h2, "/api/v4/projects/tls%2Fapp").statusCode()).isEqualTo(200);
    }

    @Test
    void documents_and_pagination_links_read_over_https_name_https_urls() throws Exception {
        // given
        String packument = "/api/v4/projects/" + project + "/packages/npm/@tls%2fui";
        Api.Response published = server.root().putBytes(packument, NpmDocs.publish("@tls/ui", "1.0.0",
                NpmDocs.tarball("@tls/ui", "1.0.0")).getBytes(StandardCharsets.UTF_8));
        assertThat(published.status()).as(published.body()).isBetween(200, 201);

        // when
        HttpResponse<byte[]> doc = get(h2, packument);
        HttpResponse<byte[]> projects = get(h2, "/api/v4/projects?per_page=1");

        // then: the tarball URL is on the external URL (https by default with TLS) ...
        assertThat(doc.statusCode()).isEqualTo(200);
        String tarball = Api.JSON.readTree(doc.body()).get("versions").get("1.0.0").get("dist").get("tarball")
                .asString();
        assertThat(tarball).startsWith(server.tlsUrl() + "/api/v4/projects/" + project + "/packages/npm/");
        assertThat(get(h2, tarball.substring(server.tlsUrl().length())).statusCode()).isEqualTo(200);
        // ... and the Link header, built from the request itself, has its https scheme
        assertThat(projects.headers().firstValue("Link").orElseThrow()).contains("<" + server.tlsUrl() + "/api/v4/");
    }

    @Test
    void curl_negotiates_http2_by_alpn_and_the_host_need_not_be_the_certificates() throws Exception {
        Tools.require("curl", "apt-get install curl");
        for (String host : List.of("localhost", "127.0.0.1")) {
            Tools.Result r = Tools.ok(certs.dir(), Map.of(), List.of("curl", "-sS", "--http2", "--cacert",
                    certs.ca().toString(), "-o", "/dev/null", "-w", "%{http_code} %{http_version}",
                    "https://" + host + ":" + server.tlsPort() + "/-/health"));
            assertThat(r.stdout()).as(host).isEqualTo("200 2");
        }
        // a self-signed certificate is often used under another name or a bare address (curl -k, GOINSECURE): the
        // Host need not be one of the certificate's names
        Tools.Result otherName = Tools.ok(certs.dir(), Map.of(), List.of("curl", "-sS", "-k", "-H", "Host: depot.internal",
                "-o", "/dev/null", "-w", "%{http_code}", server.tlsUrl() + "/-/health"));
        assertThat(otherName.stdout()).isEqualTo("200");
        // and without the CA the certificate is not trusted: curl checks, it does not just connect
        Tools.Result untrusted = Tools.run(certs.dir(), Map.of(), List.of("curl", "-sS", "-o", "/dev/null",
                server.tlsUrl() + "/-/health"));
        assertThat(untrusted.exit()).isNotZero();
    }

    @Test
    void tls_port_0_takes_any_free_port() throws Exception {
        Map<String, String> settings = new HashMap<>(certs.settings());
        settings.put("tls_port", "0");
        try (TestServer any = new TestServer(Backend.SQLITE, settings)) {
            assertThat(any.tlsPort()).isPositive().isNotEqualTo(any.port());
            HttpResponse<byte[]> health = h2.send(HttpRequest.newBuilder(URI.create(any.tlsUrl() + "/-/health"))
                    .build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.version()).isEqualTo(HttpClient.Version.HTTP_2);
        }
    }

    @Test
    void without_tls_settings_there_is_no_https() throws Exception {
        try (TestServer plain = new TestServer(Backend.SQLITE)) {
            assertThat(plain.tlsPort()).isEqualTo(-1);
            assertThat(plain.tlsUrl()).isNull();
        }
    }
}
