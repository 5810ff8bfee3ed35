package depot.it.nuget;

import static org.assertj.core.api.Assertions.assertThat;

import depot.core.testing.Hostile;
import depot.format.nuget.NugetFormat;
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
import depot.it.support.NugetTools;
import java.util.ArrayList;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import net.jqwik.api.Arbitrary;

/** NuGet in the tests every format shares. */
public final class NugetTestKit implements FormatTestKit {
    private static final String SYMBOLS = "<packageTypes><packageType name=\"SymbolsPackage\"/></packageTypes>";

    @Override
    public String type() { return NugetFormat.TYPE; }

    @Override
    public void publishFixtures(MatrixWorld world) {
        for (Vis vis : Vis.values()) {
            String nuget = world.packages(vis) + "nuget";
            push(world.root(), nuget, "Readable", "1.0.0");
            push(world.root(), nuget, "Only-" + vis.value(), "1.0.0");
            assertThat(pushSymbols(world.root(), nuget, "Readable", "1.0.0").status()).isEqualTo(201);
        }
    }

    private static void push(Api api, String nuget, String id, String version) {
        Api.Response r = NugetTools.push(api, nuget + "/", "package.nupkg", nupkg(id, version));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    private static Api.Response pushSymbols(Api api, String nuget, String id, String version) {
        return NugetTools.push(api, nuget + "/symbolpackage/", "package.snupkg", NugetTools.nupkg(id + ".nuspec",
                NugetTools.nuspec(id, version, SYMBOLS), Map.of("lib/" + id + ".pdb", NugetTools.portablePdb(id))));
    }

    @Override
    public List<MatrixEndpoint> matrixEndpoints(MatrixWorld world) {
        Function<Vis, String> nuget = vis -> world.packages(vis) + "nuget";
        List<MatrixEndpoint> e = new ArrayList<>();
        e.add(new MatrixEndpoint("PUT nuget push", Kind.WRITE, Style.FORMAT, 201, (api, vis, u) ->
                NugetTools.push(api, nuget.apply(vis) + "/", "package.nupkg", nupkg("Written", "1.0." + u))));
        e.add(new MatrixEndpoint("PUT nuget v2 push", Kind.WRITE, Style.FORMAT, 201, (api, vis, u) ->
                NugetTools.push(api, nuget.apply(vis) + "/v2", "package.nupkg", nupkg("Written", "2.0." + u))));
        e.add(new MatrixEndpoint("PUT nuget symbol package", Kind.WRITE, Style.FORMAT, 201, (api, vis, u) -> {
            push(world.root(), nuget.apply(vis), "Symbolic", "1.0." + u);
            return pushSymbols(api, nuget.apply(vis), "Symbolic", "1.0." + u);
        }));
        e.add(new MatrixEndpoint("DELETE nuget version", Kind.DELETE, Style.FORMAT, 204, (api, vis, u) -> {
            push(world.root(), nuget.apply(vis), "Deletable", "2.0." + u);
            return api.delete(nuget.apply(vis) + "/Deletable/2.0." + u);
        }));
        e.add(read("GET nuget service index", nuget, "/index.json"));
        e.add(read("GET nuget registration", nuget, "/metadata/readable/index.json"));
        e.add(read("GET nuget registration leaf", nuget, "/metadata/readable/1.0.0.json"));
        e.add(read("GET nuget versions", nuget, "/download/readable/index.json"));
        e.add(read("GET nuget nupkg", nuget, "/download/readable/1.0.0/readable.1.0.0.nupkg"));
        e.add(read("GET nuget nuspec", nuget, "/download/readable/1.0.0/readable.nuspec"));
        e.add(read("GET nuget search", nuget, "/query?q=readable"));
        e.add(new MatrixEndpoint("GET nuget symbol file", Kind.READ, Style.FORMAT, 200,
                (api, vis, u) -> NugetTools.symbolFile(api, nuget.apply(vis), "Readable")));
        e.add(read("GET nuget v2 FindPackagesById", nuget, "/v2/FindPackagesById()?id='Readable'"));
        e.add(read("GET nuget v2 entry", nuget, "/v2/Packages(Id='Readable',Version='1.0.0')"));
        e.add(read("GET nuget v2 metadata", nuget, "/v2/$metadata"));
        return e;
    }

    private static MatrixEndpoint read(String name, Function<Vis, String> nuget, String path) {
        return new MatrixEndpoint(name, Kind.READ, Style.FORMAT, 200, (api, vis, u) -> api.get(nuget.apply(vis) + path));
    }

    @Override
    public List<GroupRead> groupReads(MatrixWorld world) {
        return List.of(new GroupRead("/api/v4/groups/matrix/-/packages/nuget/",
                vis -> "metadata/only-" + vis.value() + "/index.json"));
    }

    @Override
    public void permissionRows(PermissionRows rows) {
        projectRows(rows);
        groupRows(rows);
    }

    private static void projectRows(PermissionRows rows) {
        String project = "/api/v4/projects/{id}/packages/nuget";
        for (String route : List.of("index.json", "metadata/{package}/{document}", "query",
                "download/{package}/index.json", "download/{package}/{version}/{file}",
                "symbolfiles/{file}/{signature}/{same}", "v2/{odata}")) {
            rows.matrixRow("GET " + project + "/" + route, "GET nuget … (14 NuGet endpoints)");
        }
        rows.matrixRow("PUT " + project + "/", "PUT nuget push");
        rows.matrixRow("PUT " + project + "/symbolpackage/", "PUT nuget symbol package");
        rows.matrixRow("PUT " + project + "/v2", "PUT nuget v2 push");
        rows.matrixRow("DELETE " + project + "/{package}/{version}", "DELETE nuget version");
        rows.packageRow("GET " + project + "/v2", Kind.READ, Style.FORMAT, Scope.PROJECT,
                (api, vis, u) -> api.get(rows.packages(vis) + "nuget/v2"));
        rows.packageRow("GET " + project + "/v2/", Kind.READ, Style.FORMAT, Scope.PROJECT,
                (api, vis, u) -> api.get(rows.packages(vis) + "nuget/v2/"));
        rows.packageRow("PUT " + project, Kind.WRITE, Style.FORMAT, Scope.PROJECT, (api, vis, u) -> NugetTools.push(api,
                rows.packages(vis) + "nuget", "package.nupkg", nupkg("Bare", "1.0." + u)));
        rows.packageRow("PUT " + project + "/symbolpackage", Kind.WRITE, Style.FORMAT, Scope.PROJECT, (api, vis, u) ->
                NugetTools.push(api, rows.packages(vis) + "nuget/symbolpackage", "package.snupkg", new byte[] {1}));
        rows.packageRow("PUT " + project + "/v2/", Kind.WRITE, Style.FORMAT, Scope.PROJECT, (api, vis, u) ->
                NugetTools.push(api, rows.packages(vis) + "nuget/v2/", "package.nupkg", nupkg("Bare", "3.0." + u)));
    }

    /** A group's feed: its service documents, searches and reads of the package only one project of the group has. */
    private static void groupRows(PermissionRows rows) {
        String group = "/api/v4/groups/{id}/-/packages/nuget/";
        String feed = "/api/v4/groups/matrix/-/packages/nuget";
        for (String document : List.of("index.json", "v2", "v2/")) {
            rows.row("GET " + group + document, Rule.SEE_FORMAT, Scope.GROUP,
                    (api, vis, u) -> api.get("/api/v4/groups/" + rows.group(vis) + "/-/packages/nuget/" + document));
        }
        rows.row("GET " + group + "query", Rule.LISTING, Scope.GROUP, (api, vis, u) -> api.get(feed + "/query?q=only"));
        rows.row("GET " + group + "v2/{odata}", Rule.LISTING, Scope.GROUP,
                (api, vis, u) -> api.get(feed + "/v2/FindPackagesById()?id='only-" + vis.value() + "'"));
        rows.matrixRow("GET " + group + "metadata/{package}/{document}",
                "group_and_instance_endpoints_serve_only_readable_projects");
        rows.packageRow("GET " + group + "download/{package}/index.json", Kind.READ, Style.FORMAT, Scope.GROUP,
                (api, vis, u) -> api.get(feed + "/download/only-" + vis.value() + "/index.json"));
        rows.packageRow("GET " + group + "download/{package}/{version}/{file}", Kind.READ, Style.FORMAT, Scope.GROUP,
                (api, vis, u) -> api.get(feed + "/download/only-" + vis.value() + "/1.0.0/only-" + vis.value()
                        + ".1.0.0.nupkg"));
        // the symbols of the public project's package: anyone may fetch them
        rows.row("GET " + group + "symbolfiles/{file}/{signature}/{same}", Rule.ANY, Scope.NONE,
                (api, vis, u) -> NugetTools.symbolFile(api, feed, "Readable"));
    }

    private static byte[] nupkg(String id, String version) {
        return NugetTools.nupkg(id + ".nuspec", NugetTools.nuspec(id, version, ""), Map.of());
    }

    /** The package the hostile symbol packages belong to. */
    @Override
    public void seedHostileProject(HostileProject project) {
        NugetTools.push(project.api(), project.packages() + "nuget/", "package.nupkg", nupkg("Seedsym", "1.0.0"));
    }

    @Override
    public List<Arbitrary<HostileRequest>> hostileDocuments(HostileProject project) {
        return List.of(Hostile.mutationsOf(NugetTools.nuspec("Hostile", "1.0.0", "")).map(nuspec -> {
            String text = new String(nuspec, StandardCharsets.ISO_8859_1);
            byte[] nupkg = NugetTools.nupkg("Hostile.nuspec", text, Map.of());
            return HostileRequest.of("nuspec", nuspec,
                    () -> NugetTools.push(project.api(), project.packages() + "nuget/", "package.nupkg", nupkg));
        }));
    }

    @Override
    public List<HostileRequest> hostileNamesInPaths(HostileProject project, String name) {
        return List.of(new HostileRequest("nuget registration",
                () -> project.api().get(project.packages() + "nuget/metadata/" + name + "/index.json")));
    }

    /** A symbol package with a hostile .pdb entry name. */
    @Override
    public List<HostileRequest> hostileNamesInContent(HostileProject project, String name) {
        String entry = name.length() > 1000 ? name.substring(0, 1000) : name; // a zip entry name's limit
        byte[] snupkg = NugetTools.nupkg("Seedsym.nuspec", NugetTools.nuspec("Seedsym", "1.0.0", SYMBOLS),
                Map.of("lib/" + entry + ".pdb", NugetTools.portablePdb("Seedsym")));
        return List.of(new HostileRequest("nuget symbol package .pdb entry name", () -> NugetTools.push(project.api(),
                project.packages() + "nuget/symbolpackage/", "package.snupkg", snupkg)));
    }

    @Override
    public Optional<CrashPublish.Publisher> crashPublisher() {
        return Optional.of((packages, n, payload) -> {
            String version = "1.0." + n;
            byte[] nupkg = NugetTools.nupkg("Crash.nuspec", NugetTools.nuspec("Crash", version, ""),
                    Map.of("content/data.bin", payload));
            return new CrashPublish("nuget " + n, packages + "nuget/download/crash/" + version + "/crash." + version
                    + ".nupkg", nupkg, packages + "nuget/download/crash/index.json", "\"" + version + "\"",
                    api -> NugetTools.push(api, packages + "nuget/", "package.nupkg", nupkg));
        });
    }
}
