package depot.it.rubygems;

import static org.assertj.core.api.Assertions.assertThat;

import depot.core.testing.Hostile;
import depot.format.rubygems.RubygemsFormat;
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
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import net.jqwik.api.Arbitrary;

/** RubyGems in the tests every format shares. */
public final class RubygemsTestKit implements FormatTestKit {
    /** The reads of every mount: path under the mount, with {@code NAME} for the package probed. */
    private static final List<String> READS = List.of("", "/", "/versions", "/names", "/info/{name}", "/specs.4.8.gz",
            "/latest_specs.4.8.gz", "/prerelease_specs.4.8.gz", "/quick/Marshal.4.8/{file}", "/gems/{file}",
            "/api/v1/dependencies", "/api/v1/gems/{file}", "/api/v1/versions/{file}");

    @Override
    public String type() { return RubygemsFormat.TYPE; }

    /**
     * A gem name belongs to one project, so each project of the matrix (one root group) has its own: "readable-<vis>"
     * and "only-<vis>"; the writes name theirs per project too.
     */
    @Override
    public void publishFixtures(MatrixWorld world) {
        for (Vis vis : Vis.values()) {
            for (String name : List.of("readable-" + vis.value(), "only-" + vis.value())) {
                Api.Response r = Gems.push(world.root(), world.packages(vis) + "rubygems", Gems.gem(name, "1.0"));
                assertThat(r.status()).as(r.body()).isEqualTo(200);
            }
        }
    }

    @Override
    public List<MatrixEndpoint> matrixEndpoints(MatrixWorld world) {
        Function<Vis, String> gems = vis -> world.packages(vis) + "rubygems";
        return List.of(
                new MatrixEndpoint("POST rubygems push", Kind.WRITE, Style.FORMAT, 200,
                        (api, vis, u) -> Gems.push(api, gems.apply(vis), Gems.gem("written-" + vis.value(), "1.0." + u))),
                new MatrixEndpoint("DELETE rubygems yank", Kind.WRITE, Style.FORMAT, 200, (api, vis, u) -> {
                    assertThat(Gems.push(world.root(), gems.apply(vis), Gems.gem("yankable-" + vis.value(), "1.0." + u)).status())
                            .isEqualTo(200);
                    return Gems.yank(api, gems.apply(vis), "yankable-" + vis.value(), "1.0." + u);
                }),
                new MatrixEndpoint("GET rubygems versions", Kind.READ, Style.FORMAT, 200,
                        (api, vis, u) -> api.get(gems.apply(vis) + "/versions")),
                new MatrixEndpoint("GET rubygems info", Kind.READ, Style.FORMAT, 200,
                        (api, vis, u) -> api.get(gems.apply(vis) + "/info/readable-" + vis.value())),
                new MatrixEndpoint("GET rubygems gem", Kind.READ, Style.FORMAT, 200,
                        (api, vis, u) -> api.get(gems.apply(vis) + "/gems/readable-" + vis.value() + "-1.0.gem")));
    }

    @Override
    public List<GroupRead> groupReads(MatrixWorld world) {
        Function<Vis, String> gem = vis -> "gems/only-" + vis.value() + "-1.0.gem";
        return List.of(new GroupRead("/api/v4/groups/matrix/-/packages/rubygems/", gem),
                new GroupRead("/api/v4/packages/rubygems/", vis -> "info/only-" + vis.value()));
    }

    /** The path of a read at a mount, for the package {@code name}. */
    private static String read(String path, String name) {
        return switch (path) {
            case "/info/{name}" -> "/info/" + name;
            case "/quick/Marshal.4.8/{file}" -> "/quick/Marshal.4.8/" + name + "-1.0.gemspec.rz";
            case "/gems/{file}" -> "/gems/" + name + "-1.0.gem";
            case "/api/v1/dependencies" -> "/api/v1/dependencies?gems=" + name;
            case "/api/v1/gems/{file}" -> "/api/v1/gems/" + name + ".json";
            case "/api/v1/versions/{file}" -> "/api/v1/versions/" + name + ".json";
            default -> path;
        };
    }

