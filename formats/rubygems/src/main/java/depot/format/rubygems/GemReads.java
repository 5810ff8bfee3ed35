package depot.format.rubygems;

import static depot.format.rubygems.RubygemsFormat.TYPE;

import depot.core.access.AccessService;
import depot.core.error.DepotException;
import depot.core.model.ChangeStamp;
import depot.core.model.Package;
import depot.core.model.PackageFile;
import depot.core.model.Project;
import depot.core.packages.PackageReads;
import depot.format.rubygems.GemIndexes.Entry;
import depot.http.Downloads;
import depot.http.FormatRequest;
import depot.http.IndexResponses;
import depot.http.NameHolders;
import depot.http.Scope;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The read side: both indexes, the quick gemspecs, the .gem files, the dependency API and the JSON API, at the
 * project, group and instance mounts. At a group or the instance a name is read from the one project that holds it
 * ({@link NameHolders}: the first publisher among those the caller may read, at the instance in the owning root group).
 */
final class GemReads {
    private final IndexResponses indexes = new IndexResponses(32 << 20);

    /** A name's visible gems, oldest first, without the yanked ones. */
    static List<Entry> entries(PackageReads reads, List<Package> versions) {
        if (versions.isEmpty()) return List.of();
        Map<Long, List<PackageFile>> files = reads.filesOf(versions.stream().map(Package::id).toList());
        List<PackageFile> all = new ArrayList<>();
        Map<Long, Set<String>> yanked = new LinkedHashMap<>();
        for (Package p : versions) {
            yanked.put(p.id(), GemPackages.yanked(p));
            all.addAll(files.getOrDefault(p.id(), List.of()));
        }
        all.sort(Comparator.comparingLong(PackageFile::createdAt).thenComparingLong(PackageFile::id));
        List<Entry> out = new ArrayList<>();
        for (PackageFile f : all) {
            GemSpec spec = GemPackages.spec(f);
            if (spec == null || yanked.get(f.packageId()).contains(spec.platform())) continue;
            out.add(new Entry(spec, f.sha256()));
        }
        return out;
    }

    /** The project whose packages of {@code normalized} this request reads: see {@link NameHolders}. */
    static List<Long> holders(FormatRequest req, String normalized) {
        return NameHolders.of(req, TYPE, normalized);
    }

    private static List<Long> readable(FormatRequest req) {
        return req.readableProjects().stream().map(Project::id).toList();
    }

    /** Every visible gem of the request's scope by name (names sorted), each name read from its holders. */
    private static Map<String, List<Entry>> all(FormatRequest req) {
        PackageReads reads = req.services().reads();
        Map<String, List<Package>> byName = new TreeMap<>();
        for (Package p : reads.ofType(readable(req), TYPE)) {
            if (PackageReads.isVisible(p)) byName.computeIfAbsent(p.normalizedName(), n -> new ArrayList<>()).add(p);
        }
        Map<String, List<Entry>> out = new LinkedHashMap<>();
        byName.forEach((name, packages) -> {
            List<Package> held = NameHolders.served(req, TYPE, name, packages);
            List<Entry> entries = entries(reads, held);
            if (!entries.isEmpty()) out.put(entries.get(0).name(), entries);
        });
        return out;
    }

    private String key(FormatRequest req, String doc) {
        return doc + "\u0000" + req.scope() + "\u0000" + readable(req);
    }

    private IndexResponses.Stamp typeStamp(FormatRequest req) {
        return IndexResponses.Stamp.of(req.services().reads().typeStamp(readable(req), TYPE));
    }

    /** The source root: RubyGems asks it first and uses the compact index when it answers 2xx. */
    static void root(FormatRequest req) {
        req.ctx().contentType("text/plain; charset=utf-8").result("RubyGems repository\n");
    }

    // ---- compact index

    void versions(FormatRequest req) {
        IndexResponses.Stamp stamp = typeStamp(req);
        indexes.sendAppendable(req.ctx(), key(req, "versions"), stamp, "text/plain; charset=utf-8", () -> {
            List<GemIndexes.VersionsLine> lines = new ArrayList<>();
            all(req).forEach((name, entries) -> lines.add(new GemIndexes.VersionsLine(name,
                    entries.stream().map(Entry::token).distinct().toList(), md5(GemIndexes.info(entries)))));
            String created = Instant.ofEpochMilli(Math.max(stamp.updatedAt(), 0)).toString().replaceFirst("\\.\\d+Z$", "Z");
            return GemIndexes.versions(created, lines);
        });
    }

    void names(FormatRequest req) {
        indexes.sendAppendable(req.ctx(), key(req, "names"), typeStamp(req), "text/plain; charset=utf-8",
                () -> GemIndexes.names(new ArrayList<>(all(req).keySet())));
    }

