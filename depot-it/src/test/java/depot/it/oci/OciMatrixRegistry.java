package depot.it.oci;

import static org.assertj.core.api.Assertions.assertThat;

import depot.it.formats.Kind;
import depot.it.formats.MatrixEndpoint;
import depot.it.formats.MatrixRegistry;
import depot.it.formats.MatrixWorld;
import depot.it.formats.PermissionRows.Probe;
import depot.it.formats.Style;
import depot.it.formats.Vis;
import depot.it.support.Api;
import depot.it.support.OciRequests;
import depot.it.support.TestServer;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;

/**
 * The container registry in the authorization matrix: its endpoints (and its REST API's, which take its scopes) on the
 * image {@code matrix/<vis>/img:v1} of each project, with the credential sent the Docker way (Basic to /jwt/auth,
 * then the token) and directly.
 */
final class OciMatrixRegistry implements MatrixRegistry {
    static final String READ_REGISTRY = "read_registry";
    static final String WRITE_REGISTRY = "write_registry";
    private final MatrixWorld world;
    private final TestServer server;

    OciMatrixRegistry(MatrixWorld world) {
        this.world = world;
        this.server = world.server();
    }

    /** The matrix's image in the project of that visibility (tag v1, pushed with the visibility's name as unique). */
    static String image(Vis vis) { return "matrix/" + vis.value() + "/img"; }

    @Override
    public String readScope() { return READ_REGISTRY; }

    @Override
    public String writeScope() { return WRITE_REGISTRY; }

    @Override
    public List<MatrixEndpoint> endpoints() {
        List<MatrixEndpoint> e = new ArrayList<>();
        e.add(format("GET manifest", Kind.READ, 200, (api, vis, u) -> api.get("/v2/" + image(vis) + "/manifests/v1")));
        e.add(format("HEAD manifest", Kind.READ, 200, (api, vis, u) ->
                api.head("/v2/" + image(vis) + "/manifests/" + OciRequests.imageDigest(vis.name()))));
        e.add(format("GET blob", Kind.READ, 200, (api, vis, u) -> api.get("/v2/" + image(vis) + "/blobs/"
                + OciRequests.digest(("layer " + vis.name()).getBytes(StandardCharsets.UTF_8)))));
        e.add(format("GET tags", Kind.READ, 200, (api, vis, u) -> api.get("/v2/" + image(vis) + "/tags/list")));
        e.add(format("GET referrers", Kind.READ, 200, (api, vis, u) ->
                api.get("/v2/" + image(vis) + "/referrers/" + OciRequests.imageDigest(vis.name()))));
        e.add(format("POST blob upload", Kind.WRITE, 202, (api, vis, u) -> api.send(
                api.request("/v2/" + image(vis) + "/blobs/uploads/").POST(HttpRequest.BodyPublishers.noBody()))));
        e.add(format("PUT manifest", Kind.WRITE, 201, (api, vis, u) -> OciRequests.putManifest(api, image(vis),
                "t" + u, OciRequests.manifest(("{\"architecture\":\"amd64\",\"os\":\"linux\",\"unique\":\"" + vis.name()
                        + "\"}").getBytes(StandardCharsets.UTF_8), ("layer " + vis.name()).getBytes(StandardCharsets.UTF_8)))));
        e.add(format("DELETE tag", Kind.DELETE, 202, (api, vis, u) -> {
            OciRequests.image(world.root(), image(vis), "d" + u, vis.name());
            return api.delete("/v2/" + image(vis) + "/manifests/d" + u);
        }));
        e.add(new MatrixEndpoint("API GET registry repositories", Kind.READ, Style.API, 200,
                (api, vis, u) -> api.get(repositories(vis))));
        e.add(new MatrixEndpoint("API GET registry tags", Kind.READ, Style.API, 200,
                (api, vis, u) -> api.get(repositories(vis) + "/" + repositoryId(vis) + "/tags")));
        e.add(new MatrixEndpoint("API DELETE registry tag", Kind.DELETE, Style.API, 200, (api, vis, u) -> {
            OciRequests.image(world.root(), image(vis), "a" + u, vis.name());
            return api.delete(repositories(vis) + "/" + repositoryId(vis) + "/tags/a" + u);
        }));
        e.add(format("DELETE blob", Kind.DELETE, 202, (api, vis, u) -> {
            byte[] blob = ("deletable " + u).getBytes(StandardCharsets.UTF_8);
            assertThat(OciRequests.pushBlob(world.root(), image(vis), blob).status()).isEqualTo(201);
            return api.delete("/v2/" + image(vis) + "/blobs/" + OciRequests.digest(blob));
        }));
        return e;
    }

    private static MatrixEndpoint format(String name, Kind kind, int success, Probe call) {
        return new MatrixEndpoint(name, kind, Style.FORMAT, success, call);
    }