    @Override
    public void permissionRows(PermissionRows rows) {
        String project = "/api/v4/projects/{id}/packages/rubygems";
        rows.matrixRow("POST " + project + "/api/v1/gems", "POST rubygems push");
        rows.matrixRow("DELETE " + project + "/api/v1/gems/yank", "DELETE rubygems yank");
        for (String method : List.of("GET", "HEAD")) {
            for (String path : READS) {
                Probe atProject = (api, vis, u) -> call(api, method, rows.packages(vis) + "rubygems"
                        + read(path, "readable-" + vis.value()));
                rows.packageRow(method + " " + project + path, Kind.READ, Style.FORMAT, Scope.PROJECT, atProject);
                for (String mount : List.of("/api/v4/groups/{id}/-/packages/rubygems", "/api/v4/packages/rubygems")) {
                    String url = mount.replace("{id}", "matrix");
                    String route = method + " " + mount + path;
                    boolean named = path.contains("{");
                    boolean listing = method.equals("GET") && (path.equals("/versions") || path.equals("/names")
                            || path.equals("/api/v1/dependencies"));
                    if (named) {
                        rows.packageRow(route, Kind.READ, Style.FORMAT, Scope.GROUP,
                                (api, vis, u) -> call(api, method, url + read(path, "only-" + vis.value())));
                    } else if (listing) {
                        rows.row(route, Rule.LISTING, Scope.GROUP, (api, vis, u) -> call(api, method, url
                                + read(path, "only-private,only-internal,only-public")));
                    } else {
                        rows.row(route, Rule.ANY, Scope.NONE, (api, vis, u) -> call(api, method, url + path));
                    }
                }
            }
        }
    }

    private static Api.Response call(Api api, String method, String url) {
        return method.equals("HEAD") ? api.head(url) : api.get(url);
    }

    @Override
    public List<Arbitrary<HostileRequest>> hostileDocuments(HostileProject project) {
        String spec = Gems.spec("hostile", "1.0", "ruby", "other");
        return List.of(Hostile.mutationsOf(spec).map(yaml -> HostileRequest.of("rubygems gemspec", yaml,
                () -> Gems.push(project.api(), project.packages() + "rubygems",
                        Gems.gem(new String(yaml, java.nio.charset.StandardCharsets.UTF_8))))));
    }

    @Override
    public List<HostileRequest> hostileNamesInPaths(HostileProject project, String name) {
        String base = project.packages() + "rubygems";
        return List.of(new HostileRequest("rubygems info", () -> project.api().get(base + "/info/" + name)),
                new HostileRequest("rubygems gem", () -> project.api().get(base + "/gems/" + name + ".gem")),
                new HostileRequest("rubygems quick gemspec",
                        () -> project.api().get(base + "/quick/Marshal.4.8/" + name + ".gemspec.rz")),
                new HostileRequest("rubygems versions json", () -> project.api().get(base + "/api/v1/versions/" + name + ".json")),
                new HostileRequest("rubygems dependencies", () -> project.api().get(base + "/api/v1/dependencies?gems=" + name)));
    }

    @Override
    public List<HostileRequest> hostileNamesInContent(HostileProject project, String name) {
        return List.of(new HostileRequest("rubygems gem name", () -> Gems.push(project.api(),
                project.packages() + "rubygems", Gems.gem(Gems.spec(name, "1.0", "ruby", null)))));
    }

    @Override
    public Optional<CrashPublish.Publisher> crashPublisher() {
        return Optional.of((packages, n, payload) -> {
            byte[] gem = Gems.gem(Gems.spec("crash", "1." + n, "ruby", null), payload);
            return new CrashPublish("rubygems " + n, packages + "rubygems/gems/crash-1." + n + ".gem", gem,
                    packages + "rubygems/info/crash", "1." + n + " |checksum:" + Gems.sha256(gem),
                    api -> Gems.push(api, packages + "rubygems", gem));
        });
    }
}
