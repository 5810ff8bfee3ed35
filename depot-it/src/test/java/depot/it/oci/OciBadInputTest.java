package depot.it.oci;

import static org.assertj.core.api.Assertions.assertThat;

import depot.it.support.Api;
import depot.it.support.Backend;
import depot.it.support.OciRequests;
import depot.it.support.RawHttp;
import depot.it.support.TestServer;
import depot.it.support.World;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Hostile and broken pushes get the distribution spec's error codes and leave nothing a client can see: no tag, no
 * manifest, no blob in the repository.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OciBadInputTest {
    private static final String REPO = "acme/app/img";
    private TestServer server;
    private Api root;

    @BeforeAll
    void setUp() throws Exception {
        server = new TestServer(Backend.SQLITE, Map.of("max_upload_size_container", "64k"));
        World world = new World(server);
        world.project(world.group("acme", "private"), "app", "private");
        root = server.root();
    }

    @AfterAll
    void tearDown() throws Exception {
        server.close();
    }

    private static String code(Api.Response r) {
        return r.json().get("errors").get(0).get("code").asString();
    }

    private void nothingTagged() {
        Api.Response tags = root.get("/v2/" + REPO + "/tags/list");
        if (tags.status() == 200) assertThat(tags.json().get("tags")).isEmpty();
        else assertThat(code(tags)).isEqualTo("NAME_UNKNOWN");
    }

    @Test
    void a_manifest_naming_a_missing_blob_is_refused() {
        byte[] config = "{\"os\":\"linux\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(OciRequests.pushBlob(root, REPO, config).status()).isEqualTo(201);
        byte[] missing = "never pushed".getBytes(StandardCharsets.UTF_8);

        Api.Response r = OciRequests.putManifest(root, REPO, "broken", OciRequests.manifest(config, missing));

        assertThat(r.status()).isEqualTo(400);
        assertThat(code(r)).isEqualTo("MANIFEST_BLOB_UNKNOWN");
        assertThat(r.json().get("errors").get(0).get("message").asString()).contains(OciRequests.digest(missing));
        assertThat(root.get("/v2/" + REPO + "/manifests/broken").status()).isEqualTo(404);
        nothingTagged();
    }

    @Test
    void a_blob_whose_bytes_do_not_match_its_digest_is_refused() {
        byte[] claimed = "claimed".getBytes(StandardCharsets.UTF_8);
        Api.Response r = root.send(root.request("/v2/" + REPO + "/blobs/uploads/?digest="
                + OciRequests.enc(OciRequests.digest(claimed))).POST(HttpRequest.BodyPublishers.ofString("other")));

        assertThat(r.status()).isEqualTo(400);
        assertThat(code(r)).isEqualTo("DIGEST_INVALID");
        assertThat(root.get("/v2/" + REPO + "/blobs/" + OciRequests.digest(claimed)).status()).isEqualTo(404);
        assertThat(root.get("/v2/" + REPO + "/blobs/" + OciRequests.digest("other".getBytes())).status()).isEqualTo(404);
    }

    @Test
    void a_manifest_pushed_under_another_digest_is_refused() {
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"" + OciRequests.MANIFEST + "\",\"config\":"
                + OciRequests.descriptor("application/vnd.oci.empty.v1+json", "{}".getBytes()) + ",\"layers\":[]}";
        assertThat(OciRequests.pushBlob(root, REPO, "{}".getBytes()).status()).isEqualTo(201);
        String wrong = OciRequests.digest("something else".getBytes());

        Api.Response r = OciRequests.putManifest(root, REPO, wrong, manifest);

        assertThat(r.status()).isEqualTo(400);
        assertThat(code(r)).isEqualTo("DIGEST_INVALID");
        assertThat(root.get("/v2/" + REPO + "/manifests/" + wrong).status()).isEqualTo(404);
        assertThat(root.get("/v2/" + REPO + "/manifests/" + OciRequests.digest(manifest.getBytes())).status())
                .isEqualTo(404);
    }

    @Test
    void invalid_repository_names_and_tags_are_refused() {
        for (String name : new String[] {"acme/App/img", "acme/app/img-", "acme/app//img", "acme/app/..%2fx",
                "acme/app/" + "x".repeat(300)}) {
            Api.Response r = root.get("/v2/" + name + "/tags/list");
            assertThat(r.status()).as(name).isEqualTo(400);
            assertThat(code(r)).as(name).isEqualTo("NAME_INVALID");
        }
        for (String tag : new String[] {"-leading-dash", "t".repeat(129), "has%20space"}) {
            Api.Response r = OciRequests.putManifest(root, REPO, tag, "{}");
            assertThat(r.status()).as(tag).isEqualTo(400);
            assertThat(code(r)).as(tag).isEqualTo("MANIFEST_INVALID");
        }
        // reads of a reference that can name nothing: 404, as the reference registry (conformance suite of 2023)
        for (String tag : new String[] {".INVALID_MANIFEST_NAME", "-leading-dash"}) {
            Api.Response get = root.get("/v2/" + REPO + "/manifests/" + tag);
            Api.Response head = root.send(root.request("/v2/" + REPO + "/manifests/" + tag)
                    .method("HEAD", java.net.http.HttpRequest.BodyPublishers.noBody()));
            assertThat(get.status()).as(tag).isEqualTo(404);
            assertThat(code(get)).as(tag).isEqualTo("MANIFEST_UNKNOWN");
            assertThat(head.status()).as(tag).isEqualTo(404);
        }
        Api.Response unknownProject = root.get("/v2/nobody/nothing/tags/list");
        assertThat(unknownProject.status()).isEqualTo(404);
        assertThat(code(unknownProject)).isEqualTo("NAME_UNKNOWN");
        nothingTagged();
    }

    @Test
    void malformed_and_unsupported_manifests_are_refused() {
        for (String body : new String[] {"not json", "[]", "{\"schemaVersion\":1,\"name\":\"x\",\"fsLayers\":[]}",
                "{\"schemaVersion\":2,\"mediaType\":\"" + OciRequests.MANIFEST + "\"}",
                "{\"schemaVersion\":2,\"mediaType\":\"" + OciRequests.MANIFEST + "\",\"config\":{\"digest\":\"x\",\"size\":1}}",
                "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.example.unknown+json\"}"}) {
            Api.Response r = OciRequests.putManifest(root, REPO, "bad", body);
            assertThat(r.status()).as(body).isEqualTo(400);
            assertThat(code(r)).as(body).isEqualTo("MANIFEST_INVALID");
        }
        nothingTagged();
    }

    /** Values longer than Depot keeps: a 500 on PostgreSQL (which enforces column lengths) until they were checked. */
    @Test
    void an_overlong_artifact_type_or_subject_digest_is_refused() {
        byte[] config = "{\"os\":\"plan9\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(OciRequests.pushBlob(root, REPO, config).status()).isEqualTo(201);
        String good = OciRequests.manifest(config);
        String longType = "application/vnd.acme." + "a".repeat(300) + "+json";
        String subject = ",\"subject\":{\"mediaType\":\"" + OciRequests.MANIFEST + "\",\"digest\":\"sha256:"
                + "a".repeat(300) + "\",\"size\":1}}";
        for (String body : new String[] {
                good.replace("application/vnd.oci.image.config.v1+json", longType),
                good.substring(0, good.length() - 1) + ",\"artifactType\":\"" + longType + "\"}",
                good.substring(0, good.length() - 1) + ",\"artifactType\":\"not a media type\"}",
                good.substring(0, good.length() - 1) + subject}) {
            Api.Response r = OciRequests.putManifest(root, REPO, "long", body);
            assertThat(r.status()).as(body).isEqualTo(400);
            assertThat(code(r)).as(body).isEqualTo("MANIFEST_INVALID");
        }
        nothingTagged();
        // an artifact type with a parameter is a media type too (another repository: this one stays untagged)
        assertThat(OciRequests.pushBlob(root, REPO + "/typed", config).status()).isEqualTo(201);
        Api.Response typed = OciRequests.putManifest(root, REPO + "/typed", "ok", good.substring(0, good.length() - 1)
                + ",\"artifactType\":\"application/vnd.acme.sbom+json; version=2\"}");
        assertThat(typed.status()).as(typed.body()).isEqualTo(201);
    }

    @Test
    void an_oversized_manifest_is_refused_before_it_is_stored() throws Exception {
        // A raw request that declares 5 MiB and sends none of it: the 413 must come from the declared length alone.
        // (Sending the body with Java's client raced the server's close after the 413, and Expect: 100-continue
        // hung Java 17's client in CI; a socket with a read timeout can do neither.)
        String answer = RawHttp.send(server.port(), "PUT /v2/" + REPO + "/manifests/huge HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Private-Token: " + TestServer.ROOT_TOKEN + "\r\nContent-Type: " + OciRequests.MANIFEST
                + "\r\nContent-Length: " + (5 << 20) + "\r\n\r\n", false);

        assertThat(answer).startsWith("HTTP/1.1 413");
        assertThat(answer).contains("\"SIZE_INVALID\"");
        assertThat(root.get("/v2/" + REPO + "/manifests/huge").status()).isEqualTo(404);
    }

    @Test
    void a_chunk_that_does_not_continue_the_upload_is_416_and_the_upload_goes_on() {
        byte[] data = "0123456789abcdefghij".getBytes(StandardCharsets.UTF_8);
        Api.Response start = root.send(root.request("/v2/" + REPO + "/blobs/uploads/")
                .POST(HttpRequest.BodyPublishers.noBody()));
        String location = start.header("Location");
        Api.Response first = patch(location, data, 0, 10);
        Api.Response gap = patch(first.header("Location"), data, 12, 20);
        Api.Response overlap = patch(first.header("Location"), data, 5, 20);
        Api.Response status = root.get(first.header("Location"));
        Api.Response rest = patch(first.header("Location"), data, 10, 20);
        Api.Response done = root.send(root.request(rest.header("Location") + "?digest="
                + OciRequests.enc(OciRequests.digest(data))).PUT(HttpRequest.BodyPublishers.noBody()));

        assertThat(start.status()).isEqualTo(202);
        assertThat(first.status()).isEqualTo(202);
        assertThat(first.header("Range")).isEqualTo("0-9");
        assertThat(gap.status()).isEqualTo(416);
        assertThat(gap.header("Range")).isEqualTo("0-9");
        assertThat(code(gap)).isEqualTo("BLOB_UPLOAD_INVALID");
        assertThat(overlap.status()).isEqualTo(416);
        assertThat(status.status()).isEqualTo(204);
        assertThat(status.header("Range")).isEqualTo("0-9");
        assertThat(done.status()).as(done.body()).isEqualTo(201);
        assertThat(root.get("/v2/" + REPO + "/blobs/" + OciRequests.digest(data)).body()).isEqualTo(new String(data));
    }

    @Test
    void uploads_are_bound_to_their_repository_and_a_wrong_final_digest_discards_them() {
        Api.Response start = root.send(root.request("/v2/" + REPO + "/blobs/uploads/")
                .POST(HttpRequest.BodyPublishers.noBody()));
        String uuid = start.header("Docker-Upload-UUID");
        Api.Response elsewhere = root.get("/v2/acme/app/other/blobs/uploads/" + uuid);
        Api.Response unknown = root.get("/v2/" + REPO + "/blobs/uploads/00000000-0000-0000-0000-000000000000");
        Api.Response chunk = patch(start.header("Location"), "abc".getBytes(), 0, 3);
        Api.Response wrong = root.send(root.request(chunk.header("Location") + "?digest="
                + OciRequests.enc(OciRequests.digest("xyz".getBytes()))).PUT(HttpRequest.BodyPublishers.noBody()));
        Api.Response after = root.get(chunk.header("Location"));

        assertThat(elsewhere.status()).isEqualTo(404);
        assertThat(code(elsewhere)).isEqualTo("BLOB_UPLOAD_UNKNOWN");
        assertThat(code(unknown)).isEqualTo("BLOB_UPLOAD_UNKNOWN");
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(code(wrong)).isEqualTo("DIGEST_INVALID");
        assertThat(after.status()).isEqualTo(404);
        assertThat(root.get("/v2/" + REPO + "/blobs/" + OciRequests.digest("abc".getBytes())).status()).isEqualTo(404);
    }

    @Test
    void a_blob_over_the_size_limit_is_413_and_not_stored() {
        byte[] big = new byte[100 << 10];
        Api.Response r = OciRequests.pushBlob(root, REPO, big);

        assertThat(r.status()).isEqualTo(413);
        assertThat(code(r)).isEqualTo("SIZE_INVALID");
        assertThat(root.get("/v2/" + REPO + "/blobs/" + OciRequests.digest(big)).status()).isEqualTo(404);
    }

    private Api.Response patch(String location, byte[] data, int from, int to) {
        byte[] part = java.util.Arrays.copyOfRange(data, from, to);
        return root.send(root.request(location).header("Content-Range", from + "-" + (to - 1))
                .header("Content-Type", "application/octet-stream")
                .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(part)));
    }
}
