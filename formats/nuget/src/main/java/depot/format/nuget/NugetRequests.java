package depot.format.nuget;

import static depot.format.nuget.NugetFormat.TYPE;
import static depot.format.nuget.NugetFormat.validId;

import depot.core.access.AccessService;
import depot.core.error.DepotException;
import depot.core.model.Package;
import depot.core.model.PackageFile;
import depot.core.model.Project;
import depot.core.packages.PackageReads;
import depot.http.FormatRequest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * What the NuGet handlers share: an id's stored versions in the projects the request reads, the version a request
 * names, the mount's URL, and the answers every endpoint gives the same way.
 */
final class NugetRequests {
    private NugetRequests() {}

    /** All visible versions of an id in the request's projects, ascending; the newest push wins a tie. */
    static List<NugetDocs.Entry> entries(FormatRequest req, String id) {
        if (!validId(id)) throw new DepotException.Invalid("invalid package id: " + id);
        PackageReads packages = req.services().reads();
        List<Package> found = packages.visibleVersions(projectIds(req), TYPE, id.toLowerCase(Locale.ROOT));
        return byId(packages, found).getOrDefault(id.toLowerCase(Locale.ROOT), List.of());
    }

    /** Packages (oldest first) as entries per lower-case id, ids sorted, versions ascending; two queries in all. */
    static Map<String, List<NugetDocs.Entry>> byId(PackageReads packages, List<Package> found) {
        Map<Long, List<PackageFile>> files = packages.filesOf(found.stream().map(Package::id).toList());
        Map<String, Map<String, NugetDocs.Entry>> byId = new java.util.TreeMap<>();
        for (Package p : found) {
            NugetVersion v = NugetVersion.parse(p.version());
            PackageFile nupkg = files.getOrDefault(p.id(), List.of()).stream()
                    .filter(f -> f.fileName().endsWith(".nupkg")).reduce((a, b) -> b).orElse(null);
            if (nupkg == null) continue;
            JsonNode meta = p.metadata() == null ? NugetDocs.JSON.createObjectNode() : NugetDocs.JSON.readTree(p.metadata());
            byId.computeIfAbsent(p.normalizedName(), k -> new LinkedHashMap<>())
                    .put(v.lower(), new NugetDocs.Entry(p, v, meta, nupkg));
        }
        Map<String, List<NugetDocs.Entry>> out = new LinkedHashMap<>();
        byId.forEach((id, versions) -> {
            List<NugetDocs.Entry> list = new ArrayList<>(versions.values());
            list.sort(Comparator.comparing(NugetDocs.Entry::version));
            out.put(id, list);
        });
        return out;
    }

    /** A version's package file, as a download finds it. */
    record Nupkg(String lowerId, NugetVersion version, PackageFile file) {}

    /**
     * The {@code .nupkg} of one version, found as {@link #entries} and {@link #find} would find it (the newest push
     * of that version that holds one) without reading every version's metadata: a download reads only the rows it
     * serves, from the read service's caches.
     */
    static Nupkg nupkg(FormatRequest req, String id, String version) {
        if (!validId(id)) throw new DepotException.Invalid("invalid package id: " + id);
        if (!NugetVersion.isValid(version)) throw new DepotException.Invalid("invalid version: " + version);
        String lower = NugetVersion.parse(version).lower();
        PackageReads packages = req.services().reads();
        Nupkg found = null;
        for (Package p : packages.visibleVersions(projectIds(req), TYPE, id.toLowerCase(Locale.ROOT))) {
            NugetVersion v = NugetVersion.parse(p.version());
            if (!v.lower().equals(lower)) continue;
            PackageFile file = packages.files(p.id()).stream().filter(f -> f.fileName().endsWith(".nupkg"))
                    .reduce((a, b) -> b).orElse(null);
            if (file != null) found = new Nupkg(p.normalizedName(), v, file);
        }
        if (found == null) throw notFound(req);
        return found;
    }

    static NugetDocs.Entry find(FormatRequest req, List<NugetDocs.Entry> versions, String version) {
        if (!NugetVersion.isValid(version)) throw new DepotException.Invalid("invalid version: " + version);
        NugetVersion wanted = NugetVersion.parse(version);
        return versions.stream().filter(e -> e.version().lower().equals(wanted.lower())).findFirst()
                .orElseThrow(() -> notFound(req));
    }

    static DepotException notFound(FormatRequest req) {
        return AccessService.hidden(req.principal(), "404 Not Found");
    }

    static JsonNode fileMeta(PackageFile f) {
        return f.metadata() == null ? NugetDocs.JSON.createObjectNode() : NugetDocs.JSON.readTree(f.metadata());
    }

    static List<Long> projectIds(FormatRequest req) {
        return req.readableProjects().stream().map(Project::id).toList();
    }

    /** The mount as the client addressed it (path or id), so that URLs handed back match its credentials. */
    static String base(FormatRequest req) {
        return req.mountUrl();
    }

    static void json(FormatRequest req, String body) {
        req.ctx().contentType("application/json; charset=utf-8").result(body);
    }
}
