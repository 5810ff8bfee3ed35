package depot.it.debian;

import static org.assertj.core.api.Assertions.assertThat;

import depot.core.testing.Hostile;
import depot.format.debian.DebianFormat;
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
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import net.jqwik.api.Arbitrary;

/** The Debian repository in the tests every format shares. */
public final class DebianTestKit implements FormatTestKit {
    static final String DIST = "stable";

    @Override
    public String type() { return DebianFormat.TYPE; }

    /**
     * Packages readable-<vis> and only-<vis> (a name belongs to one project) in each project's distribution "stable",
     * and a distribution "stable" in the matrix group and in each group of the table.
     */
    @Override
    public void publishFixtures(MatrixWorld world) {
        for (Vis vis : Vis.values()) {
            for (String name : List.of("readable-" + vis.value(), "only-" + vis.value())) {
                Api.Response r = Debs.upload(world.root(), world.packages(vis), name + ".deb", DIST,
                        Debs.simple(name, "1.0", "all", name.getBytes(StandardCharsets.UTF_8)));
                assertThat(r.status()).as(r.body()).isEqualTo(201);
            }
            createGroupDistribution(world.root(), String.valueOf(world.group(vis)), DIST);
        }
        createGroupDistribution(world.root(), "matrix", DIST);
    }

