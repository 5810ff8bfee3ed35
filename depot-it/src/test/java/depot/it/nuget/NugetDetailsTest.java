package depot.it.nuget;

import static org.assertj.core.api.Assertions.assertThat;

import depot.core.model.Package;
import depot.format.nuget.NugetFormat;
import depot.http.FormatContext;
import depot.http.PackageDetails;
import depot.it.support.Backend;
import depot.it.support.NugetTools;
import depot.it.support.TestServer;
import depot.it.support.World;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the detail page shows of a NuGet package: nuspec metadata, dependency groups, and install snippets. */
class NugetDetailsTest {
    @Test
    void shows_nuspec_metadata_dependencies_and_snippets_for_dotnet_nuget_config_and_the_nuget_cli() throws Exception {
        try (TestServer server = new TestServer(Backend.SQLITE)) {
            World world = new World(server);
            long project = world.project(world.group("acme", "private"), "dotnet", "private");
            String extra = "<tags>hello greeting</tags><license type=\"expression\">MIT</license>"
                    + "<projectUrl>https://example.com/hello</projectUrl><dependencies><group targetFramework=\"net6.0\">"
                    + "<dependency id=\"Acme.Base\" version=\"[2.0.0, )\"/></group></dependencies>";
            assertThat(NugetTools.push(server.root(), "/api/v4/projects/" + project + "/packages/nuget/",
                    "package.nupkg", NugetTools.nupkg("Acme.Hello.nuspec", NugetTools.nuspec("Acme.Hello", "1.2.0+sha.9",
                            extra), Map.of())).status()).isEqualTo(201);
            var listed = server.root().get("/api/v4/projects/" + project + "/packages?package_type=nuget").json().get(0);
            assertThat(listed.get("version").asString()).isEqualTo("1.2.0");
            Package pkg = server.services().packages().get(listed.get("id").asLong()).orElseThrow();
            FormatContext ctx = server.formatContext("https://depot.example");

            PackageDetails d = new NugetFormat().details(pkg, List.of(), ctx);

            assertThat(d.metadata()).containsExactly(new PackageDetails.Row("id", "Acme.Hello"),
                    new PackageDetails.Row("version", "1.2.0+sha.9"), new PackageDetails.Row("authors", "a"),
                    new PackageDetails.Row("description", "d"), new PackageDetails.Row("tags", "hello greeting"),
                    new PackageDetails.Row("license", "MIT"),
                    new PackageDetails.Row("project URL", "https://example.com/hello"),
                    new PackageDetails.Row("target frameworks", "net6.0"));
            assertThat(d.dependencies()).containsExactly(new PackageDetails.Dependency("Acme.Base", "[2.0.0, )", "net6.0"));
            assertThat(d.snippets()).extracting(PackageDetails.Snippet::title)
                    .containsExactly("dotnet CLI", "NuGet.Config", "PackageReference", "nuget CLI");
            String source = "https://depot.example/api/v4/projects/" + project + "/packages/nuget/index.json";
            assertThat(d.snippets().get(0).code()).contains("dotnet nuget add source " + source)
                    .contains("dotnet add package Acme.Hello --version 1.2.0+sha.9");
            assertThat(d.snippets().get(1).code()).contains("value=\"" + source + "\"");
            assertThat(d.snippets().get(2).code()).isEqualTo("<PackageReference Include=\"Acme.Hello\" Version=\"1.2.0+sha.9\" />");
            assertThat(d.snippets().get(3).code()).contains("nuget install Acme.Hello -Version 1.2.0+sha.9 -Source depot");

            // the web UI's detail page renders them, for the signed-in admin
            String page = server.pageAsRoot("/acme/dotnet/-/packages/" + pkg.id());
            assertThat(page).contains("Acme.Hello").contains("dotnet add package").contains("PackageReference")
                    .contains("<td>Acme.Base</td><td><code>[2.0.0, )</code></td><td>net6.0</td>");
        }
    }
}
