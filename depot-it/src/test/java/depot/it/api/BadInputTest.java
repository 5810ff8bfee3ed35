package depot.it.api;

import static org.assertj.core.api.Assertions.assertThat;

import depot.it.support.Api;
import depot.it.support.Backend;
import depot.it.support.TestServer;
import depot.it.support.World;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Hostile and broken requests: each gets a clear 4xx and leaves nothing behind. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest {
    private TestServer server;
    private Api root;
    private long project;

    @BeforeAll
    void start() throws Exception {
        server = new TestServer(Backend.SQLITE, Map.of("max_upload_size_generic", "64k"));
        World world = new World(server);
        root = server.root();
        project = world.project(world.group("bad", "private"), "input", "private");
    }

    @AfterAll
    void stop() throws Exception {
        server.close();
    }

    private long blobCount() throws IOException {
        long[] n = {0};
        server.services().blobs().forEach(e -> n[0]++);
        return n[0];
    }

    private long tempFiles() throws IOException {
        if (!Files.isDirectory(server.temporaryDir())) return 0;
        try (Stream<?> s = Files.list(server.temporaryDir())) {
            return s.count();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "../1.0.0/f.txt", "..%2f..%2fetc/1.0.0/f.txt", "%2e%2e/1.0.0/f.txt", "a/..%2F..%2F/f.txt", "a/1.0.0/..",
        "a/1.0.0/..%2f..%2fpasswd", "a/1.0.0/%2e%2e%2fpasswd", "a/1.0.0/.%2e", "a/%2e%2e/f.txt", "a/1.0.0/a%5cb",
        "a/1.0.0/%00", "a%00b/1.0.0/f.txt", "a/1.0.0/f.txt%2f", "a/.hidden%2f../f", "a/1.0.0/"})
    void path_traversal_in_any_part_is_refused_and_nothing_is_stored(String tail) throws IOException {
        long blobs = blobCount();
        long files = server.services().packages().reports().countFiles();

        Api.Response r = root.putBytes("/api/v4/projects/" + project + "/packages/generic/" + tail, "evil".getBytes());

        assertThat(r.status()).as(r.body()).isBetween(400, 404);
        assertThat(server.services().packages().reports().countFiles()).isEqualTo(files);
        assertThat(blobCount()).isEqualTo(blobs);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v4/projects/%d/packages/generic/a/1.0.0/f%%00.bin", "/api/v4/projects/%d%%00/packages"})
    void a_path_the_http_layer_refuses_gets_the_json_error_shape(String path) {
        Api.Response r = root.putBytes(String.format(path, project), new byte[1]);

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(r.header("Content-Security-Policy")).isEqualTo("default-src 'none'; sandbox");
        assertThat(r.body()).isEqualTo("{\"message\":\"400 Bad Request\"}");
    }

    @Test
    void a_traversing_project_id_is_not_found() {
        Api.Response r = root.putBytes("/api/v4/projects/..%2F..%2Fetc/packages/generic/a/1.0.0/f", new byte[1]);

        assertThat(r.status()).isEqualTo(404);
    }

    @Test
    void an_oversize_upload_with_a_length_is_refused_before_it_is_read() throws IOException {
        long blobs = blobCount();

        Api.Response r = root.putBytes(generic("big", "f.bin"), new byte[65 * 1024]);

        assertThat(r.status()).isEqualTo(413);
        assertThat(r.json().get("message").asString()).contains("limit");
        assertThat(root.get(generic("big", "f.bin")).status()).isEqualTo(404);
        assertThat(blobCount()).isEqualTo(blobs);
        assertThat(tempFiles()).isZero();
    }

    @Test
    void an_oversize_upload_without_a_length_is_cut_off_at_the_limit() throws IOException {
        long blobs = blobCount();
        // a publisher of unknown length makes the client send the body chunked
        HttpRequest.BodyPublisher chunked = HttpRequest.BodyPublishers.fromPublisher(
                HttpRequest.BodyPublishers.ofByteArray(new byte[200 * 1024]));

        Api.Response r = root.send(root.request(generic("chunked", "f.bin")).PUT(chunked));

        assertThat(r.status()).isEqualTo(413);
        assertThat(root.get(generic("chunked", "f.bin")).status()).isEqualTo(404);
        assertThat(blobCount()).isEqualTo(blobs);
        assertThat(tempFiles()).isZero();
    }

    @Test
    void a_client_that_disconnects_mid_upload_leaves_nothing_visible() throws Exception {
        long blobs = blobCount();
        long files = server.services().packages().reports().countFiles();

        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("PUT " + generic("cut", "f.bin") + " HTTP/1.1\r\nHost: 127.0.0.1\r\nPrivate-Token: "
                    + TestServer.ROOT_TOKEN + "\r\nContent-Length: 50000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[20000]);
            out.flush();
            // half-close: the server sees the body end early, as when a client dies, and can still answer
            socket.shutdownOutput();
            socket.setSoTimeout(10_000);
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(answer).startsWith("HTTP/1.1 400");
        }
        waitUntil(() -> tempFiles() == 0);

        assertThat(root.get(generic("cut", "f.bin")).status()).isEqualTo(404);
        assertThat(server.services().packages().reports().countFiles()).isEqualTo(files);
        assertThat(blobCount()).isEqualTo(blobs);
        assertThat(tempFiles()).isZero();
    }

    @Test
    void gc_collects_blobs_of_deleted_packages_after_the_grace_period() throws Exception {
        byte[] unique = ("gc-" + System.nanoTime()).getBytes(StandardCharsets.UTF_8);
        assertThat(root.putBytes(generic("collect", "f.bin"), unique).status()).isEqualTo(201);
        long id = root.get("/api/v4/projects/" + project + "/packages?package_name=collect").json().get(0).get("id").asLong();
        assertThat(root.delete("/api/v4/projects/" + project + "/packages/" + id).status()).isEqualTo(204);
        String sha = depot.core.blob.Digests.sha256Hex(unique);

        var early = server.services().maintenance().gc(3_600_000, p -> { });
        boolean keptDuringGrace = server.services().blobs().size(sha).isPresent();
        server.advanceClock(2 * 3_600_000);
        var late = server.services().maintenance().gc(3_600_000, p -> { });

        assertThat(keptDuringGrace).isTrue();
        assertThat(early.deleted()).isZero();
        assertThat(late.deleted()).isGreaterThanOrEqualTo(1);
        assertThat(server.services().blobs().size(sha)).isEmpty();
    }

    @Test
    void gc_keeps_referenced_blobs() throws Exception {
        byte[] unique = ("keep-" + System.nanoTime()).getBytes(StandardCharsets.UTF_8);
        root.putBytes(generic("kept", "f.bin"), unique);
        Thread.sleep(5);

        server.services().maintenance().gc(0, p -> { });

        assertThat(root.get(generic("kept", "f.bin")).body()).isEqualTo(new String(unique, StandardCharsets.UTF_8));
    }

    @Test
    void unknown_projects_are_not_found_and_challenge_anonymous_clients() {
        assertThat(root.get("/api/v4/projects/999999/packages/generic/a/1.0.0/f").status()).isEqualTo(404);
        assertThat(root.get("/api/v4/projects/no%2Fsuch/packages").status()).isEqualTo(404);
        assertThat(server.anonymous().get("/api/v4/projects/999999/packages/generic/a/1.0.0/f").status()).isEqualTo(401);
        assertThat(root.get("/api/v4/groups/999999/packages").status()).isEqualTo(404);
    }

    @Test
    void malformed_json_is_a_400_in_gitlab_shape() {
        Api.Response r = root.sendJson("POST", "/api/v4/projects", "{\"name\": ");
        Api.Response notObject = root.sendJson("POST", "/api/v4/groups", "[1,2]");
        Api.Response badSettings = root.sendJson("PUT", "/api/v4/groups/bad/package_settings", "{\"x\":1}");

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("error").asString()).contains("JSON");
        assertThat(notObject.status()).isEqualTo(400);
        assertThat(badSettings.status()).isEqualTo(400);
    }

    @Test
    void bad_parameters_are_400_not_500() {
        List<Api.Response> rs = new ArrayList<>();
        rs.add(root.get("/api/v4/projects/" + project + "/packages?per_page=abc"));
        rs.add(root.get("/api/v4/projects/" + project + "/packages?sort=sideways"));
        rs.add(root.get("/api/v4/projects/" + project + "/packages?package_type=nonsense"));
        rs.add(root.get("/api/v4/projects/" + project + "/packages?status=lost"));
        rs.add(root.post("/api/v4/projects", Map.of("name", "x", "visibility", "secret")));
        rs.add(root.post("/api/v4/projects/" + project + "/members", Map.of("user_id", 1, "access_level", 33)));
        rs.add(root.post("/api/v4/groups", Map.of("name", "x", "path", "../x")));
        rs.add(root.post("/api/v4/users/1/personal_access_tokens", Map.of("name", "x", "scopes", List.of("sudo"))));

        assertThat(rs).allSatisfy(r -> assertThat(r.status()).as(r.body()).isEqualTo(400));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v4/projects/%d/packages?package_type=npm%%", "/api/v4/projects/%d/packages?package_name=%%zz",
        "/api/v4/projects/%d/packages?sort=%%z", "/api/v4/projects/%d/packages/generic/a/1.0.0/f.txt?x=%%4"})
    void a_malformed_escape_in_the_query_is_a_400_not_a_dropped_filter(String path) throws IOException {
        // the HTTP client refuses to send such a URI: written by hand
        String response = depot.it.support.RawHttp.send(server.port(), "GET " + String.format(path, project)
                + " HTTP/1.1\r\nHost: 127.0.0.1\r\nPrivate-Token: " + TestServer.ROOT_TOKEN
                + "\r\nConnection: close\r\n\r\n", false);

        assertThat(response).startsWith("HTTP/1.1 400").contains("% must be followed by two hex digits");
    }

    @Test
    void if_none_match_star_matches_any_stored_file() {
        assertThat(root.putBytes(generic("etag", "f.txt"), "x".getBytes()).status()).isEqualTo(201);
        Api.Response star = root.send(root.request(generic("etag", "f.txt")).header("If-None-Match", "*").GET());
        Api.Response listed = root.send(root.request(generic("etag", "f.txt"))
                .header("If-None-Match", "\"other\", " + root.get(generic("etag", "f.txt")).header("ETag")).GET());

        assertThat(star.status()).isEqualTo(304);
        assertThat(listed.status()).isEqualTo(304);
    }

    private String generic(String name, String file) {
        return "/api/v4/projects/" + project + "/packages/generic/" + name + "/1.0.0/" + file;
    }

    interface Check {
        boolean ok() throws Exception;
    }

    private static void waitUntil(Check check) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        while (!check.ok() && System.currentTimeMillis() < deadline) Thread.sleep(50);
    }

}
