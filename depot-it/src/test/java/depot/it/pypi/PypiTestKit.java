package depot.it.pypi;

import static org.assertj.core.api.Assertions.assertThat;

import depot.core.testing.Hostile;
import depot.format.pypi.PypiFormat;
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
import depot.it.support.PypiUploads;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitrary;

/** PyPI in the tests every format shares. */
public final class PypiTestKit implements FormatTestKit {
    private static final String METADATA = "Metadata-Version: 2.1\nName: hostile\nVersion: 1.0\nSummary: s\n\nbody\n";
    private static final Pattern FILE_LINK = Pattern.compile("files/([0-9a-f]{64}/[^\"#]+)");
    /** The wheel of the matrix's package {@code readable}: its file is read by its SHA-256. */
    private static final byte[] READABLE_WHEEL = PypiUploads.wheel("readable", "1.0");

    @Override
    public String type() { return PypiFormat.TYPE; }

    @Override
    public void publishFixtures(MatrixWorld world) {
        for (Vis vis : Vis.values()) {
            assertThat(upload(world.root(), world.packages(vis) + "pypi", "readable", "1.0").status()).isEqualTo(201);
            assertThat(upload(world.root(), world.packages(vis) + "pypi", "only-" + vis.value(), "1.0").status())
                    .isEqualTo(201);
        }
    }

    private static Api.Response upload(Api api, String pypi, String name, String version) {
        byte[] wheel = name.equals("readable") ? READABLE_WHEEL : PypiUploads.wheel(name, version);
        return PypiUploads.upload(api, pypi, PypiUploads.fields(name, version, wheel),
                name.replace('-', '_') + "-" + version + "-py3-none-any.whl", wheel);
    }

    @Override
    public List<MatrixEndpoint> matrixEndpoints(MatrixWorld world) {
        return List.of(
                new MatrixEndpoint("POST pypi upload", Kind.WRITE, Style.FORMAT, 201,
                        (api, vis, u) -> upload(api, world.packages(vis) + "pypi", "written", "1.0." + u)),
                new MatrixEndpoint("GET pypi simple index", Kind.READ, Style.FORMAT, 200,
                        (api, vis, u) -> api.get(world.packages(vis) + "pypi/simple/")),
                new MatrixEndpoint("GET pypi simple page", Kind.READ, Style.FORMAT, 200,
                        (api, vis, u) -> api.get(world.packages(vis) + "pypi/simple/readable/")),
                new MatrixEndpoint("GET pypi file", Kind.READ, Style.FORMAT, 200, (api, vis, u) -> api.get(
                        world.packages(vis) + "pypi/files/" + PypiUploads.sha256(READABLE_WHEEL)
                                + "/readable-1.0-py3-none-any.whl")));
    }

    @Override
    public List<GroupRead> groupReads(MatrixWorld world) {
        return List.of(new GroupRead("/api/v4/groups/matrix/-/packages/pypi/",
                vis -> "simple/only-" + vis.value() + "/"));
    }

    @Override
    public void permissionRows(PermissionRows rows) {
        String project = "/api/v4/projects/{id}/packages/pypi";
        rows.matrixRow("GET " + project + "/simple", "GET pypi simple index");
        rows.matrixRow("GET " + project + "/simple/{name}", "GET pypi simple page");
        rows.matrixRow("GET " + project + "/files/{sha256}/{file}", "GET pypi file");
        rows.matrixRow("POST " + project, "POST pypi upload");
        rows.packageRow("POST " + project + "/", Kind.WRITE, Style.FORMAT, Scope.PROJECT, (api, vis, u) -> {
            byte[] wheel = PypiUploads.wheel("slashed", "1." + u);
            return PypiUploads.upload(api, rows.packages(vis) + "pypi/", PypiUploads.fields("slashed", "1." + u, wheel),
                    "slashed-1." + u + "-py3-none-any.whl", wheel);
        });
        String group = "/api/v4/groups/{id}/-/packages/pypi";
        rows.row("GET " + group + "/simple", Rule.SEE_FORMAT, Scope.GROUP,
                (api, vis, u) -> api.get("/api/v4/groups/" + rows.group(vis) + "/-/packages/pypi/simple"));
        rows.matrixRow("GET " + group + "/simple/{name}", "group_and_instance_endpoints_serve_only_readable_projects");
        rows.packageRow("GET " + group + "/files/{sha256}/{file}", Kind.READ, Style.FORMAT, Scope.GROUP,
                (api, vis, u) -> api.get("/api/v4/groups/matrix/-/packages/pypi/files/" + onlyFile(rows, vis)));
    }

    /** The "sha256/file" of the file only the project of that visibility has, as its simple page links it. */
    private static String onlyFile(PermissionRows rows, Vis vis) {
        String page = rows.root().get(rows.packages(vis) + "pypi/simple/only-" + vis.value() + "/").body();
        Matcher link = FILE_LINK.matcher(page);
        if (!link.find()) throw new AssertionError("no file on " + page);
        return link.group(1);
    }

    @Override
    public List<Arbitrary<HostileRequest>> hostileDocuments(HostileProject project) {
        return List.of(Hostile.mutationsOf(METADATA).map(metadata -> {
            byte[] wheel = PypiUploads.wheel("hostile", "1.0", metadata);
            return HostileRequest.of("pypi wheel metadata", metadata, () -> PypiUploads.upload(project.api(),
                    project.packages() + "pypi", PypiUploads.fields("hostile", "1.0", wheel),
                    "hostile-1.0-py3-none-any.whl", wheel));
        }));
    }

    @Override
    public List<HostileRequest> hostileNamesInPaths(HostileProject project, String name) {
        return List.of(new HostileRequest("pypi simple page",
                () -> project.api().get(project.packages() + "pypi/simple/" + name + "/")));
    }

    @Override
    public Optional<CrashPublish.Publisher> crashPublisher() {
        return Optional.of((packages, n, payload) -> {
            byte[] wheel = PypiUploads.wheel("crash", "1." + n);
            String file = "crash-1." + n + "-py3-none-any.whl";
            return new CrashPublish("pypi " + n, packages + "pypi/files/" + PypiUploads.sha256(wheel) + "/" + file,
                    wheel, packages + "pypi/simple/crash/", file, api -> PypiUploads.upload(api, packages + "pypi",
                            PypiUploads.fields("crash", "1." + n, wheel), file, wheel));
        });
    }
}
