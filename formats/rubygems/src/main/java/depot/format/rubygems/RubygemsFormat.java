package depot.format.rubygems;

import depot.core.access.Action;
import depot.core.blob.StoredBlob;
import depot.core.error.DepotException;
import depot.core.model.Package;
import depot.core.model.PackageFile;
import depot.core.packages.NameClaims;
import depot.core.packages.NewFile;
import depot.core.packages.Publication;
import depot.http.ErrorStyle;
import depot.http.FormatContext;
import depot.http.FormatRequest;
import depot.http.FormatRoutes;
import depot.http.NameHolders;
import depot.http.PackageDetails;
import depot.http.PackageFormat;
import depot.http.Uploads;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A RubyGems repository in GitLab's layout ({@code …/packages/rubygems/}), at the project, group and instance
 * mounts: {@code gem push} and {@code gem yank} at a project; the compact index bundler and RubyGems read, the full
 * index ({@code specs.4.8.gz} and the quick gemspecs) for clients told not to use it, the .gem files, the legacy
 * dependency API and the JSON API at every mount.
 */
public final class RubygemsFormat implements PackageFormat {
    public static final String TYPE = "rubygems";
    private static final int MAX_FORM = 8 << 10;
    private final GemReads reads = new GemReads();

    @Override
    public String type() { return TYPE; }

    @Override
    public String displayName() { return "RubyGems"; }

    @Override
    public java.util.Comparator<String> versionOrder() {
        return GemVersion.ORDER;
    }

    /** RubyGems prints the body of a refusal as it is. */
    @Override
    public ErrorStyle errorStyle() { return ErrorStyle.PLAIN; }

    /** The public registry refuses a second push of a version; a group can allow it. */
    @Override
    public boolean duplicatesAllowedByDefault() { return false; }

    /** GitLab's limit for gems: 3 GiB. */
    @Override
    public long defaultMaxUploadBytes() { return 3L << 30; }

    @Override
    public void routes(FormatRoutes routes) {
        routes.project(HandlerType.POST, "/api/v1/gems", Action.WRITE, this::push);
        routes.project(HandlerType.DELETE, "/api/v1/gems/yank", Action.WRITE, this::yank);
        var every = FormatRoutes.EVERY_SCOPE;
        for (HandlerType method : List.of(HandlerType.GET, HandlerType.HEAD)) {
            routes.at(every, method, "", Action.READ, GemReads::root);
            routes.at(every, method, "/", Action.READ, GemReads::root);
            routes.at(every, method, "/versions", Action.READ, reads::versions);
            routes.at(every, method, "/names", Action.READ, reads::names);
            routes.at(every, method, "/info/{name}", Action.READ, reads::info);
            routes.at(every, method, "/specs.4.8.gz", Action.READ, r -> reads.specs(r, GemIndexes.SpecsList.RELEASED));
            routes.at(every, method, "/latest_specs.4.8.gz", Action.READ, r -> reads.specs(r, GemIndexes.SpecsList.LATEST));
            routes.at(every, method, "/prerelease_specs.4.8.gz", Action.READ,
                    r -> reads.specs(r, GemIndexes.SpecsList.PRERELEASE));
            routes.at(every, method, "/quick/Marshal.4.8/{file}", Action.READ, reads::quickSpec);
            routes.at(every, method, "/gems/{file}", Action.READ, reads::gem);
            routes.at(every, method, "/api/v1/dependencies", Action.READ, reads::dependencies);
            routes.at(every, method, "/api/v1/gems/{file}", Action.READ, reads::gemJson);
            routes.at(every, method, "/api/v1/versions/{file}", Action.READ, reads::versionsJson);
        }
    }

    // ---- push and yank

    private void push(FormatRequest req) throws IOException {
        FormatContext s = req.services();
        StoredBlob blob = Uploads.store(req.ctx(), s.packages(), s.limits().forType(TYPE));
        GemSpec spec;
        try (InputStream in = s.reads().open(blob.sha256(), blob.size())) {
            spec = GemFile.read(in);
        }
        String normalized = spec.name().toLowerCase(Locale.ROOT);
        s.packages().claims().check(NameClaims.Claim.of(TYPE, normalized), normalized, req.project());
        NameHolders.requireFree(req, TYPE, normalized, "gem " + spec.name());
        for (Package p : s.reads().versions(List.of(req.project().id()), TYPE, normalized)) {
            if (!p.name().equals(spec.name())) {
                throw new DepotException.Conflict("the gem name " + spec.name() + " is taken here as " + p.name());
            }
        }
        s.packages().publish(Publication.of(req.project(), TYPE, spec.name(), spec.version()).normalizedName(normalized)
                .mergeMetadata(stored -> GemPackages.afterPush(stored, spec))
                .file(new NewFile(spec.fileName(), blob, GemPackages.fileMetadata(spec)))
                .replacingSameName()
                .claiming(NameClaims.Claim.of(TYPE, normalized))
                .by(req.principal()).build());
        req.ctx().status(200).contentType("text/plain; charset=utf-8")
                .result("Successfully registered gem: " + spec.name() + " (" + token(spec.version(), spec.platform()) + ")");
    }

