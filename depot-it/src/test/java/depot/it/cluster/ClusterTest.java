package depot.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import depot.it.support.Api;
import depot.it.support.Cluster;
import depot.it.support.DepotProcess;
import depot.it.support.NpmDocs;
import depot.it.support.NugetTools;
import depot.it.support.ObjectStore;
import depot.it.support.OciRequests;
import depot.it.support.OneStack;
import depot.it.support.PypiUploads;
import depot.it.support.Tools;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three Depot processes (the real jar) on one PostgreSQL and one S3 bucket, started together on a new database, with
 * nginx in front. Publishes through one node and reads through the others for every format, races publishes of one
 * package through different nodes, continues an OCI upload across nodes, and kills a node with SIGKILL in the middle
 * of uploads; every acknowledged publish must then be present and byte-identical, fsck clean and gc must remove
 * what the killed node left. The cluster always runs on PostgreSQL and S3, in both runs of the suite.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@OneStack
class ClusterTest {
    @TempDir static Path dir;
    private Cluster cluster;
    private List<DepotProcess> nodes;
    private Api lb;
    private long project;

    @BeforeAll
    void start() throws Exception {
        cluster = new Cluster(dir, 3, Map.of("gc_grace", "0s"));
        nodes = cluster.nodes();
        lb = cluster.lb();
        long group = lb.post("/api/v4/groups", Map.of("name", "acme", "path", "acme", "visibility", "private"))
                .json().get("id").asLong();
        project = lb.post("/api/v4/projects", Map.of("name", "app", "path", "app", "namespace_id", group,
                "visibility", "private")).json().get("id").asLong();
    }

    @AfterAll
    void stop() throws Exception {
        if (cluster != null) cluster.close();
    }

    private String generic(String name, String version, String file) {
        return "/api/v4/projects/" + project + "/packages/generic/" + name + "/" + version + "/" + file;
    }

    /**
     * Every node caches users, tokens, memberships and package rows while the database's change counters stand
     * still: a token revoked, a member removed or a package deleted through one node stops working on the others at
     * their very next request.
     */
    @Test
    @Order(0)
    void a_change_made_through_one_node_holds_on_every_other_at_the_next_request() throws Exception {
        Api a = nodes.get(0).api(Cluster.TOKEN);
        byte[] bytes = "cached on every node\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String path = generic("cached", "1.0.0", "f.txt");
        assertThat(a.putBytes(path, bytes).status()).isEqualTo(201);
        Api.Response user = a.post("/api/v4/users", Map.of("username", "reader", "name", "reader",
                "email", "reader@example.com", "password", "password-reader"));
        long userId = user.json().get("id").asLong();
        assertThat(a.post("/api/v4/projects/" + project + "/members", Map.of("user_id", userId, "access_level", 20))
                .status()).isEqualTo(201);
        Api.Response created = a.post("/api/v4/users/" + userId + "/personal_access_tokens",
                Map.of("name", "t", "scopes", List.of("read_api")));
        String token = created.json().get("token").asString();
        long tokenId = created.json().get("id").asLong();
        String member = "member";
        Api.Response other = a.post("/api/v4/users", Map.of("username", member, "name", member,
                "email", member + "@example.com", "password", "password-" + member));
        long memberId = other.json().get("id").asLong();
        assertThat(a.post("/api/v4/projects/" + project + "/members", Map.of("user_id", memberId, "access_level", 20))
                .status()).isEqualTo(201);
        String memberToken = a.post("/api/v4/users/" + memberId + "/personal_access_tokens",
                Map.of("name", "t", "scopes", List.of("read_api"))).json().get("token").asString();
        for (DepotProcess node : nodes.subList(1, 3)) {
            for (int i = 0; i < 2; i++) {
                assertThat(node.api(token).get(path).status()).isEqualTo(200);
                assertThat(node.api(memberToken).get(path).status()).isEqualTo(200);
                assertThat(node.api(Cluster.TOKEN).get(path).status()).isEqualTo(200);
            }
        }

        assertThat(a.delete("/api/v4/personal_access_tokens/" + tokenId).status()).isEqualTo(204);
        assertThat(a.delete("/api/v4/projects/" + project + "/members/" + memberId).status()).isEqualTo(204);
        for (DepotProcess node : nodes.subList(1, 3)) {
            assertThat(node.api(token).get(path).status()).isEqualTo(401);
            assertThat(node.api(memberToken).get(path).status()).isEqualTo(404);
        }

        long packageId = a.get("/api/v4/projects/" + project + "/packages?package_name=cached").json().get(0)
                .get("id").asLong();
        assertThat(a.delete("/api/v4/projects/" + project + "/packages/" + packageId).status()).isEqualTo(204);
        for (DepotProcess node : nodes.subList(1, 3)) {
            assertThat(node.api(Cluster.TOKEN).get(path).status()).isEqualTo(404);
        }
    }

