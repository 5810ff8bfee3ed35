package depot.it.oci;

import static org.assertj.core.api.Assertions.assertThat;

import depot.it.support.Api;
import depot.it.support.Backend;
import depot.it.support.OciRequests;
import depot.it.support.TestServer;
import depot.it.support.World;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Upload sessions live in the database and their chunks in the blob store: an upload begun before a restart completes
 * after it, and one whose chunks land on two servers sharing the same data completes on either.
 */
class OciUploadSessionTest {
    private static final byte[] DATA = "chunk one|chunk two|chunk three".getBytes(StandardCharsets.UTF_8);
    @TempDir Path data;

    @Test
    void an_upload_survives_a_restart() throws Exception {
        String location;
        Map<String, String> stores;
        try (TestServer before = new TestServer(Backend.SQLITE, Map.of("data_dir", data.toString()))) {
            stores = before.stores();
            World world = new World(before);
            world.project(world.group("acme", "private"), "app", "private");
            location = start(before.root());
            assertThat(patch(before.root(), location, 0, 10).status()).isEqualTo(202);
        }
        try (TestServer after = new TestServer(Backend.SQLITE, stores)) {
            Api root = after.root();
            Api.Response status = root.get(location);
            Api.Response rest = patch(root, location, 10, DATA.length);
            Api.Response done = finish(root, location);

            assertThat(status.header("Range")).isEqualTo("0-9");
            assertThat(rest.status()).isEqualTo(202);
            assertThat(done.status()).as(done.body()).isEqualTo(201);
            assertThat(root.get("/v2/acme/app/blobs/" + OciRequests.digest(DATA)).body())
                    .isEqualTo(new String(DATA, StandardCharsets.UTF_8));
        }
    }

    @Test
    void chunks_may_land_on_different_servers_sharing_the_data() throws Exception {
        try (TestServer one = new TestServer(Backend.SQLITE, Map.of("data_dir", data.toString()));
             TestServer two = new TestServer(Backend.SQLITE, one.stores())) {
            World world = new World(one);
            world.project(world.group("acme", "private"), "app", "private");
            String location = start(one.root());
            assertThat(patch(two.root(), location, 0, 10).status()).isEqualTo(202);
            assertThat(patch(one.root(), location, 10, 20).status()).isEqualTo(202);
            Api.Response stale = patch(one.root(), location, 10, 20);
            assertThat(patch(two.root(), location, 20, DATA.length).status()).isEqualTo(202);
            Api.Response done = finish(one.root(), location);

            assertThat(stale.status()).isEqualTo(416);
            assertThat(done.status()).as(done.body()).isEqualTo(201);
            assertThat(two.root().get("/v2/acme/app/blobs/" + OciRequests.digest(DATA)).body())
                    .isEqualTo(new String(DATA, StandardCharsets.UTF_8));
        }
    }

    private static String start(Api api) {
        Api.Response r = api.send(api.request("/v2/acme/app/blobs/uploads/").POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(r.status()).isEqualTo(202);
        return r.header("Location");
    }

    private static Api.Response patch(Api api, String location, int from, int to) {
        return api.send(api.request(location).header("Content-Range", from + "-" + (to - 1))
                .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(Arrays.copyOfRange(DATA, from, to))));
    }

    private static Api.Response finish(Api api, String location) {
        return api.send(api.request(location + "?digest=" + OciRequests.enc(OciRequests.digest(DATA)))
                .PUT(HttpRequest.BodyPublishers.noBody()));
    }
}