    private static void createGroupDistribution(Api root, String group, String codename) {
        Api.Response r = root.post("/api/v4/groups/" + group + "/-/debian_distributions", Map.of("codename", codename));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    @Override
    public List<MatrixEndpoint> matrixEndpoints(MatrixWorld world) {
        Function<Vis, String> debian = vis -> world.packages(vis) + "debian/";
        return List.of(
                new MatrixEndpoint("PUT debian upload", Kind.WRITE, Style.FORMAT, 201, (api, vis, u) -> Debs.upload(api,
                        world.packages(vis), "written.deb", DIST, Debs.simple("written-" + vis.value(), "1.0." + u, "all", new byte[] {1}))),
                new MatrixEndpoint("GET debian InRelease", Kind.READ, Style.FORMAT, 200,
                        (api, vis, u) -> api.get(debian.apply(vis) + "dists/" + DIST + "/InRelease")),
                new MatrixEndpoint("GET debian pool", Kind.READ, Style.FORMAT, 200, (api, vis, u) ->
                        api.get(debian.apply(vis) + Debs.pool(DIST, "readable-" + vis.value(), "1.0", "all"))));
    }

    @Override
    public List<GroupRead> groupReads(MatrixWorld world) {
        return List.of(new GroupRead("/api/v4/groups/matrix/-/packages/debian/",
                vis -> Debs.pool(DIST, "only-" + vis.value(), "1.0", "all")));
    }

    @Override
    public void permissionRows(PermissionRows rows) {
        String project = "/api/v4/projects/{id}/packages/debian";
        rows.matrixRow("PUT " + project + "/{file}", "PUT debian upload");
        rows.matrixRow("GET " + project + "/dists/{codename}/<path>", "GET debian InRelease");
        rows.matrixRow("GET " + project + "/pool/<path>", "GET debian pool");
        String group = "/api/v4/groups/{id}/-/packages/debian";
        rows.row("GET " + group + "/dists/{codename}/<path>", Rule.SEE_FORMAT, Scope.GROUP, (api, vis, u) ->
                api.get("/api/v4/groups/" + rows.group(vis) + "/-/packages/debian/dists/" + DIST + "/Release"));
        rows.packageRow("GET " + group + "/pool/<path>", Kind.READ, Style.FORMAT, Scope.GROUP, (api, vis, u) ->
                api.get("/api/v4/groups/matrix/-/packages/debian/" + Debs.pool(DIST, "only-" + vis.value(), "1.0", "all")));

        String distributions = "/api/v4/projects/{id}/debian_distributions";
        Function<Vis, String> of = vis -> "/api/v4/projects/" + rows.project(vis) + "/debian_distributions";
        rows.packageRow("GET " + distributions, Kind.READ, Style.API, Scope.PROJECT, (api, vis, u) -> api.get(of.apply(vis)));
        rows.packageRow("POST " + distributions, Kind.WRITE, Style.API, Scope.PROJECT,
                (api, vis, u) -> api.post(of.apply(vis), Map.of("codename", "made" + u)));
        rows.packageRow("GET " + distributions + "/{codename}", Kind.READ, Style.API, Scope.PROJECT,
                (api, vis, u) -> api.get(of.apply(vis) + "/" + DIST));
        rows.packageRow("GET " + distributions + "/{codename}/key.asc", Kind.READ, Style.API, Scope.PROJECT,
                (api, vis, u) -> api.get(of.apply(vis) + "/" + DIST + "/key.asc"));
        rows.packageRow("PUT " + distributions + "/{codename}", Kind.WRITE, Style.API, Scope.PROJECT,
                (api, vis, u) -> api.put(of.apply(vis) + "/" + DIST, Map.of("description", "changed " + u)));
        rows.packageRow("DELETE " + distributions + "/{codename}", Kind.DELETE, Style.API, Scope.PROJECT, (api, vis, u) -> {
            assertThat(rows.root().post(of.apply(vis), Map.of("codename", "gone" + u)).status()).isEqualTo(201);
            return api.delete(of.apply(vis) + "/gone" + u);
        });

        String groupDistributions = "/api/v4/groups/{id}/-/debian_distributions";
        Function<Vis, String> ofGroup = vis -> "/api/v4/groups/" + rows.group(vis) + "/-/debian_distributions";
        rows.row("GET " + groupDistributions, Rule.SEE, Scope.GROUP, (api, vis, u) -> api.get(ofGroup.apply(vis)));
        rows.row("GET " + groupDistributions + "/{codename}", Rule.SEE, Scope.GROUP,
                (api, vis, u) -> api.get(ofGroup.apply(vis) + "/" + DIST));
        rows.row("GET " + groupDistributions + "/{codename}/key.asc", Rule.SEE, Scope.GROUP,
                (api, vis, u) -> api.get(ofGroup.apply(vis) + "/" + DIST + "/key.asc"));
        rows.row("POST " + groupDistributions, Rule.MAINTAIN, Scope.GROUP,
                (api, vis, u) -> api.post(ofGroup.apply(vis), Map.of("codename", "made" + u)));
        rows.row("PUT " + groupDistributions + "/{codename}", Rule.MAINTAIN, Scope.GROUP,
                (api, vis, u) -> api.put(ofGroup.apply(vis) + "/" + DIST, Map.of("description", "changed " + u)));
        rows.row("DELETE " + groupDistributions + "/{codename}", Rule.MAINTAIN, Scope.GROUP, (api, vis, u) -> {
            assertThat(rows.root().post(ofGroup.apply(vis), Map.of("codename", "gone" + u)).status()).isEqualTo(201);
            return api.delete(ofGroup.apply(vis) + "/gone" + u);
        });
    }

    @Override
    public List<Arbitrary<HostileRequest>> hostileDocuments(HostileProject project) {
        String control = "Package: hostile\nVersion: 1.0-1\nArchitecture: amd64\nMaintainer: M <m@depot.test>\n"
                + "Depends: libc6 (>= 2.34)\nDescription: a package\n a longer\n .\n description\n";
        return List.of(
                Hostile.mutationsOf(control.getBytes(StandardCharsets.UTF_8)).map(c -> HostileRequest.of("control file", c,
                        () -> Debs.upload(project.api(), project.packages(), "hostile.deb", DIST,
                                Debs.deb(new String(c, StandardCharsets.UTF_8), Map.of("./x", new byte[] {1}))))),
                Hostile.mutationsOf(Debs.simple("hostile", "1.0-2", "amd64", new byte[] {1, 2, 3})).map(deb -> HostileRequest.of(
                        ".deb", deb, () -> Debs.upload(project.api(), project.packages(), "hostile.deb", DIST, deb))));
    }

    @Override
    public List<HostileRequest> hostileNamesInPaths(HostileProject project, String name) {
        String base = project.packages() + "debian/";
        String api = "/api/v4/projects/" + project.id() + "/debian_distributions/";
        return List.of(new HostileRequest("debian dists", () -> project.api().get(base + "dists/" + name + "/Release")),
                new HostileRequest("debian index", () -> project.api().get(base + "dists/" + DIST + "/" + name + "/binary-all/Packages")),
                new HostileRequest("debian pool", () -> project.api().get(base + "pool/" + DIST + "/main/x/" + name + "/" + name)),
                new HostileRequest("debian upload", () -> project.api().putBytes(base + name + "?distribution=" + DIST, new byte[] {1})),
                new HostileRequest("debian distribution", () -> project.api().get(api + name)),
                new HostileRequest("debian key", () -> project.api().get(api + name + "/key.asc")));
    }

    @Override
    public List<HostileRequest> hostileNamesInContent(HostileProject project, String name) {
        String cut = name.length() > 20_000 ? name.substring(0, 20_000) : name;
        String flat = cut.replace('\n', ' ').replace('\r', ' ');
        return List.of(new HostileRequest("debian package name", () -> Debs.upload(project.api(), project.packages(),
                        "named.deb", DIST, Debs.simple(flat, "1.0", "all", new byte[] {1}))),
                new HostileRequest("debian distribution name", () -> project.api().post("/api/v4/projects/" + project.id()
                        + "/debian_distributions", Map.of("codename", cut))));
    }

    @Override
    public Optional<CrashPublish.Publisher> crashPublisher() {
        return Optional.of((packages, n, payload) -> {
            String version = "1.0." + n;
            byte[] deb = Debs.simple("crash", version, "all", payload);
            return new CrashPublish("debian " + n, packages + "debian/" + Debs.pool("crash", "crash", version, "all"), deb,
                    packages + "debian/dists/crash/main/binary-all/Packages", "Version: " + version,
                    api -> Debs.upload(api, packages, "crash.deb", "crash", deb));
        });
    }
}