    @Test
    @Order(1)
    void what_one_node_publishes_the_others_serve_in_every_format() throws Exception {
        Api a = nodes.get(0).api(Cluster.TOKEN);
        Api b = nodes.get(1).api(Cluster.TOKEN);
        Api c = nodes.get(2).api(Cluster.TOKEN);
        String feed = "/api/v4/projects/" + project + "/packages";

        assertThat(a.putBytes(generic("g", "1.0.0", "g.txt"), "generic bytes".getBytes()).status()).isEqualTo(201);
        assertThat(a.putBytes(feed + "/maven/com/acme/lib/1.0/lib-1.0.jar", "jar bytes".getBytes()).status())
                .isEqualTo(201);
        assertThat(a.put(feed + "/npm/@acme%2flib", NpmDocs.publish("@acme/lib", "1.0.0",
                NpmDocs.tarball("@acme/lib", "1.0.0"))).status()).isEqualTo(201);
        byte[] wheel = PypiUploads.wheel("acme-lib", "1.0.0");
        assertThat(PypiUploads.upload(a, feed + "/pypi", PypiUploads.fields("acme-lib", "1.0.0", wheel),
                "acme_lib-1.0.0-py3-none-any.whl", wheel).status()).isEqualTo(201);
        assertThat(NugetTools.push(a, feed + "/nuget/", "package.nupkg", NugetTools.nupkg("Acme.Lib.nuspec",
                NugetTools.nuspec("Acme.Lib", "1.0.0", ""), Map.of())).status()).isEqualTo(201);
        String manifest = OciRequests.image(a, "acme/app", "v1", "cluster");

        for (Api other : List.of(b, c)) {
            assertThat(other.get(generic("g", "1.0.0", "g.txt")).body()).isEqualTo("generic bytes");
            assertThat(other.get(feed + "/maven/com/acme/lib/1.0/lib-1.0.jar").body()).isEqualTo("jar bytes");
            assertThat(other.get(feed + "/npm/@acme%2flib").json().get("versions").has("1.0.0")).isTrue();
            assertThat(other.get(feed + "/pypi/simple/acme-lib/").body()).contains("acme_lib-1.0.0-py3-none-any.whl");
            assertThat(other.get(feed + "/nuget/download/acme.lib/index.json").body()).contains("1.0.0");
            Api.Response m = other.send(other.request("/v2/acme/app/manifests/v1")
                    .header("Accept", OciRequests.MANIFEST).GET());
            assertThat(m.status()).isEqualTo(200);
            assertThat(m.header("Docker-Content-Digest")).isEqualTo(manifest);
        }
    }