    private String repositories(Vis vis) { return "/api/v4/projects/" + world.project(vis) + "/registry/repositories"; }

    private long repositoryId(Vis vis) {
        return world.root().get(repositories(vis)).json().get(0).get("id").asLong();
    }

    /** Through a token from /jwt/auth (not at the REST API, which takes no registry token), or directly. */
    @Override
    public List<Presentation> presentations() { return List.of(new Way(true), new Way(false)); }

    private final class Way implements Presentation {
        private final boolean token;

        Way(boolean token) { this.token = token; }

        @Override
        public String name() { return token ? "TOKEN" : "DIRECT"; }

        @Override
        public boolean presents(MatrixEndpoint endpoint) { return !token || endpoint.style() != Style.API; }

        @Override
        public Presented present(String[] credential, Vis vis) {
            if (!token) return new Presented(as(credential), null);
            Api.Response granted = token(credential, "repository:" + image(vis) + ":pull,push,delete");
            return granted.status() == 200 ? new Presented(bearer(granted), null) : new Presented(null, granted);
        }
    }

    private Api as(String[] credential) {
        return credential == null ? server.anonymous() : server.as(credential[0], credential[1]);
    }

    /** Asks /jwt/auth for a token, with a matrix credential as a Docker client would send it (Basic). */
    private Api.Response token(String[] credential, String scope) {
        String[] pair = credential == null ? null : basicPair(credential);
        return OciRequests.token(server, pair == null ? null : pair[0], pair == null ? null : pair[1], scope);
    }

    private Api bearer(Api.Response granted) {
        return server.as("Authorization", "Bearer " + granted.json().get("token").asString());
    }

    /** The Basic user and secret of a matrix credential. */
    private static String[] basicPair(String[] credential) {
        if (credential[0].equals("Authorization")) {
            String decoded = new String(Base64.getDecoder().decode(credential[1].substring(6)), StandardCharsets.UTF_8);
            return decoded.split(":", 2);
        }
        return new String[] {credential[0].equals("Job-Token") ? "gitlab-ci-token" : "someone", credential[1]};
    }

    /**
     * The challenge names the token service at the registry's endpoints, Basic at the REST API and at the token
     * service; the registry's errors carry a code (a HEAD answer has no body).
     */
    @Override
    public void checkRefusal(MatrixEndpoint endpoint, int status, Api.Response answer, boolean presented) {
        if (status == 401) {
            assertThat(answer.header("WWW-Authenticate"))
                    .startsWith(!presented || endpoint.style() == Style.API ? "Basic realm=" : "Bearer realm=");
        }
        if (presented && endpoint.style() == Style.FORMAT && !endpoint.name().startsWith("HEAD")) {
            assertThat(answer.json().get("errors").get(0).has("code")).isTrue();
        }
    }

    /** Package scopes open no image, registry scopes open no package. */
    @Override
    public List<DynamicTest> scopeChecks(MatrixEndpoint packageRead) {
        Vis vis = Vis.PRIVATE;
        MatrixEndpoint manifest = endpoints().get(0);
        return List.of(
                DynamicTest.dynamicTest("deploy token " + MatrixWorld.READ_PACKAGES + " × " + manifest.name() + " → 403",
                        () -> assertThat(manifest.call().run(as(world.deployCredential(vis, MatrixWorld.READ_PACKAGES)),
                                vis, world.unique()).status()).isEqualTo(403)),
                DynamicTest.dynamicTest("deploy token " + READ_REGISTRY + " × " + packageRead.name() + " → 403",
                        () -> assertThat(packageRead.call().run(as(world.deployCredential(vis, READ_REGISTRY)), vis,
                                world.unique()).status()).isEqualTo(403)),
                DynamicTest.dynamicTest("token " + MatrixWorld.READ_PACKAGES + " × /jwt/auth pull → no access granted",
                        () -> {
                    long user = world.root().get("/api/v4/users?username=reporter").json().get(0).get("id").asLong();
                    String narrow = world.world().token(user, List.of(MatrixWorld.READ_PACKAGES), null);
                    Api.Response t = OciRequests.token(server, "reporter", narrow, "repository:" + image(vis) + ":pull");
                    assertThat(t.status()).isEqualTo(200);
                    assertThat(bearer(t).get("/v2/" + image(vis) + "/manifests/v1").status()).isEqualTo(403);
                }));
    }

    @Override
    public String catalogName() { return "GET /v2/_catalog"; }

    @Override
    public List<String> catalog(String[] credential) {
        Api.Response r = bearer(token(credential, "registry:catalog:*")).get("/v2/_catalog");
        assertThat(r.status()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        r.json().get("repositories").forEach(n -> {
            if (n.asString().startsWith("matrix/")) names.add(n.asString()); // not the route table's images
        });
        return names;
    }

    @Override
    public String fixture(Vis vis) { return image(vis); }
}
