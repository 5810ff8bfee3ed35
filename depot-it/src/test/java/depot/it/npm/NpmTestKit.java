package depot.it.npm;

import depot.core.testing.Hostile;
import depot.format.npm.NpmFormat;
import depot.it.formats.CrashPublish;
import depot.it.formats.FormatTestKit;
import depot.it.formats.HostileProject;
import depot.it.formats.HostileRequest;
import depot.it.formats.Kind;
import depot.it.formats.PermissionRows;
import depot.it.formats.PermissionRows.Probe;
import depot.it.formats.PermissionRows.Scope;
import depot.it.formats.Rule;
import depot.it.formats.Style;
import depot.it.formats.Vis;
import depot.it.support.NpmDocs;
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