    @Test
    @Order(2)
    void concurrent_publishes_of_one_package_through_every_node_are_all_kept_once() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Future<Integer>> results = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            Api via = nodes.get(i % 3).api(Cluster.TOKEN);
            String version = "2.0." + i;
            results.add(pool.submit(() -> via.put("/api/v4/projects/" + project + "/packages/npm/@acme%2frace",
                    NpmDocs.publish("@acme/race", version, NpmDocs.tarball("@acme/race", version))).status()));
            results.add(pool.submit(() -> NugetTools.push(via, "/api/v4/projects/" + project + "/packages/nuget/",
                    "package.nupkg", NugetTools.nupkg("Race.nuspec", NugetTools.nuspec("Acme.Race", version, ""),
                            Map.of())).status()));
        }
        for (Future<Integer> f : results) assertThat(f.get(2, TimeUnit.MINUTES)).isEqualTo(201);
        pool.shutdown();

        for (DepotProcess n : nodes) {
            var packument = n.api(Cluster.TOKEN).get("/api/v4/projects/" + project + "/packages/npm/@acme%2frace").json();
            assertThat(packument.get("versions").propertyNames()).hasSize(30);
            assertThat(n.api(Cluster.TOKEN).get("/api/v4/projects/" + project + "/packages/nuget/download/acme.race/index.json")
                    .json().get("versions")).hasSize(30);
        }
        assertThat(lb.get("/api/v4/projects/" + project + "/packages?package_name=race&per_page=100").json())
                .hasSize(60);
    }

    @Test
    @Order(3)
    void an_image_upload_continues_on_whichever_node_gets_the_next_chunk() throws Exception {
        byte[] layer = new byte[3 << 20];
        new Random(11).nextBytes(layer);
        String digest = "sha256:" + sha256(layer);
        Api.Response started = nodes.get(0).api(Cluster.TOKEN).send(nodes.get(0).api(Cluster.TOKEN).request("/v2/acme/app/blobs/uploads/")
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(started.status()).isEqualTo(202);
        String location = started.header("Location");
        int chunk = 1 << 20;
        for (int i = 0; i < 3; i++) {
            Api via = nodes.get(i).api(Cluster.TOKEN);
            Api.Response r = via.send(via.request(location).header("Content-Range", (i * chunk) + "-" + ((i + 1) * chunk - 1))
                    .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(
                            java.util.Arrays.copyOfRange(layer, i * chunk, (i + 1) * chunk))));
            assertThat(r.status()).as("chunk %d via node %d: %s", i, i, r.body()).isEqualTo(202);
            location = r.header("Location");
        }
        Api b = nodes.get(1).api(Cluster.TOKEN);
        Api.Response done = b.send(b.request(location + (location.contains("?") ? "&" : "?") + "digest="
                + OciRequests.enc(digest)).PUT(HttpRequest.BodyPublishers.noBody()));
        assertThat(done.status()).as(done.body()).isEqualTo(201);
        Api c = nodes.get(2).api(Cluster.TOKEN);
        HttpResponse<InputStream> got = c.stream(c.request("/v2/acme/app/blobs/" + digest).GET());
        assertThat(got.statusCode()).isEqualTo(200);
        assertThat(sha256(got.body().readAllBytes())).isEqualTo(digest.substring(7));
    }

    @Test
    @Order(4)
    void a_node_killed_mid_upload_loses_no_acknowledged_publish_and_leaves_nothing_gc_cannot_remove()
            throws Exception {
        int uploads = 12;
        int size = 8 << 20;
        Map<Integer, String> acknowledged = new ConcurrentHashMap<>();
        java.util.concurrent.atomic.AtomicInteger interrupted = new java.util.concurrent.atomic.AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(uploads);
        List<Future<?>> running = new ArrayList<>();
        for (int i = 0; i < uploads; i++) {
            int n = i;
            running.add(pool.submit(() -> {
                byte[] body = new byte[size];
                new Random(n).nextBytes(body);
                // a slow client: the body trickles so that the kill lands in the middle of it
                for (int attempt = 0; attempt < 5; attempt++) {
                    try {
                        Api.Response r = lb.send(lb.request(generic("big", "1.0." + n, "f.bin"))
                                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new Trickle(body))));
                        if (r.status() == 201) {
                            acknowledged.put(n, sha256(body));
                            return null;
                        }
                        interrupted.incrementAndGet(); // the balancer's 502 for a request whose node died
                    } catch (RuntimeException retry) {
                        interrupted.incrementAndGet(); // the connection broke: try again through the balancer
                    }
                }
                return null;
            }));
        }
        Thread.sleep(1000);
        DepotProcess victim = nodes.get(1);
        victim.kill();
        for (Future<?> f : running) f.get(5, TimeUnit.MINUTES);
        pool.shutdown();

        assertThat(interrupted.get()).as("uploads the kill interrupted (and that were retried)").isPositive();
        assertThat(acknowledged).hasSize(uploads);
        for (var e : acknowledged.entrySet()) {
            Api via = nodes.get(e.getKey() % 2 == 0 ? 0 : 2).api(Cluster.TOKEN);
            HttpResponse<InputStream> r = via.stream(via.request(generic("big", "1.0." + e.getKey(), "f.bin")).GET());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(sha256(r.body().readAllBytes())).as("upload %d", e.getKey()).isEqualTo(e.getValue());
        }

        Tools.Result fsck = cluster.cli("fsck");
        assertThat(fsck.stdout()).contains("0 corrupt, 0 missing");

        // besides what the kill left (if it caught a node past its first part), leftovers of the same kinds for sure:
        // an unfinished multipart upload, a temporary object, and a blob nothing references
        String bucket = cluster.env().get("DEPOT_S3_BUCKET");
        try (var s3 = ObjectStore.client()) {
            s3.createMultipartUpload(b -> b.bucket(bucket).key("depot/tmp/left-by-a-dead-node"));
            s3.putObject(b -> b.bucket(bucket).key("depot/tmp/half-copied"),
                    software.amazon.awssdk.core.sync.RequestBody.fromString("x"));
            String orphan = sha256("orphan".getBytes());
            s3.putObject(b -> b.bucket(bucket).key("depot/sha256/" + orphan.substring(0, 2) + "/" + orphan.substring(2, 4)
                    + "/" + orphan), software.amazon.awssdk.core.sync.RequestBody.fromString("orphan"));
            Thread.sleep(1100); // gc_grace is 0s; object times have one-second resolution here

            Tools.Result gc = cluster.cli("gc");
            assertThat(gc.exit()).as(gc.stdout() + gc.stderr()).isZero();
            assertThat(gc.stdout()).containsPattern("deleted [1-9]");
            assertThat(s3.listMultipartUploads(b -> b.bucket(bucket)).uploads()).isEmpty();
            assertThat(s3.listObjectsV2(b -> b.bucket(bucket).prefix("depot/tmp/")).contents()).isEmpty();
            assertThat(s3.listObjectsV2(b -> b.bucket(bucket).prefix("depot/sha256/" + orphan.substring(0, 2)))
                    .contents()).noneMatch(o -> o.key().endsWith(orphan));
        }
        assertThat(cluster.cli("fsck").stdout()).contains("0 corrupt, 0 missing");
        // everything acknowledged survives gc
        for (var e : acknowledged.entrySet()) {
            HttpResponse<InputStream> r = lb.stream(lb.request(generic("big", "1.0." + e.getKey(), "f.bin")).GET());
            assertThat(sha256(r.body().readAllBytes())).isEqualTo(e.getValue());
        }
        victim.start();
        victim.awaitReady();
        assertThat(victim.api(Cluster.TOKEN).get(generic("g", "1.0.0", "g.txt")).body()).isEqualTo("generic bytes");
    }

    /** A body that arrives in 64 KiB steps, 20 ms apart (about 2.6 s for 8 MiB). */
    static final class Trickle extends InputStream {
        private final byte[] body;
        private int pos;

        Trickle(byte[] body) { this.body = body; }

        @Override
        public int read() {
            return pos < body.length ? body[pos++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (pos >= body.length) return -1;
            if (pos % (64 << 10) == 0 && pos > 0) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            int n = Math.min(len, Math.min(body.length - pos, (64 << 10) - pos % (64 << 10)));
            System.arraycopy(body, pos, b, off, n);
            pos += n;
            return n;
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
