package depot.format.npm;

import depot.core.access.Action;
import depot.core.model.Package;
import depot.core.model.PackageFile;
import depot.http.ErrorStyle;
import depot.http.FormatContext;
import depot.http.FormatRoutes;
import depot.http.PackageDetails;
import depot.http.PackageFormat;
import depot.http.Scope;
import io.javalin.http.HandlerType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * An npm registry in GitLab's layout: publish, install, dist-tags, deprecate and unpublish at
 * {@code /api/v4/projects/:id/packages/npm/}, and reads (plus tag changes) at the group and instance endpoints,
 * which find the project that published a name most recently. Packuments are rendered from the database and
 * cached by a stamp of the rows they come from.
 */
public final class NpmFormat implements PackageFormat {
    public static final String TYPE = "npm";

    /** npm prints {@code error} from a JSON body. */
    public static final ErrorStyle NPM_ERRORS = (ctx, status, message) -> ctx.status(status)
            .json(Map.of("error", message));

    private final NpmReads reads = new NpmReads();
    private final NpmCliEndpoints cli = new NpmCliEndpoints();
    private final NpmSearch search = new NpmSearch();
    private final NpmDistTags distTags = new NpmDistTags();
    private final NpmPublisher publisher = new NpmPublisher();

    @Override
    public String type() { return TYPE; }

    @Override
    public String displayName() { return "npm"; }

    @Override
    public java.util.Comparator<String> versionOrder() {
        return depot.http.VersionOrder.orElseNatural(org.semver4j.Semver::isValid, java.util.Comparator.comparing(org.semver4j.Semver::new));
    }

    /** GitLab's default limit for the format: 500 MiB. */
    @Override
    public long defaultMaxUploadBytes() { return 500L << 20; }

    @Override
    public ErrorStyle errorStyle() { return NPM_ERRORS; }

    /** Group and instance reads go through the upstreams for names (and scopes) Depot does not hold. */
    @Override
    public boolean readsThroughUpstreams() { return true; }

    @Override
    public java.util.Optional<CachedPackage> cachedPackage(String relativePath) {
        return NpmProxy.cachedPackage(relativePath);
    }

    @Override
    public void routes(FormatRoutes routes) {
        Set<Scope> every = FormatRoutes.EVERY_SCOPE;
        routes.at(every, HandlerType.GET, "/-/whoami", Action.READ, cli::whoami);
        routes.at(every, HandlerType.GET, "/-/v1/search", Action.READ, search::search);
        routes.at(every, HandlerType.POST, "/-/npm/v1/security/<rest>", Action.READ, cli::audit);
        routes.at(every, HandlerType.GET, "/-/package/<path>", Action.READ, distTags::listTags);
        // a dist-tag changes in the project that holds the name (at a group or the instance: the newest publisher)
        routes.at(every, HandlerType.PUT, "/-/package/<path>", Action.WRITE, NpmDistTags::holderProject,
                distTags::putTag);
        routes.at(every, HandlerType.DELETE, "/-/package/<path>", Action.DELETE, NpmDistTags::holderProject,
                distTags::deleteTag);
        routes.at(every, HandlerType.GET, "/<path>", Action.READ, reads::get);
        routes.at(every, HandlerType.HEAD, "/<path>", Action.READ, reads::get);
        routes.project(HandlerType.PUT, "/<path>", Action.WRITE, publisher::put);
        routes.project(HandlerType.DELETE, "/<path>", Action.DELETE, publisher::delete);
    }

    // ---- details

    @Override
    public PackageDetails details(Package pkg, List<PackageFile> files, FormatContext ctx) {
        NpmName name = NpmName.parse(pkg.name());
        JsonNode stored = pkg.metadata() == null ? PublishBody.JSON.createObjectNode()
                : PublishBody.JSON.readTree(pkg.metadata());
        JsonNode manifest = stored.path("manifest");
        List<PackageDetails.Row> rows = new ArrayList<>(List.of(new PackageDetails.Row("name", name.full()),
                new PackageDetails.Row("version", pkg.version())));
        List<String> tags = new ArrayList<>();
        ctx.reads().tags(pkg.projectId(), TYPE, pkg.normalizedName()).forEach((tag, id) -> {
            if (id == pkg.id()) tags.add(tag);
        });
        if (!tags.isEmpty()) rows.add(new PackageDetails.Row("dist-tags", String.join(", ", tags)));
        for (String field : List.of("description", "license", "homepage", "deprecated")) {
            if (manifest.path(field).isString()) rows.add(new PackageDetails.Row(field, manifest.get(field).asString()));
        }
        List<PackageDetails.Dependency> dependencies = new ArrayList<>();
        java.util.Map.of("dependencies", "", "devDependencies", "dev", "peerDependencies", "peer",
                "optionalDependencies", "optional").entrySet().stream().sorted(java.util.Map.Entry.comparingByValue())
                .forEach(kind -> manifest.path(kind.getKey()).properties().forEach(e -> dependencies.add(
                        new PackageDetails.Dependency(e.getKey(), e.getValue().asString(""), kind.getValue()))));
        String registry = ctx.projectMount(pkg.projectId(), TYPE) + "/";
        String hostPath = registry.replaceFirst("^https?:", "");
        String npmrc = (name.scope() == null ? "registry=" : "@" + name.scope() + ":registry=") + registry + "\n"
                + hostPath + ":_authToken=${DEPOT_TOKEN}";
        String spec = name.full() + "@" + pkg.version();
        return new PackageDetails(rows, dependencies, List.of(
                new PackageDetails.Snippet(".npmrc", "ini", npmrc),
                new PackageDetails.Snippet("npm", "shell", "npm install " + spec),
                new PackageDetails.Snippet("yarn", "shell", "yarn add " + spec),
                new PackageDetails.Snippet("pnpm", "shell", "pnpm add " + spec)), stored.path("readme").asString(null));
    }
}
