package depot.format.cargo;

import static depot.format.cargo.CargoFormat.TYPE;

import depot.core.error.DepotException;
import depot.core.error.Shown;
import depot.core.model.ChangeStamp;
import depot.core.model.Package;
import depot.core.model.PackageFile;
import depot.core.model.Project;
import depot.core.model.Visibility;
import depot.core.packages.PackageReads;
import depot.http.Downloads;
import depot.http.FormatRequest;
import depot.http.IndexResponses;
import depot.http.NameHolders;
import depot.http.Scope;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * The sparse index ({@code config.json} and one file per crate), downloads and search, at the project, group and
 * instance mounts; at a group or the instance a crate is the first publisher's ({@link NameHolders}).
 */
final class CargoReads {
    private final IndexResponses indexes = new IndexResponses(32 << 20);

    /**
     * {@code config.json}: downloads and the API at this very mount (so credentials match), and
     * {@code auth-required} unless everything the mount serves is public.
     */
    void config(FormatRequest req) {
        boolean open = switch (req.scope()) {
            case PROJECT -> req.project().visibilityLevel() == Visibility.PUBLIC;
            case GROUP -> req.group() != null && "public".equals(req.group().visibility());
            default -> false;
        };
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("dl", req.mountUrl() + "/api/v1/crates");
        config.put("api", req.mountUrl());
        config.put("auth-required", !open);
        req.ctx().json(config);
    }

    /** An index file, at {@code index/1/a}, {@code 2/ab}, {@code 3/a/abc} or {@code ab/cd/abcd…}. */
    void index(FormatRequest req, String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        if (!CrateName.isValid(name) || !CrateName.indexPath(name).equals(path)) throw notFound(req, name);
        String normalized = CrateName.normalize(name);
        List<Long> ids = NameHolders.of(req, TYPE, normalized);
        PackageReads reads = req.services().reads();
        List<ChangeStamp> stamps = reads.stamps(ids, TYPE, normalized);
        if (stamps.isEmpty()) throw notFound(req, name);
        String key = "index\u0000" + normalized + "\u0000" + ids + "\u0000" + req.mountUrl();
        // at a group or the instance, dependencies on crates of this server's project registries are this index's
        String mount = req.mountUrl();
        String local = req.scope() == Scope.PROJECT ? null : mount.substring(mount.indexOf("://") + 3, mount.indexOf("/api/v4/") + 8);
        indexes.send(req.ctx(), key, IndexResponses.Stamp.of(stamps), "text/plain; charset=utf-8", () -> {
            List<Package> versions = new ArrayList<>(reads.visibleVersions(ids, TYPE, normalized));
            // the same crate, spelt as asked (foo-bar and foo_bar are one name, but each has its own path)
            versions.removeIf(p -> !p.name().equalsIgnoreCase(name));
            if (versions.isEmpty()) throw notFound(req, name);
            versions.sort(Comparator.comparingLong(Package::createdAt).thenComparingLong(Package::id));
            StringBuilder b = new StringBuilder();
            for (Package p : versions) {
                JsonNode meta = CargoFormat.metadata(p);
                b.append(IndexLine.render(meta.path("line"), meta.path("yanked").asBoolean(false), local)).append('\n');
            }
            return b.toString().getBytes(StandardCharsets.UTF_8);
        });
    }

    /** {@code api/v1/crates/:crate/:version/download}: the .crate, yanked or not (a lockfile may name it). */
    void download(FormatRequest req) throws Exception {
        String name = CrateName.require(req.path("crate"));
        String version = req.path("version");
        PackageReads reads = req.services().reads();
        Package pkg = reads.versions(NameHolders.of(req, TYPE, CrateName.normalize(name)), TYPE, CrateName.normalize(name))
                .stream().filter(PackageReads::servesFiles).filter(p -> p.version().equals(version))
                .findFirst().orElseThrow(() -> notFound(req, name + "@" + version));
        PackageFile file = reads.files(pkg.id()).stream().findFirst().orElseThrow(() -> notFound(req, name));
        Downloads.send(req.ctx(), reads, file, "application/gzip", file.fileName());
    }

    /** {@code api/v1/crates?q=&per_page=}: names containing the query, each with its highest version. */
    void search(FormatRequest req) {
        String q = String.valueOf(req.ctx().queryParam("q") == null ? "" : req.ctx().queryParam("q"))
                .toLowerCase(Locale.ROOT).replace('-', '_');
        int perPage = 10;
        String given = req.ctx().queryParam("per_page");
        if (given != null) {
            try {
                perPage = Math.max(1, Math.min(100, Integer.parseInt(given)));
            } catch (NumberFormatException e) {
                throw new DepotException.Invalid("per_page is not a number");
            }
        }
        PackageReads reads = req.services().reads();
        Map<String, List<Package>> byName = new TreeMap<>();
        for (Package p : reads.ofType(req.readableProjects().stream().map(Project::id).toList(), TYPE)) {
            if (PackageReads.isVisible(p) && p.normalizedName().contains(q)) {
                byName.computeIfAbsent(p.normalizedName(), n -> new ArrayList<>()).add(p);
            }
        }
        List<Map<String, Object>> crates = new ArrayList<>();
        for (Map.Entry<String, List<Package>> e : byName.entrySet()) {
            List<Package> served = NameHolders.served(req, TYPE, e.getKey(), e.getValue()).stream()
                    .filter(p -> !CargoFormat.metadata(p).path("yanked").asBoolean(false)).toList();
            if (served.isEmpty()) continue;
            Package max = served.stream().max(Comparator.comparing(Package::version, CargoFormat.VERSION_ORDER)).orElseThrow();
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("name", max.name());
            c.put("max_version", max.version());
            c.put("description", CargoFormat.metadata(max).path("description").asString(null));
            crates.add(c);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("crates", crates.subList(0, Math.min(perPage, crates.size())));
        out.put("meta", Map.of("total", crates.size()));
        req.ctx().json(out);
    }

    /** A crate that is not there: cargo publish first asks for the index file of a crate that does not exist yet. */
    static DepotException notFound(FormatRequest req, String what) {
        String message = "crate `" + Shown.of(what) + "` does not exist";
        String name = what.contains("@") ? what.substring(0, what.indexOf('@')) : what;
        return CrateName.isValid(name) ? NameHolders.notFound(req, TYPE, CrateName.normalize(name), message)
                : new DepotException.NotFound(message);
    }

}