    private void yank(FormatRequest req) {
        Map<String, String> form = form(req);
        String name = GemReads.name(form.getOrDefault("gem_name", ""));
        String version = GemVersion.canonical(form.get("version"));
        String platform = form.getOrDefault("platform", "ruby");
        if (platform.isBlank()) platform = "ruby";
        FormatContext s = req.services();
        String normalized = name.toLowerCase(Locale.ROOT);
        Package pkg = s.reads().find(req.project().id(), TYPE, normalized, version)
                .orElseThrow(() -> new DepotException.NotFound("The version " + version + " does not exist."));
        String wanted = platform;
        boolean has = s.reads().files(pkg.id()).stream().map(GemPackages::spec)
                .anyMatch(sp -> sp != null && sp.platform().equals(wanted));
        if (!has) throw new DepotException.NotFound("The version " + version + " (" + platform + ") does not exist.");
        if (GemPackages.yanked(pkg).contains(platform)) {
            throw new DepotException.Invalid("The version " + version + " has already been yanked.");
        }
        s.packages().protection().requirePush(req.project(), TYPE, pkg.name(), pkg.normalizedName(), req.principal());
        s.packages().changeMetadata(pkg, stored -> GemPackages.afterYank(stored, wanted));
        s.audit(req.principal(), "package.yank", "package", pkg.id(), pkg.name() + " " + version + " " + platform);
        req.ctx().status(200).contentType("text/plain; charset=utf-8")
                .result("Successfully deleted gem: " + pkg.name() + " (" + token(version, wanted) + ")");
    }

    /** {@code 1.0.0}, or {@code 1.0.0-java}: how the public registry names one platform's gem in its messages. */
    private static String token(String version, String platform) {
        return "ruby".equals(platform) ? version : version + "-" + platform;
    }

    /** {@code gem yank} sends its fields as a form body of a DELETE; a query string works too. */
    private static Map<String, String> form(FormatRequest req) {
        Map<String, String> out = new HashMap<>();
        req.ctx().queryParamMap().forEach((k, v) -> { if (!v.isEmpty()) out.put(k, v.get(0)); });
        try {
            byte[] body = Uploads.body(req.ctx()).readNBytes(MAX_FORM + 1);
            if (body.length > MAX_FORM) throw new DepotException.TooLarge(MAX_FORM);
            for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
                int eq = pair.indexOf('=');
                if (eq <= 0) continue;
                out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        } catch (IllegalArgumentException e) {
            throw new DepotException.Invalid("the form is not URL-encoded");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out;
    }

    // ---- details

    @Override
    public PackageDetails details(Package pkg, List<PackageFile> files, FormatContext ctx) {
        JsonNode meta = pkg.metadata() == null ? GemPackages.JSON.createObjectNode() : GemPackages.JSON.readTree(pkg.metadata());
        List<PackageDetails.Row> rows = new ArrayList<>(List.of(new PackageDetails.Row("name", pkg.name()),
                new PackageDetails.Row("version", pkg.version())));
        for (String key : List.of("summary", "description", "homepage", "required_ruby_version")) {
            String v = meta.path(key).asString("");
            if (!v.isBlank()) rows.add(new PackageDetails.Row(key.replace('_', ' '), v));
        }
        List<String> authors = new ArrayList<>();
        meta.path("authors").forEach(a -> authors.add(a.asString()));
        if (!authors.isEmpty()) rows.add(new PackageDetails.Row("authors", String.join(", ", authors)));
        List<String> licenses = new ArrayList<>();
        meta.path("licenses").forEach(a -> licenses.add(a.asString()));
        if (!licenses.isEmpty()) rows.add(new PackageDetails.Row("licenses", String.join(", ", licenses)));
        List<String> platforms = new ArrayList<>();
        List<PackageDetails.Dependency> dependencies = new ArrayList<>();
        for (PackageFile f : files) {
            GemSpec spec = GemPackages.spec(f);
            if (spec == null) continue;
            platforms.add(spec.platform());
            if (dependencies.isEmpty()) {
                spec.dependencies().forEach(d -> dependencies.add(new PackageDetails.Dependency(d.name(), String.join(", ",
                        d.requirement().stream().map(GemSpec.Req::toString).toList()), d.runtime() ? "" : "development")));
            }
        }
        rows.add(new PackageDetails.Row("platforms", String.join(", ", platforms)));
        List<String> yanked = new ArrayList<>(GemPackages.yanked(pkg));
        if (!yanked.isEmpty()) rows.add(new PackageDetails.Row("yanked", String.join(", ", yanked)));
        String url = ctx.projectMount(pkg.projectId(), TYPE);
        String withToken = url.replace("://", "://__token__:${DEPOT_TOKEN}@");
        String host = url.replaceFirst("^https?://", "").replaceFirst("/.*", "");
        String bundleKey = host.replaceFirst(":\\d+$", "").toUpperCase(Locale.ROOT).replace("-", "___").replace(".", "__");
        return new PackageDetails(rows, dependencies, List.of(
                new PackageDetails.Snippet("gem install", "shell", "gem install " + pkg.name() + " --version "
                        + pkg.version() + " --clear-sources --source " + withToken + "/"),
                new PackageDetails.Snippet("Gemfile", "ruby", "source \"" + url + "/\"\n\ngem \"" + pkg.name()
                        + "\", \"" + pkg.version() + "\""),
                new PackageDetails.Snippet("bundle config", "shell", "bundle config set --global " + url + "/ __token__:$DEPOT_TOKEN\n"
                        + "# or in CI: export BUNDLE_" + bundleKey + "=\"__token__:$DEPOT_TOKEN\""),
                new PackageDetails.Snippet("~/.gem/credentials (gem push)", "yaml", "---\n" + url + ": ${DEPOT_TOKEN}\n"
                        + "# then: chmod 0600 ~/.gem/credentials && gem push " + pkg.name() + "-" + pkg.version()
                        + ".gem --host " + url)));
    }
}
