package depot.it.go;

import static org.assertj.core.api.Assertions.assertThat;

import depot.core.testing.Hostile;
import depot.format.go.GoFormat;
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
import depot.it.formats.Style;
import depot.it.formats.Vis;
import depot.it.support.Api;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import net.jqwik.api.Arbitrary;

/** The Go module proxy in the tests every format shares. */
public final class GoTestKit implements FormatTestKit {
    static final String HOST = "depot.test/";

    @Override
    public String type() { return GoFormat.TYPE; }

    /** Module paths of the matrix (a module belongs to one project): depot.test/readable-<vis> and depot.test/only-<vis>. */
    @Override
    public void publishFixtures(MatrixWorld world) {
        for (Vis vis : Vis.values()) {
            for (String name : List.of("readable-" + vis.value(), "only-" + vis.value())) {
                Api.Response r = Modules.upload(world.root(), world.packages(vis) + "go", HOST + name, "v1.0.0",
                        Modules.simple(HOST + name, "v1.0.0"));
                assertThat(r.status()).as(r.body()).isEqualTo(201);
            }
        }
    }

    @Override
    public List<MatrixEndpoint> matrixEndpoints(MatrixWorld world) {
        Function<Vis, String> go = vis -> world.packages(vis) + "go";
        return List.of(
                new MatrixEndpoint("PUT go upload", Kind.WRITE, Style.FORMAT, 201, (api, vis, u) -> Modules.upload(api,
                        go.apply(vis), HOST + "written-" + vis.value(), "v1.0." + u,
                        Modules.simple(HOST + "written-" + vis.value(), "v1.0." + u))),
                new MatrixEndpoint("GET go list", Kind.READ, Style.FORMAT, 200,
                        (api, vis, u) -> api.get(go.apply(vis) + "/" + HOST + "readable-" + vis.value() + "/@v/list")),
                new MatrixEndpoint("GET go zip", Kind.READ, Style.FORMAT, 200,
                        (api, vis, u) -> api.get(go.apply(vis) + "/" + HOST + "readable-" + vis.value() + "/@v/v1.0.0.zip")));
    }

    @Override
    public List<GroupRead> groupReads(MatrixWorld world) {
        return List.of(new GroupRead("/api/v4/groups/matrix/-/packages/go/", vis -> HOST + "only-" + vis.value() + "/@v/list"),
                new GroupRead("/api/v4/packages/go/", vis -> HOST + "only-" + vis.value() + "/@v/v1.0.0.info"));
    }

    @Override
    public void permissionRows(PermissionRows rows) {
        String project = "/api/v4/projects/{id}/packages/go";
        rows.matrixRow("PUT " + project + "/upload", "PUT go upload");
        rows.matrixRow("GET " + project + "/<path>", "GET go zip");
        for (String mount : List.of("/api/v4/groups/{id}/-/packages/go", "/api/v4/packages/go")) {
            String url = mount.replace("{id}", "matrix");
            rows.packageRow("GET " + mount + "/<path>", Kind.READ, Style.FORMAT, Scope.GROUP,
                    (api, vis, u) -> api.get(url + "/" + HOST + "only-" + vis.value() + "/@latest"));
        }
    }

    @Override
    public List<Arbitrary<HostileRequest>> hostileDocuments(HostileProject project) {
        String module = HOST + "hostile";
        byte[] goMod = ("module " + module + "\n\ngo 1.21\n\nrequire (\n\tdepot.test/a v1.0.0 // indirect\n)\n")
                .getBytes(StandardCharsets.UTF_8);
        return List.of(
                Hostile.mutationsOf(goMod).map(mod -> HostileRequest.of("go.mod in a module zip", mod,
                        () -> Modules.upload(project.api(), project.packages() + "go", module, "v1.0.0",
                                Modules.zip(module, "v1.0.0", files(new String(mod, StandardCharsets.UTF_8)))))),
                Hostile.mutationsOf(Modules.simple(module, "v1.0.1")).map(zip -> HostileRequest.of("module zip", zip,
                        () -> Modules.upload(project.api(), project.packages() + "go", module, "v1.0.1", zip))));
    }

    private static Map<String, String> files(String goMod) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("go.mod", goMod);
        files.put("x.go", "package x\n");
        return files;
    }

    @Override
    public List<HostileRequest> hostileNamesInPaths(HostileProject project, String name) {
        String base = project.packages() + "go/";
        return List.of(new HostileRequest("go list", () -> project.api().get(base + HOST + name + "/@v/list")),
                new HostileRequest("go info", () -> project.api().get(base + HOST + "x/@v/" + name + ".info")),
                new HostileRequest("go latest", () -> project.api().get(base + name + "/@latest")));
    }

    @Override
    public List<HostileRequest> hostileNamesInContent(HostileProject project, String name) {
        String module = HOST + "content";
        // a zip entry name holds at most 65,535 bytes: a longer hostile name goes in the query, and cut in the zip
        String entry = fitsAZip(name) ? name : name.substring(0, 20_000);
        return List.of(new HostileRequest("go module path", () -> Modules.upload(project.api(), project.packages() + "go",
                        name, "v1.0.0", Modules.simple(fitsAZip(name) ? name : module, "v1.0.0"))),
                new HostileRequest("go file path in zip", () -> Modules.upload(project.api(), project.packages() + "go",
                        module, "v1.0.0", Modules.zip(module, "v1.0.0", Map.of("go.mod", "module " + module + "\n", entry, "x")))));
    }

    private static boolean fitsAZip(String name) {
        return name.getBytes(StandardCharsets.UTF_8).length < 60_000;
    }

    @Override
    public Optional<CrashPublish.Publisher> crashPublisher() {
        return Optional.of((packages, n, payload) -> {
            String module = HOST + "crash";
            String version = "v1.0." + n;
            Map<String, String> files = new LinkedHashMap<>();
            files.put("go.mod", "module " + module + "\n");
            files.put("payload.txt", java.util.Base64.getEncoder().encodeToString(payload));
            byte[] zip = Modules.zip(module, version, files);
            return new CrashPublish("go " + n, packages + "go/" + module + "/@v/" + version + ".zip", zip,
                    packages + "go/" + module + "/@v/list", version,
                    api -> Modules.upload(api, packages + "go", module, version, zip));
        });
    }
}
