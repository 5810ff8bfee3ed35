package depot.it.rpm;

import static org.assertj.core.api.Assertions.assertThat;

import depot.core.testing.Hostile;
import depot.format.rpm.RpmFormat;
import depot.format.rpm.RpmWriter;
import depot.it.formats.CrashPublish;
import depot.it.formats.FormatTestKit;
import depot.it.formats.GroupRead;
import depot.it.formats.HostileProject;
import depot.it.formats.HostileRequest;
import depot.it.formats.Kind;
import depot.it.formats.MatrixEndpoint;
import depot.it.formats.MatrixWorld;
import depot.it.formats.PermissionRows;
import depot.it.formats.PermissionRows.Scope;
import depot.it.formats.Rule;
import depot.it.formats.Style;
import depot.it.formats.Vis;
import depot.it.support.Api;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import net.jqwik.api.Arbitrary;

/** The RPM repository in the tests every format shares. */
public final class RpmTestKit implements FormatTestKit {
    @Override
    public String type() { return RpmFormat.TYPE; }

    /** Packages readable-<vis> and only-<vis> (a name belongs to one project) in each project. */
    @Override
    public void publishFixtures(MatrixWorld world) {
        for (Vis vis : Vis.values()) {
            for (String name : List.of("readable-" + vis.value(), "only-" + vis.value())) {
                Api.Response r = Rpms.upload(world.root(), world.packages(vis), name + ".rpm",
                        Rpms.simple(name, "1.0", name.getBytes(StandardCharsets.UTF_8)));
                assertThat(r.status()).as(r.body()).isEqualTo(201);
            }
        }
    }

    @Override
    public List<MatrixEndpoint> matrixEndpoints(MatrixWorld world) {
        Function<Vis, String> rpm = vis -> world.packages(vis) + "rpm/";
        return List.of(
                new MatrixEndpoint("PUT rpm upload", Kind.WRITE, Style.FORMAT, 201, (api, vis, u) -> Rpms.upload(api,
                        world.packages(vis), "written.rpm", Rpms.simple("written-" + vis.value(), "1.0." + u, new byte[] {1}))),
                new MatrixEndpoint("POST rpm upload", Kind.WRITE, Style.FORMAT, 201, (api, vis, u) -> Rpms.post(api,
                        rpm.apply(vis), Rpms.simple("posted-" + vis.value(), "1.0." + u, new byte[] {2}))),
                new MatrixEndpoint("GET rpm repomd.xml", Kind.READ, Style.FORMAT, 200,
                        (api, vis, u) -> api.get(rpm.apply(vis) + "repodata/repomd.xml")),
                new MatrixEndpoint("GET rpm package", Kind.READ, Style.FORMAT, 200, (api, vis, u) ->
                        api.get(rpm.apply(vis) + "Packages/" + Rpms.fileName("readable-" + vis.value(), "1.0"))),
                new MatrixEndpoint("GET rpm .repo file", Kind.READ, Style.FORMAT, 200,
                        (api, vis, u) -> api.get(rpm.apply(vis) + "depot.repo")));
    }

    @Override
    public List<GroupRead> groupReads(MatrixWorld world) {
        return List.of(new GroupRead("/api/v4/groups/matrix/-/packages/rpm/",
                vis -> "Packages/" + Rpms.fileName("only-" + vis.value(), "1.0")));
    }

    @Override
    public void permissionRows(PermissionRows rows) {
        String project = "/api/v4/projects/{id}/packages/rpm";
        rows.matrixRow("PUT " + project + "/{file}", "PUT rpm upload");
        rows.matrixRow("POST " + project, "POST rpm upload");
        rows.matrixRow("POST " + project + "/", "POST rpm upload");
        rows.matrixRow("POST " + project + "/{file}", "PUT rpm upload");
        rows.matrixRow("PUT " + project, "POST rpm upload");
        rows.matrixRow("PUT " + project + "/", "POST rpm upload");
        rows.matrixRow("GET " + project + "/repodata/{file}", "GET rpm repomd.xml");
        rows.matrixRow("GET " + project + "/Packages/{file}", "GET rpm package");
        rows.matrixRow("GET " + project + "/{file}", "GET rpm .repo file");
        String group = "/api/v4/groups/{id}/-/packages/rpm";
        rows.row("GET " + group + "/repodata/{file}", Rule.SEE_FORMAT, Scope.GROUP, (api, vis, u) ->
                api.get("/api/v4/groups/" + rows.group(vis) + "/-/packages/rpm/repodata/repomd.xml"));
        rows.row("GET " + group + "/{file}", Rule.SEE_FORMAT, Scope.GROUP, (api, vis, u) ->
                api.get("/api/v4/groups/" + rows.group(vis) + "/-/packages/rpm/depot.repo"));
        rows.packageRow("GET " + group + "/Packages/{file}", Kind.READ, Style.FORMAT, Scope.GROUP, (api, vis, u) ->
                api.get("/api/v4/groups/matrix/-/packages/rpm/Packages/" + Rpms.fileName("only-" + vis.value(), "1.0")));
    }

    @Override
    public List<Arbitrary<HostileRequest>> hostileDocuments(HostileProject project) {
        byte[] rpm = RpmWriter.minimal("hostile", "1.0", "1", "x86_64").strings(1049, "libfoo", "/bin/sh")
                .int32(1048, 12, 0).strings(1050, "1.0", "").strings(1117, "hostile").strings(1118, "/usr/bin/")
                .int32(1116, 0).build();
        return List.of(Hostile.mutationsOf(rpm).map(bytes -> HostileRequest.of(".rpm", bytes,
                () -> Rpms.upload(project.api(), project.packages(), "hostile.rpm", bytes))));
    }

    @Override
    public List<HostileRequest> hostileNamesInPaths(HostileProject project, String name) {
        String base = project.packages() + "rpm/";
        return List.of(new HostileRequest("rpm repodata", () -> project.api().get(base + "repodata/" + name)),
                new HostileRequest("rpm package", () -> project.api().get(base + "Packages/" + name)),
                new HostileRequest("rpm .repo file", () -> project.api().get(base + name)),
                new HostileRequest("rpm upload", () -> project.api().putBytes(base + name, new byte[] {1})));
    }

    @Override
    public List<HostileRequest> hostileNamesInContent(HostileProject project, String name) {
        String cut = name.length() > 20_000 ? name.substring(0, 20_000) : name;
        return List.of(new HostileRequest("rpm package name", () -> Rpms.upload(project.api(), project.packages(),
                "named.rpm", Rpms.simple(cut, "1.0", new byte[] {1}))));
    }

    @Override
    public Optional<CrashPublish.Publisher> crashPublisher() {
        return Optional.of((packages, n, payload) -> {
            String version = "1.0." + n;
            // signed before upload, so Depot keeps its bytes as they are (it signs unsigned ones)
            byte[] rpm = RpmWriter.minimal("crash", version, "1", "noarch")
                    .string(1005, "payload " + java.util.HexFormat.of().formatHex(payload)).signed().build();
            // the metadata files are named by their checksums, so no index is checked by a fixed path
            return new CrashPublish("rpm " + n, packages + "rpm/Packages/" + Rpms.fileName("crash", version), rpm, null, null,
                    api -> Rpms.upload(api, packages, "crash.rpm", rpm));
        });
    }
}
