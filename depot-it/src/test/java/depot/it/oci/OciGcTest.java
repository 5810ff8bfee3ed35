package depot.it.oci;

import static org.assertj.core.api.Assertions.assertThat;

import depot.core.packages.Maintenance;
import depot.it.support.Api;
import depot.it.support.Backend;
import depot.it.support.OciRequests;
import depot.it.support.TestServer;
import depot.it.support.World;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * gc keeps everything a tag reaches — index children, referrers — and whatever is younger than the grace period
 * (pushes in flight), and removes untagged manifests, unused blob links, idle uploads and then their bytes; bytes
 * another repository still links stay.
 */
class OciGcTest {
    private static final long DAY = 86_400_000L;

    @ParameterizedTest
    @EnumSource(Backend.class)
    void gc_removes_what_no_tag_needs_and_keeps_the_rest(Backend backend) throws Exception {
        try (TestServer server = new TestServer(backend)) {
            World world = new World(server);
            world.project(world.group("acme", "private"), "app", "private");
            Api root = server.root();
            String repo = "acme/app/img";
            String kept = OciRequests.image(root, repo, "keep", "kept");
            String dropped = OciRequests.image(root, repo, "old", "dropped");
            OciRequests.image(root, "acme/app/other", "x", "dropped");  // the same layer bytes, linked elsewhere
            assertThat(root.delete("/v2/" + repo + "/manifests/old").status()).isEqualTo(202);
            byte[] empty = "{}".getBytes(StandardCharsets.UTF_8);
            assertThat(OciRequests.pushBlob(root, repo, empty).status()).isEqualTo(201);
            String referrer = "{\"schemaVersion\":2,\"mediaType\":\"" + OciRequests.MANIFEST + "\",\"artifactType\":"
                    + "\"application/vnd.example.sig\",\"config\":" + OciRequests.descriptor("application/vnd.oci.empty.v1+json", empty)
                    + ",\"layers\":[],\"subject\":{\"mediaType\":\"" + OciRequests.MANIFEST + "\",\"digest\":\"" + kept
                    + "\",\"size\":1}}";
            String referrerDigest = OciRequests.digest(referrer.getBytes(StandardCharsets.UTF_8));
            assertThat(OciRequests.putManifest(root, repo, referrerDigest, referrer).status()).isEqualTo(201);
            String child = OciRequests.image(root, repo, "child-tag", "child");
            assertThat(root.delete("/v2/" + repo + "/manifests/child-tag").status()).isEqualTo(202);
            String index = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":["
                    + "{\"mediaType\":\"" + OciRequests.MANIFEST + "\",\"digest\":\"" + child + "\",\"size\":1}]}";
            assertThat(root.send(root.request("/v2/" + repo + "/manifests/multi")
                    .header("Content-Type", "application/vnd.oci.image.index.v1+json")
                    .PUT(HttpRequest.BodyPublishers.ofString(index))).status()).isEqualTo(201);
            byte[] orphan = "pushed, never used".getBytes(StandardCharsets.UTF_8);
            assertThat(OciRequests.pushBlob(root, repo, orphan).status()).isEqualTo(201);
            Api.Response idle = root.send(root.request("/v2/" + repo + "/blobs/uploads/")
                    .POST(HttpRequest.BodyPublishers.noBody()));
            server.advanceClock(8 * DAY);
            byte[] inFlight = "pushed a moment ago".getBytes(StandardCharsets.UTF_8);
            assertThat(OciRequests.pushBlob(root, repo, inFlight).status()).isEqualTo(201);
            String droppedLayer = OciRequests.digest("layer dropped".getBytes(StandardCharsets.UTF_8));

            Maintenance.GcResult result = server.services().maintenance().gc(3_600_000L, p -> { });

            assertThat(result.parts().get("container registry").get("unneeded manifests")).isEqualTo(1);
            assertThat(result.parts().get("container registry").get("idle uploads")).isEqualTo(1);
            assertThat(root.get("/v2/" + repo + "/manifests/keep").status()).isEqualTo(200);
            assertThat(root.get("/v2/" + repo + "/manifests/" + kept).status()).isEqualTo(200);
            assertThat(root.get("/v2/" + repo + "/manifests/" + referrerDigest).status()).isEqualTo(200);
            assertThat(root.get("/v2/" + repo + "/manifests/multi").status()).isEqualTo(200);
            assertThat(root.get("/v2/" + repo + "/manifests/" + child).status()).isEqualTo(200);
            assertThat(root.get("/v2/" + repo + "/manifests/" + dropped).status()).isEqualTo(404);
            assertThat(root.get("/v2/" + repo + "/blobs/" + droppedLayer).status()).isEqualTo(404);
            assertThat(root.get("/v2/acme/app/other/blobs/" + droppedLayer).status()).isEqualTo(200);
            assertThat(root.get("/v2/" + repo + "/blobs/" + OciRequests.digest(orphan)).status()).isEqualTo(404);
            assertThat(server.services().blobs().size(OciRequests.digest(orphan).substring(7))).isEmpty();
            assertThat(root.get("/v2/" + repo + "/blobs/" + OciRequests.digest(inFlight)).status()).isEqualTo(200);
            assertThat(root.get(idle.header("Location")).status()).isEqualTo(404);
            assertThat(root.get("/v2/" + repo + "/referrers/" + kept).json().get("manifests")).hasSize(1);
        }
    }
}
