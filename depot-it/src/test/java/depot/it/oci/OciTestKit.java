package depot.it.oci;

import depot.core.testing.Hostile;
import depot.format.oci.OciFormat;
import depot.it.formats.CrashPublish;
import depot.it.formats.FormatTestKit;
import depot.it.formats.HostileProject;
import depot.it.formats.HostileRequest;
import depot.it.formats.MatrixEndpoint;
import depot.it.formats.MatrixRegistry;
import depot.it.formats.MatrixWorld;
import depot.it.formats.PermissionRows;
import depot.it.formats.PermissionRows.Scope;
import depot.it.formats.Rule;
import depot.it.formats.Vis;
import depot.it.support.Api;
import depot.it.support.OciRequests;
import depot.it.support.TestServer;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitrary;

/** The container registry in the tests every format shares (its REST API is the server's, in the core rows). */
public final class OciTestKit implements FormatTestKit {
    @Override
    public String type() { return OciFormat.TYPE; }

    /** In each project, the deploy tokens with the registry's scopes and the image {@code matrix/<vis>/img:v1}. */
    @Override
    public void publishFixtures(MatrixWorld world) {
        for (Vis vis : Vis.values()) {
            world.deployCredential(vis, OciMatrixRegistry.READ_REGISTRY);
            world.deployCredential(vis, OciMatrixRegistry.WRITE_REGISTRY);
            OciRequests.image(world.root(), OciMatrixRegistry.image(vis), "v1", vis.name());
        }
    }

    /** The container registry takes credentials of its own: its endpoints are its {@link #matrixRegistry}'s. */
    @Override
    public List<MatrixEndpoint> matrixEndpoints(MatrixWorld world) { return List.of(); }

    @Override
    public Optional<MatrixRegistry> matrixRegistry(MatrixWorld world) {
        return Optional.of(new OciMatrixRegistry(world));
    }

    @Override
    public void permissionRows(PermissionRows rows) {
        rows.row("GET /v2", Rule.SIGNED_IN, Scope.NONE, (api, vis, u) -> api.get("/v2"));
        rows.row("GET /v2/", Rule.SIGNED_IN, Scope.NONE, (api, vis, u) -> api.get("/v2/"));
        rows.row("HEAD /v2", Rule.SIGNED_IN, Scope.NONE, (api, vis, u) -> api.head("/v2"));
        rows.row("HEAD /v2/", Rule.SIGNED_IN, Scope.NONE, (api, vis, u) -> api.head("/v2/"));
        for (String method : List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")) {
            rows.matrixRow(method + " /v2/<path>",
                    "every_registry_endpoint_for_every_caller_visibility_and_credential_style");
        }
        String pull = "service=container_registry&scope=repository:matrix/public/img:pull";
        rows.row("GET /jwt/auth", Rule.ANY, Scope.NONE, (api, vis, u) -> api.get("/jwt/auth?" + pull));
        // the token service's OAuth2 form: the credential is in the form, whatever the headers say
        rows.row("POST /jwt/auth", Rule.PUBLIC, Scope.NONE, (api, vis, u) -> api.postForm("/jwt/auth",
                "grant_type=password&username=root&password=" + TestServer.ROOT_PASSWORD + "&" + pull));
    }

    /** The image whose config and layer the hostile manifests name. */
    @Override
    public void seedHostileProject(HostileProject project) {
        OciRequests.image(project.api(), image(project), "seed", "seed");
    }

    private static String image(HostileProject project) { return project.path() + "/img"; }

    @Override
    public List<Arbitrary<HostileRequest>> hostileDocuments(HostileProject project) {
        Api api = project.api();
        String manifests = "/v2/" + image(project) + "/manifests/";
        String seed = api.send(api.request(manifests + "seed").header("Accept", OciRequests.MANIFEST).GET()).body();
        return List.of(Hostile.mutationsOf(seed).map(manifest -> HostileRequest.of("image manifest", manifest,
                () -> api.send(api.request(manifests + "t").header("Content-Type", OciRequests.MANIFEST)
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(manifest))))));
    }

    @Override
    public List<HostileRequest> hostileNamesInPaths(HostileProject project, String name) {
        return List.of(new HostileRequest("image repository name",
                () -> project.api().get("/v2/" + project.path() + "/" + name + "/tags/list")));
    }

    /** The crash-safety test publishes no images yet. */
    @Override
    public Optional<CrashPublish.Publisher> crashPublisher() { return Optional.empty(); }
}
