package depot.it.npm;

import static org.assertj.core.api.Assertions.assertThat;

import depot.core.testing.Hostile;
import depot.format.npm.NpmFormat;
import depot.it.formats.CrashPublish;
import depot.it.formats.FormatTestKit;
import depot.it.formats.GroupRead;
import depot.it.formats.HostileProject;
import depot.it.formats.HostileRequest;
import depot.it.formats.Kind;
import depot.it.formats.MatrixEndpoint;
import depot.it.formats.MatrixWorld;
import depot.it.formats.PermissionRows;
import depot.it.formats.PermissionRows.Probe;
import depot.it.formats.PermissionRows.Scope;
import depot.it.formats.Rule;
import depot.it.formats.Style;
import depot.it.formats.Vis;
import depot.it.support.Api;
import depot.it.support.NpmDocs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import net.jqwik.api.Arbitrary;

/** npm in the tests every format shares. */
public final class NpmTestKit implements FormatTestKit {
    @Override
    public String type() { return NpmFormat.TYPE; }

    @Override
    public void publishFixtures(MatrixWorld world) {
        for (Vis vis : Vis.values()) {
            publish(world.root(), world.packages(vis) + "npm/", "@matrix/readable", "1.0.0");
            publish(world.root(), world.packages(vis) + "npm/", "@matrix/only-" + vis.value(), "1.0.0");
        }
    }

