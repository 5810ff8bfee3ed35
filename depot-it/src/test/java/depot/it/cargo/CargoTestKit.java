package depot.it.cargo;

import static org.assertj.core.api.Assertions.assertThat;

import depot.core.testing.Hostile;
import depot.format.cargo.CargoFormat;
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

/** Cargo in the tests every format shares. */
public final class CargoTestKit implements FormatTestKit {
    @Override
    public String type() { return CargoFormat.TYPE; }

    /**
     * Crate names of the matrix (a crate belongs to one project, so each project has its own): "readable-<vis>" and
     * "only-<vis>", and a two-letter one only that project has ("pu", "in",
     * "pr"), which the index keeps at {@code 2/…}.
     */
    @Override
    public void publishFixtures(MatrixWorld world) {
        for (Vis vis : Vis.values()) {
            for (String name : List.of("readable-" + vis.value(), "only-" + vis.value(), two(vis))) {
                Api.Response r = Crates.publish(world.root(), world.packages(vis) + "cargo", name, "1.0.0");
                assertThat(r.status()).as(r.body()).isEqualTo(200);
            }
        }
    }

    private static String two(Vis vis) { return vis.value().substring(0, 2); }

    @Override
    public List<MatrixEndpoint> matrixEndpoints(MatrixWorld world) {
        Function<Vis, String> cargo = vis -> world.packages(vis) + "cargo";
        return List.of(
                new MatrixEndpoint("PUT cargo publish", Kind.WRITE, Style.FORMAT, 200,
                        (api, vis, u) -> Crates.publish(api, cargo.apply(vis), "written-" + vis.value(), "1.0." + u)),
                new MatrixEndpoint("DELETE cargo yank", Kind.WRITE, Style.FORMAT, 200,
                        (api, vis, u) -> api.delete(cargo.apply(vis) + "/api/v1/crates/readable-" + vis.value() + "/1.0.0/yank")),
                new MatrixEndpoint("GET cargo index file", Kind.READ, Style.FORMAT, 200,
                        (api, vis, u) -> api.get(cargo.apply(vis) + "/index/re/ad/readable-" + vis.value())),
                new MatrixEndpoint("GET cargo download", Kind.READ, Style.FORMAT, 200,
                        (api, vis, u) -> api.get(cargo.apply(vis) + "/api/v1/crates/readable-" + vis.value() + "/1.0.0/download")));
    }

    @Override
    public List<GroupRead> groupReads(MatrixWorld world) {
        return List.of(new GroupRead("/api/v4/groups/matrix/-/packages/cargo/", vis -> "index/on/ly/only-" + vis.value()),
                new GroupRead("/api/v4/packages/cargo/", vis -> "api/v1/crates/only-" + vis.value() + "/1.0.0/download"));
    }

