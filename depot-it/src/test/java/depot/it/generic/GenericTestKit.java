package depot.it.generic;

import static org.assertj.core.api.Assertions.assertThat;

import depot.format.generic.GenericFormat;
import depot.it.formats.CrashPublish;
import depot.it.formats.FormatTestKit;
import depot.it.formats.HostileProject;
import depot.it.formats.HostileRequest;
import depot.it.formats.Kind;
import depot.it.formats.MatrixEndpoint;
import depot.it.formats.MatrixWorld;
import depot.it.formats.PermissionRows;
import depot.it.formats.PermissionRows.Scope;
import depot.it.formats.Style;
import depot.it.formats.Vis;
import depot.it.support.Api;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitrary;

/** Generic packages in the tests every format shares. */
public final class GenericTestKit implements FormatTestKit {
    @Override
    public String type() { return GenericFormat.TYPE; }

    @Override
    public void publishFixtures(MatrixWorld world) {
        for (Vis vis : Vis.values()) {
            assertThat(world.root().putBytes(world.packages(vis) + "generic/readable/1.0.0/f.txt", new byte[] {42})
                    .status()).isEqualTo(201);
        }
    }

    @Override
    public List<MatrixEndpoint> matrixEndpoints(MatrixWorld world) {
        return List.of(
                new MatrixEndpoint("PUT generic file", Kind.WRITE, Style.FORMAT, 201, (api, vis, u) -> api.putBytes(
                        world.packages(vis) + "generic/written/1.0." + u + "/f.txt", new byte[] {1})),
                new MatrixEndpoint("GET generic file", Kind.READ, Style.FORMAT, 200,
                        (api, vis, u) -> api.get(world.packages(vis) + "generic/readable/1.0.0/f.txt")));
    }

    @Override
    public void permissionRows(PermissionRows rows) {
        String files = "/api/v4/projects/{id}/packages/generic/{name}/{version}/{file}";
        rows.matrixRow("GET " + files, "GET generic file");
        rows.matrixRow("PUT " + files, "PUT generic file");
        rows.packageRow("HEAD " + files, Kind.READ, Style.FORMAT, Scope.PROJECT,
                (api, vis, u) -> api.head(rows.packages(vis) + "generic/readable/1.0.0/f.txt"));
    }

    /** A generic package is a file: there is no metadata document to mutate. */
    @Override
    public List<Arbitrary<HostileRequest>> hostileDocuments(HostileProject project) { return List.of(); }

    @Override
    public List<HostileRequest> hostileNamesInPaths(HostileProject project, String name) {
        Api api = project.api();
        return List.of(
                new HostileRequest("generic package name", () -> api.putBytes(project.packages() + "generic/" + name
                        + "/1.0.0/f.bin", new byte[] {1})),
                new HostileRequest("generic file name", () -> api.putBytes(project.packages() + "generic/g/1.0.0/"
                        + name, new byte[] {1})));
    }

    /** A hostile duplicate exception pattern is refused or stored, never a 5xx, and publishing still works. */
    @Override
    public List<HostileRequest> hostileNamesInContent(HostileProject project, String pattern) {
        Api api = project.api();
        return List.of(new HostileRequest("generic duplicate exception pattern", () -> {
            Api.Response set = api.put("/api/v4/groups/" + project.group() + "/package_settings",
                    Map.of("generic_duplicate_exception_regex", pattern));
            assertThat(set.status()).as(set.body()).isLessThan(500);
            return api.putBytes(project.packages() + "generic/pattern/1.0.0/f.bin", new byte[] {1});
        }));
    }

    @Override
    public Optional<CrashPublish.Publisher> crashPublisher() {
        return Optional.of((packages, n, payload) -> {
            String file = packages + "generic/crash/1." + n + "/f.bin";
            return new CrashPublish("generic " + n, file, payload, null, null, api -> api.putBytes(file, payload));
        });
    }
}
