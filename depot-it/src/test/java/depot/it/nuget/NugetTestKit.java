package depot.it.nuget;

import depot.format.nuget.NugetFormat;
import depot.it.formats.FormatTestKit;
import depot.it.formats.Kind;
import depot.it.formats.PermissionRows;
import depot.it.formats.PermissionRows.Scope;
import depot.it.formats.Rule;
import depot.it.formats.Style;
import depot.it.support.NugetTools;
import java.util.List;
import java.util.Map;

/** NuGet in the tests every format shares. */
public final class NugetTestKit implements FormatTestKit {
    @Override
    public String type() { return NugetFormat.TYPE; }

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
}
