package depot.it.npm;

import static org.assertj.core.api.Assertions.assertThat;

import depot.it.support.Api;
import depot.it.support.Backend;
import depot.it.support.NpmDocs;
import depot.it.support.TestServer;
import depot.it.support.World;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Hostile and broken npm publishes: each is a 4xx in npm's {@code {"error": …}} shape and stores nothing. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NpmBadInputTest {
    private TestServer server;
    private long project;
    private Api root;

    @BeforeAll
    void setUp() throws Exception {
        server = new TestServer(Backend.SQLITE, Map.of("max_upload_size_npm", "64k"));
        World world = new World(server);
        project = world.project(world.group("acme", "private"), "web", "private");
        root = server.root();
    }

    @AfterAll
    void tearDown() throws Exception {
        server.close();
    }

    private String url(String path) {
        return "/api/v4/projects/" + project + "/packages/npm/" + path;
    }

    /** Asserts the status, npm's error body, and that no version of the name became visible. */
    private void refused(Api.Response r, int status, String name, String why) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        assertThat(r.json().get("error").asString()).containsIgnoringCase(why);
        assertThat(root.get(url(NpmDocs.escaped(name))).status()).isEqualTo(404);
        assertThat(root.get("/api/v4/projects/" + project + "/packages?package_type=npm&package_name="
                + name.substring(name.indexOf('/') + 1)).json()).isEmpty();
    }

    @Test
    void a_tarball_that_is_not_gzip() {
        byte[] notGzip = "just text".getBytes(StandardCharsets.UTF_8);
        refused(root.put(url("@acme%2fplain"), NpmDocs.publish("@acme/plain", "1.0.0", notGzip)), 400, "@acme/plain",
                "not gzip");
    }

    @Test
    void a_tarball_whose_package_json_disagrees() {
        byte[] other = NpmDocs.tarball("@acme/other", "1.0.0");
        refused(root.put(url("@acme%2fliar"), NpmDocs.publish("@acme/liar", "1.0.0", other)), 400, "@acme/liar",
                "package.json");
        byte[] otherVersion = NpmDocs.tarball("@acme/liar2", "9.9.9");
        refused(root.put(url("@acme%2fliar2"), NpmDocs.publish("@acme/liar2", "1.0.0", otherVersion)), 400,
                "@acme/liar2", "package.json");
    }

    @Test
    void an_integrity_that_does_not_match() {
        byte[] tgz = NpmDocs.tarball("@acme/tampered", "1.0.0");
        String wrong = NpmDocs.integrity("something else".getBytes(StandardCharsets.UTF_8));
        refused(root.put(url("@acme%2ftampered"), NpmDocs.publish("@acme/tampered", "1.0.0", tgz, wrong)), 400,
                "@acme/tampered", "integrity");
    }

    @Test
    void a_version_that_is_not_semver() {
        byte[] tgz = NpmDocs.tarball("@acme/loose", "1.0");
        refused(root.put(url("@acme%2floose"), NpmDocs.publish("@acme/loose", "1.0", tgz)), 400, "@acme/loose",
                "semver");
    }

    @Test
    void an_attachment_over_the_size_limit() {
        byte[] big = new byte[200_000];
        new Random(1).nextBytes(big);
        refused(root.put(url("@acme%2fhuge"), NpmDocs.publish("@acme/huge", "1.0.0", big)), 413, "@acme/huge",
                "exceeds");
    }

    @Test
    void a_name_with_traversal() {
        Api.Response r = root.put(url("..%2f..%2fetc"), NpmDocs.publish("@acme/x", "1.0.0",
                NpmDocs.tarball("@acme/x", "1.0.0")));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("error").asString()).contains("invalid package");
        Api.Response tarball = root.get(url("@acme/x/-/..%2f..%2fsecret.tgz"));
        assertThat(tarball.status()).isEqualTo(400);
    }

    @Test
    void a_publish_without_attachments() {
        String doc = "{\"name\":\"@acme/empty\",\"versions\":{\"1.0.0\":{\"name\":\"@acme/empty\",\"version\":\"1.0.0\"}}}";
        refused(root.put(url("@acme%2fempty"), doc), 400, "@acme/empty", "_attachments");
        refused(root.put(url("@acme%2fempty"), "{\"name\":\"@acme/empty\"}"), 400, "@acme/empty", "_attachments");
    }

    @Test
    void a_body_that_is_not_json_or_names_another_package() {
        refused(root.put(url("@acme%2fgarbage"), "{\"name\": \"@acme/garbage\", \"versions\": {\"1.0.0\": }"), 400,
                "@acme/garbage", "not valid JSON");
        byte[] tgz = NpmDocs.tarball("@acme/elsewhere", "1.0.0");
        refused(root.put(url("@acme%2fhere"), NpmDocs.publish("@acme/elsewhere", "1.0.0", tgz)), 400, "@acme/here",
                "URL names");
    }

    @Test
    void publishing_over_an_existing_version_is_forbidden_and_keeps_the_first() {
        byte[] first = NpmDocs.tarball("@acme/once", "1.0.0");
        assertThat(root.put(url("@acme%2fonce"), NpmDocs.publish("@acme/once", "1.0.0", first)).status()).isEqualTo(201);
        byte[] second = NpmDocs.tarball("{\"name\":\"@acme/once\",\"version\":\"1.0.0\",\"description\":\"again\"}");

        Api.Response again = root.put(url("@acme%2fonce"), NpmDocs.publish("@acme/once", "1.0.0", second));

        assertThat(again.status()).isEqualTo(403);
        assertThat(again.json().get("error").asString()).contains("previously published");
        String integrity = root.get(url("@acme%2fonce")).json().at("/versions/1.0.0/dist/integrity").asString();
        assertThat(integrity).isEqualTo(NpmDocs.integrity(first));
    }
}
