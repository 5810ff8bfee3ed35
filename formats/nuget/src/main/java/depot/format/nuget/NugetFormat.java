package depot.format.nuget;

import depot.core.access.Action;
import depot.core.model.Package;
import depot.core.model.PackageFile;
import depot.http.FormatContext;
import depot.http.FormatRoutes;
import depot.http.PackageDetails;
import depot.http.PackageFormat;
import io.javalin.http.HandlerType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * A NuGet feed in GitLab's layout: the v3 protocol (service index, registrations, flat container, search, push,
 * delete, symbol packages and a symbol server) at {@code /api/v4/projects/:id/packages/nuget/…}, read-only at
 * {@code /api/v4/groups/:id/-/packages/nuget/…}, and the v2 OData feed under {@code …/nuget/v2} for NuGet 2 clients.
 * Every push is read: the {@code .nuspec} inside the {@code .nupkg} names the id and version, and a version already
 * pushed is refused with 409 unless the group allows duplicates.
 */
public final class NugetFormat implements PackageFormat {
    public static final String TYPE = "nuget";
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}");
    private final NugetReads reads = new NugetReads();
    private final NugetSearch search = new NugetSearch();
    private final NugetV2Feed v2 = new NugetV2Feed();
    private final NugetPublisher publisher = new NugetPublisher();
    private final NugetSymbols symbols = new NugetSymbols();

    @Override
    public String type() { return TYPE; }

    @Override
    public String displayName() { return "NuGet"; }

    @Override
    public java.util.Comparator<String> versionOrder() {
        return depot.http.VersionOrder.orElseNatural(NugetFormat::parses, java.util.Comparator.comparing(NugetVersion::parse));
    }

    /** GitLab's default limit for the format: 500 MiB. */
    @Override
    public long defaultMaxUploadBytes() { return 500L << 20; }

    @Override
    public boolean duplicatesAllowedByDefault() { return false; }

    /** NuGet sends its API key (any Depot token) in its own header on push and delete. */
    @Override
    public List<String> tokenHeaders() { return List.of("X-NuGet-ApiKey"); }

    private static boolean parses(String version) {
        try {
            NugetVersion.parse(version);
            return true;
        } catch (depot.core.error.DepotException e) {
            return false;
        }
    }

    static boolean validId(String id) {
        return id != null && ID.matcher(id).matches() && !id.contains("..");
    }

    @Override
    public void routes(FormatRoutes routes) {
        routes.project(HandlerType.GET, "/index.json", Action.READ, reads::serviceIndex);
        routes.project(HandlerType.PUT, "", Action.WRITE, publisher::push);
        routes.project(HandlerType.PUT, "/", Action.WRITE, publisher::push);
        routes.project(HandlerType.PUT, "/symbolpackage", Action.WRITE, symbols::pushSymbols);
        routes.project(HandlerType.PUT, "/symbolpackage/", Action.WRITE, symbols::pushSymbols);
        routes.project(HandlerType.DELETE, "/{package}/{version}", Action.DELETE, publisher::delete);
        routes.project(HandlerType.PUT, "/v2", Action.WRITE, publisher::push);
        routes.project(HandlerType.PUT, "/v2/", Action.WRITE, publisher::push);
        for (Scoped scope : List.<Scoped>of(routes::project, routes::group)) {
            scope.add(HandlerType.GET, "/metadata/{package}/{document}", Action.READ, reads::registration);
            scope.add(HandlerType.GET, "/query", Action.READ, search::search);
            scope.add(HandlerType.GET, "/download/{package}/index.json", Action.READ, reads::versions);
            scope.add(HandlerType.GET, "/download/{package}/{version}/{file}", Action.READ, reads::content);
            scope.add(HandlerType.GET, "/symbolfiles/{file}/{signature}/{same}", Action.READ, symbols::symbolFile);
            scope.add(HandlerType.GET, "/v2", Action.READ, v2::service);
            scope.add(HandlerType.GET, "/v2/", Action.READ, v2::service);
            scope.add(HandlerType.GET, "/v2/{odata}", Action.READ, v2::feed);
        }
        routes.group(HandlerType.GET, "/index.json", Action.READ, reads::serviceIndex);
    }

    private interface Scoped {
        void add(HandlerType method, String path, Action action, depot.http.FormatHandler handler);
    }

    // ---- details

    @Override
    public PackageDetails details(Package pkg, List<PackageFile> files, FormatContext ctx) {
        JsonNode meta = pkg.metadata() == null ? NugetDocs.JSON.createObjectNode() : NugetDocs.JSON.readTree(pkg.metadata());
        List<PackageDetails.Row> rows = new ArrayList<>(List.of(new PackageDetails.Row("id", pkg.name()),
                new PackageDetails.Row("version", meta.path("fullVersion").asString(pkg.version()))));
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("title", "title");
        labels.put("authors", "authors");
        labels.put("description", "description");
        labels.put("tags", "tags");
        labels.put("license", "license");
        labels.put("licenseUrl", "license URL");
        labels.put("projectUrl", "project URL");
        labels.put("iconUrl", "icon URL");
        labels.put("repositoryUrl", "repository");
        labels.forEach((key, label) -> {
            if (meta.path(key).isString()) rows.add(new PackageDetails.Row(label, meta.get(key).asString()));
        });
        List<PackageDetails.Dependency> dependencies = new ArrayList<>();
        List<String> frameworks = new ArrayList<>();
        for (JsonNode g : meta.path("dependencyGroups")) {
            String framework = g.path("targetFramework").asString("any framework");
            frameworks.add(framework);
            for (JsonNode d : g.path("dependencies")) {
                dependencies.add(new PackageDetails.Dependency(d.path("id").asString(), d.path("range").asString(""),
                        framework));
            }
        }
        if (!frameworks.isEmpty()) rows.add(new PackageDetails.Row("target frameworks", String.join(", ", frameworks)));
        if (files.stream().anyMatch(f -> f.fileName().endsWith(".snupkg"))) rows.add(new PackageDetails.Row("symbols", "yes"));
        String source = ctx.projectMount(pkg.projectId(), TYPE) + "/index.json";
        String version = meta.path("fullVersion").asString(pkg.version());
        return new PackageDetails(rows, dependencies, List.of(
                new PackageDetails.Snippet("dotnet CLI", "shell", "dotnet nuget add source " + source
                        + " --name depot --username depot --password $DEPOT_TOKEN --store-password-in-clear-text\n"
                        + "dotnet add package " + pkg.name() + " --version " + version),
                new PackageDetails.Snippet("NuGet.Config", "xml", "<configuration>\n  <packageSources>\n"
                        + "    <add key=\"depot\" value=\"" + source + "\" protocolVersion=\"3\" />\n  </packageSources>\n"
                        + "  <packageSourceCredentials>\n    <depot>\n      <add key=\"Username\" value=\"depot\" />\n"
                        + "      <add key=\"ClearTextPassword\" value=\"%DEPOT_TOKEN%\" />\n    </depot>\n"
                        + "  </packageSourceCredentials>\n</configuration>"),
                new PackageDetails.Snippet("PackageReference", "xml",
                        "<PackageReference Include=\"" + pkg.name() + "\" Version=\"" + version + "\" />"),
                new PackageDetails.Snippet("nuget CLI", "shell", "nuget install " + pkg.name() + " -Version " + version
                        + " -Source depot\nnuget push " + pkg.normalizedName() + "." + pkg.version().toLowerCase(Locale.ROOT)
                        + ".nupkg -Source depot -ApiKey $DEPOT_TOKEN")),
                null);
    }
}