    @Override
    public void permissionRows(PermissionRows rows) {
        String project = "/api/v4/projects/{id}/packages/cargo";
        rows.matrixRow("PUT " + project + "/api/v1/crates/new", "PUT cargo publish");
        rows.matrixRow("DELETE " + project + "/api/v1/crates/{crate}/{version}/yank", "DELETE cargo yank");
        rows.packageRow("PUT " + project + "/api/v1/crates/{crate}/{version}/unyank", Kind.WRITE, Style.FORMAT, Scope.PROJECT,
                (api, vis, u) -> api.put(rows.packages(vis) + "cargo/api/v1/crates/readable-" + vis.value() + "/1.0.0/unyank", ""));
        rows.packageRow("GET " + project + "/api/v1/crates/{crate}/owners", Kind.READ, Style.FORMAT, Scope.PROJECT,
                (api, vis, u) -> api.get(rows.packages(vis) + "cargo/api/v1/crates/readable-" + vis.value() + "/owners"));
        // owners cannot be changed: a writer is told so (400), others are refused as for any write
        rows.packageRow("PUT " + project + "/api/v1/crates/{crate}/owners", Kind.WRITE, Style.FORMAT, Scope.PROJECT,
                (api, vis, u) -> api.put(rows.packages(vis) + "cargo/api/v1/crates/readable-" + vis.value() + "/owners", "{\"users\":[\"x\"]}"));
        rows.packageRow("DELETE " + project + "/api/v1/crates/{crate}/owners", Kind.WRITE, Style.FORMAT, Scope.PROJECT,
                (api, vis, u) -> api.delete(rows.packages(vis) + "cargo/api/v1/crates/readable-" + vis.value() + "/owners"));
        rows.matrixRow("GET " + project + "/index/{a}/{b}/{c}", "GET cargo index file");
        rows.matrixRow("GET " + project + "/api/v1/crates/{crate}/{version}/download", "GET cargo download");
        rows.packageRow("GET " + project + "/index/config.json", Kind.READ, Style.FORMAT, Scope.PROJECT,
                (api, vis, u) -> api.get(rows.packages(vis) + "cargo/index/config.json"));
        rows.packageRow("GET " + project + "/index/{a}/{b}", Kind.READ, Style.FORMAT, Scope.PROJECT,
                (api, vis, u) -> api.get(rows.packages(vis) + "cargo/index/2/" + two(vis)));
        rows.packageRow("GET " + project + "/api/v1/crates", Kind.READ, Style.FORMAT, Scope.PROJECT,
                (api, vis, u) -> api.get(rows.packages(vis) + "cargo/api/v1/crates?q=read"));
        for (String mount : List.of("/api/v4/groups/{id}/-/packages/cargo", "/api/v4/packages/cargo")) {
            String url = mount.replace("{id}", "matrix");
            rows.row("GET " + mount + "/index/config.json", Rule.ANY, Scope.NONE, (api, vis, u) -> api.get(url + "/index/config.json"));
            rows.packageRow("GET " + mount + "/index/{a}/{b}/{c}", Kind.READ, Style.FORMAT, Scope.GROUP,
                    (api, vis, u) -> api.get(url + "/index/on/ly/only-" + vis.value()));
            rows.packageRow("GET " + mount + "/index/{a}/{b}", Kind.READ, Style.FORMAT, Scope.GROUP,
                    (api, vis, u) -> api.get(url + "/index/2/" + two(vis)));
            rows.row("GET " + mount + "/api/v1/crates", Rule.LISTING, Scope.GROUP, (api, vis, u) -> api.get(url + "/api/v1/crates?q=only&per_page=100"));
            rows.packageRow("GET " + mount + "/api/v1/crates/{crate}/{version}/download", Kind.READ, Style.FORMAT, Scope.GROUP,
                    (api, vis, u) -> api.get(url + "/api/v1/crates/only-" + vis.value() + "/1.0.0/download"));
        }
    }

    @Override
    public List<Arbitrary<HostileRequest>> hostileDocuments(HostileProject project) {
        return List.of(Hostile.mutationsOf(Crates.metadata("hostile", "1.0.0")).map(json -> HostileRequest.of(
                "cargo publish metadata", json, () -> Crates.publish(project.api(), project.packages() + "cargo",
                        Crates.body(new String(json, StandardCharsets.UTF_8), Crates.crate("hostile", "1.0.0"))))));
    }

    @Override
    public List<HostileRequest> hostileNamesInPaths(HostileProject project, String name) {
        String base = project.packages() + "cargo";
        return List.of(new HostileRequest("cargo index file", () -> project.api().get(base + "/index/3/a/" + name)),
                new HostileRequest("cargo download", () -> project.api().get(base + "/api/v1/crates/" + name + "/1.0.0/download")),
                new HostileRequest("cargo yank", () -> project.api().delete(base + "/api/v1/crates/" + name + "/1.0.0/yank")),
                new HostileRequest("cargo search", () -> project.api().get(base + "/api/v1/crates?q=" + name)));
    }

    @Override
    public List<HostileRequest> hostileNamesInContent(HostileProject project, String name) {
        String json = "{\"name\":" + tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(name)
                + ",\"vers\":\"1.0.0\",\"deps\":[],\"features\":{}}";
        return List.of(new HostileRequest("cargo crate name", () -> Crates.publish(project.api(),
                project.packages() + "cargo", Crates.body(json, Crates.crate("x", "1.0.0")))));
    }

    @Override
    public Optional<CrashPublish.Publisher> crashPublisher() {
        return Optional.of((packages, n, payload) -> {
            String version = "1.0." + n;
            java.util.Map<String, byte[]> files = new java.util.LinkedHashMap<>();
            files.put("crash-" + version + "/Cargo.toml", ("[package]\nname = \"crash\"\nversion = \"" + version + "\"\n")
                    .getBytes(StandardCharsets.UTF_8));
            files.put("crash-" + version + "/payload.bin", payload);
            byte[] crate = Crates.tgz(files);
            return new CrashPublish("cargo " + n, packages + "cargo/api/v1/crates/crash/" + version + "/download", crate,
                    packages + "cargo/index/cr/as/crash", "\"vers\":\"" + version + "\"",
                    api -> Crates.publish(api, packages + "cargo", Crates.body(Crates.metadata("crash", version), crate)));
        });
    }
}