    private static void publish(Api api, String registry, String name, String version) {
        Api.Response r = api.put(registry + NpmDocs.escaped(name),
                NpmDocs.publish(name, version, NpmDocs.tarball(name, version)));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    @Override
    public List<MatrixEndpoint> matrixEndpoints(MatrixWorld world) {
        Function<Vis, String> npm = vis -> world.packages(vis) + "npm/";
        String tags = "-/package/@matrix%2freadable/dist-tags";
        List<MatrixEndpoint> e = new ArrayList<>();
        e.add(new MatrixEndpoint("PUT npm publish", Kind.WRITE, Style.FORMAT, 201, (api, vis, u) -> api.put(
                npm.apply(vis) + "@matrix%2fwritten", NpmDocs.publish("@matrix/written", "1.0." + u,
                        NpmDocs.tarball("@matrix/written", "1.0." + u)))));
        e.add(new MatrixEndpoint("PUT npm deprecate", Kind.WRITE, Style.FORMAT, 200, (api, vis, u) -> api.put(
                npm.apply(vis) + "@matrix%2freadable", "{\"name\":\"@matrix/readable\",\"versions\":{\"1.0.0\":"
                        + "{\"deprecated\":\"note " + u + "\"}}}")));
        e.add(new MatrixEndpoint("GET npm packument", Kind.READ, Style.FORMAT, 200,
                (api, vis, u) -> api.get(npm.apply(vis) + "@matrix%2freadable")));
        e.add(new MatrixEndpoint("GET npm tarball", Kind.READ, Style.FORMAT, 200,
                (api, vis, u) -> api.get(npm.apply(vis) + "@matrix/readable/-/@matrix/readable-1.0.0.tgz")));
        e.add(new MatrixEndpoint("GET npm dist-tags", Kind.READ, Style.FORMAT, 200,
                (api, vis, u) -> api.get(npm.apply(vis) + tags)));
        e.add(new MatrixEndpoint("GET npm search", Kind.READ, Style.FORMAT, 200,
                (api, vis, u) -> api.get(npm.apply(vis) + "-/v1/search?text=readable")));
        e.add(new MatrixEndpoint("PUT npm dist-tag", Kind.WRITE, Style.FORMAT, 200,
                (api, vis, u) -> api.put(npm.apply(vis) + tags + "/t" + u, "\"1.0.0\"")));
        e.add(new MatrixEndpoint("DELETE npm dist-tag", Kind.DELETE, Style.FORMAT, 200, (api, vis, u) -> {
            assertThat(world.root().put(npm.apply(vis) + tags + "/d" + u, "\"1.0.0\"").status()).isEqualTo(200);
            return api.delete(npm.apply(vis) + tags + "/d" + u);
        }));
        e.add(new MatrixEndpoint("DELETE npm version", Kind.DELETE, Style.FORMAT, 200, (api, vis, u) -> {
            publish(world.root(), npm.apply(vis), "@matrix/deletable", "2.0." + u);
            return api.delete(npm.apply(vis) + "@matrix/deletable/-/deletable-2.0." + u + ".tgz/-rev/1");
        }));
        return e;
    }

    @Override
    public List<GroupRead> groupReads(MatrixWorld world) {
        Function<Vis, String> tarball = vis -> "@matrix/only-" + vis.value() + "/-/@matrix/only-" + vis.value()
                + "-1.0.0.tgz";
        return List.of(new GroupRead("/api/v4/groups/matrix/-/packages/npm/", tarball),
                new GroupRead("/api/v4/packages/npm/", tarball));
    }

    @Override
    public void permissionRows(PermissionRows rows) {
        registry(rows, "/api/v4/projects/{id}/packages/npm", vis -> rows.packages(vis) + "npm", Scope.PROJECT);
        registry(rows, "/api/v4/groups/{id}/-/packages/npm", vis -> "/api/v4/groups/matrix/-/packages/npm",
                Scope.GROUP);
        registry(rows, "/api/v4/packages/npm", vis -> "/api/v4/packages/npm", Scope.GROUP);
        rows.matrixRow("PUT /api/v4/projects/{id}/packages/npm/<path>", "PUT npm publish, PUT npm deprecate");
        rows.matrixRow("DELETE /api/v4/projects/{id}/packages/npm/<path>", "DELETE npm version");
    }

    /**
     * The rows of one registry URL: a project's, or a group's or the instance's (Scope.GROUP), where the package
     * probed is the one only the project of the probe's visibility has.
     */
    private static void registry(PermissionRows rows, String route, Function<Vis, String> base, Scope scope) {
        boolean project = scope == Scope.PROJECT;
        Function<Vis, String> name = vis -> project ? "@matrix%2freadable" : "@matrix%2fonly-" + vis.value();
        Probe whoami = (api, vis, u) -> api.get(base.apply(vis) + "/-/whoami");
        if (project) {
            rows.row("GET " + route + "/-/whoami", Rule.WHOAMI, scope, whoami);
            rows.packageRow("GET " + route + "/-/v1/search", Kind.READ, Style.FORMAT, scope,
                    (api, vis, u) -> api.get(base.apply(vis) + "/-/v1/search?text=readable"));
        } else {
            rows.row("GET " + route + "/-/whoami", Rule.SIGNED_IN, Scope.NONE, whoami);
            rows.row("GET " + route + "/-/v1/search", Rule.LISTING, Scope.GROUP,
                    (api, vis, u) -> api.get(base.apply(vis) + "/-/v1/search?text=only"));
        }
        rows.packageRow("GET " + route + "/-/package/<path>", Kind.READ, Style.FORMAT, scope,
                (api, vis, u) -> api.get(base.apply(vis) + "/-/package/" + name.apply(vis) + "/dist-tags"));
        rows.packageRow("PUT " + route + "/-/package/<path>", Kind.WRITE, Style.FORMAT, scope, (api, vis, u) ->
                api.put(base.apply(vis) + "/-/package/" + name.apply(vis) + "/dist-tags/t" + u, "\"1.0.0\""));
        rows.packageRow("DELETE " + route + "/-/package/<path>", Kind.DELETE, Style.FORMAT, scope, (api, vis, u) -> {
            rows.root().put(base.apply(vis) + "/-/package/" + name.apply(vis) + "/dist-tags/d" + u, "\"1.0.0\"");
            return api.delete(base.apply(vis) + "/-/package/" + name.apply(vis) + "/dist-tags/d" + u);
        });
        Probe audit = (api, vis, u) -> api.post(base.apply(vis) + "/-/npm/v1/security/advisories/bulk",
                Map.of("left-pad", List.of("1.0.0")));
        if (project) {
            rows.packageRow("POST " + route + "/-/npm/v1/security/<rest>", Kind.READ, Style.FORMAT, scope, audit);
            rows.matrixRow("GET " + route + "/<path>", "GET npm packument, GET npm tarball");
            rows.packageRow("HEAD " + route + "/<path>", Kind.READ, Style.FORMAT, scope,
                    (api, vis, u) -> api.head(base.apply(vis) + "/@matrix/readable/-/@matrix/readable-1.0.0.tgz"));
        } else {
            rows.row("POST " + route + "/-/npm/v1/security/<rest>", Rule.ANY, Scope.NONE, audit);
            rows.matrixRow("GET " + route + "/<path>", "group_and_instance_endpoints_serve_only_readable_projects");
            rows.packageRow("HEAD " + route + "/<path>", Kind.READ, Style.FORMAT, scope, (api, vis, u) -> {
                String only = "@matrix/only-" + vis.value();
                return api.head(base.apply(vis) + "/" + only + "/-/" + only + "-1.0.0.tgz");
            });
        }
    }

    @Override
    public List<Arbitrary<HostileRequest>> hostileDocuments(HostileProject project) {
        String document = NpmDocs.publish("@hostile/x", "1.0.0", NpmDocs.tarball("@hostile/x", "1.0.0"));
        return List.of(Hostile.mutationsOf(document).map(doc -> HostileRequest.of("npm publish document", doc,
                () -> project.api().putBytes(project.packages() + "npm/@hostile%2fx", doc))));
    }

    @Override
    public List<HostileRequest> hostileNamesInPaths(HostileProject project, String name) {
        return List.of(new HostileRequest("npm package name",
                () -> project.api().get(project.packages() + "npm/" + name)));
    }

    @Override
    public Optional<CrashPublish.Publisher> crashPublisher() {
        return Optional.of((packages, n, payload) -> {
            String name = "@crash/lib" + (n % 3);
            String version = "1.0." + n;
            byte[] tgz = NpmDocs.tarball(name, version);
            String packument = packages + "npm/" + NpmDocs.escaped(name);
            return new CrashPublish("npm " + n, packages + "npm/" + name + "/-/" + name + "-" + version + ".tgz", tgz,
                    packument, "\"" + version + "\"", api -> api.put(packument, NpmDocs.publish(name, version, tgz)));
        });
    }
}