    void info(FormatRequest req) {
        String name = name(req.path("name"));
        String normalized = name.toLowerCase(Locale.ROOT);
        List<Long> ids = holders(req, normalized);
        PackageReads reads = req.services().reads();
        List<ChangeStamp> stamps = reads.stamps(ids, TYPE, normalized);
        if (stamps.isEmpty()) throw notFound(req, "This gem could not be found");
        indexes.sendAppendable(req.ctx(), key(req, "info\u0000" + normalized) + ids, IndexResponses.Stamp.of(stamps),
                "text/plain; charset=utf-8", () -> GemIndexes.info(entries(reads, reads.visibleVersions(ids, TYPE, normalized))));
    }

    // ---- full index

    void specs(FormatRequest req, GemIndexes.SpecsList which) {
        indexes.send(req.ctx(), key(req, "specs\u0000" + which), typeStamp(req), "application/octet-stream", () -> {
            List<Entry> every = new ArrayList<>();
            all(req).values().forEach(every::addAll);
            return GemIndexes.gzip(GemIndexes.specs(every, which));
        });
    }

    void quickSpec(FormatRequest req) {
        String file = req.path("file");
        if (!file.endsWith(".gemspec.rz")) throw new DepotException.NotFound("Not Found");
        Located gem = locate(req, file.substring(0, file.length() - ".gemspec.rz".length()) + ".gem");
        req.ctx().contentType("application/octet-stream").result(GemIndexes.quickSpec(GemPackages.spec(gem.file())));
    }

    void gem(FormatRequest req) throws Exception {
        Located gem = locate(req, req.path("file"));
        Downloads.send(req.ctx(), req.services().reads(), gem.file(), "application/octet-stream",
                gem.file().fileName());
    }

    private record Located(Package pkg, PackageFile file) {}

    /** A .gem by its file name (yanked ones too, as the public registry serves them), of the name's holder. */
    private Located locate(FormatRequest req, String fileName) {
        if (!fileName.endsWith(".gem") || fileName.contains("/") || fileName.length() > 300) {
            throw new DepotException.NotFound("Not Found");
        }
        PackageReads reads = req.services().reads();
        for (PackageFile f : reads.filesNamed(readable(req), TYPE, fileName)) {
            Package p = reads.get(f.packageId()).filter(PackageReads::servesFiles).orElse(null);
            if (p == null || GemPackages.spec(f) == null) continue;
            if (req.scope() != Scope.PROJECT && !holders(req, p.normalizedName()).contains(p.projectId())) continue;
            return new Located(p, f);
        }
        throw notFound(req, "This rubygem could not be found.");
    }

    // ---- the dependency API and the JSON API

    void dependencies(FormatRequest req) {
        String gems = req.ctx().queryParam("gems");
        List<Entry> out = new ArrayList<>();
        if (gems != null && !gems.isBlank()) {
            String[] names = gems.split(",");
            if (names.length > 200) throw new DepotException.Invalid("Too many gems (use --full-index instead)");
            PackageReads reads = req.services().reads();
            for (String n : names) {
                String normalized = name(n.trim()).toLowerCase(Locale.ROOT);
                out.addAll(entries(reads, reads.visibleVersions(holders(req, normalized), TYPE, normalized)));
            }
        }
        req.ctx().contentType("application/octet-stream").result(GemIndexes.dependencies(out));
    }

    void gemJson(FormatRequest req) {
        List<Entry> entries = jsonEntries(req);
        Entry latest = entries.stream().filter(e -> !e.spec().prerelease())
                .max(Comparator.comparing((Entry e) -> e.spec().version(), GemVersion.ORDER))
                .orElse(entries.get(entries.size() - 1));
        req.ctx().json(GemJson.gem(latest, req.mountUrl()));
    }

    void versionsJson(FormatRequest req) {
        List<Entry> entries = new ArrayList<>(jsonEntries(req));
        entries.sort(Comparator.comparing((Entry e) -> e.spec().version(), GemVersion.ORDER).reversed());
        req.ctx().json(entries.stream().map(GemJson::version).toList());
    }

    private List<Entry> jsonEntries(FormatRequest req) {
        String file = req.path("file");
        if (!file.endsWith(".json")) throw new DepotException.NotFound("Not Found");
        String normalized = name(file.substring(0, file.length() - 5)).toLowerCase(Locale.ROOT);
        PackageReads reads = req.services().reads();
        List<Entry> entries = entries(reads, reads.visibleVersions(holders(req, normalized), TYPE, normalized));
        if (entries.isEmpty()) throw notFound(req, "This rubygem could not be found.");
        return entries;
    }

    static String name(String name) {
        if (!GemSpec.NAME.matcher(name).matches()) throw new DepotException.NotFound("This gem could not be found");
        return name;
    }

    private static DepotException notFound(FormatRequest req, String message) {
        return AccessService.hidden(req.principal(), message);
    }

    static String md5(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
