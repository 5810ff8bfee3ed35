package depot.format.nuget;

import static depot.format.nuget.NugetFormat.TYPE;
import static depot.format.nuget.NugetRequests.base;
import static depot.format.nuget.NugetRequests.byId;
import static depot.format.nuget.NugetRequests.projectIds;

import depot.core.error.DepotException;
import depot.core.packages.PackageReads;
import depot.http.FormatRequest;
import depot.http.IndexResponses;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The v3 search ({@code /query}); its matching and its paging parameters also serve the v2 feed's
 * {@code Packages()} and {@code Search()}.
 */
final class NugetSearch {
    static final int MAX_TAKE = 1000;
    /** Search answers by query, paging and caller's projects, valid while the feed's change stamp is the same. */
    private final IndexResponses results = new IndexResponses(8 << 20);

    void search(FormatRequest req) {
        String q = Optional.ofNullable(req.ctx().queryParam("q")).orElse("").trim().toLowerCase(Locale.ROOT);
        int skip = intParam(req, "skip", 0);
        int take = Math.min(intParam(req, "take", 20), MAX_TAKE);
        boolean prerelease = "true".equalsIgnoreCase(req.ctx().queryParam("prerelease"));
        boolean semVer2 = semVer2(req.ctx().queryParam("semVerLevel"));
        List<Long> ids = projectIds(req);
        // the answer depends on the query, the paging, the mount (its URLs) and the projects read: all in the key
        String key = String.join("\u0000", q, String.valueOf(skip), String.valueOf(take), String.valueOf(prerelease),
                String.valueOf(semVer2), base(req), ids.toString());
        results.send(req.ctx(), key, IndexResponses.Stamp.of(req.services().reads().typeStamp(ids, TYPE)),
                "application/json; charset=utf-8", () -> {
                    List<NugetDocs.Hit> hits = hits(req, q, prerelease, semVer2);
                    List<NugetDocs.Hit> page = hits.subList(Math.min(skip, hits.size()),
                            Math.min(hits.size(), skip + take));
                    return NugetDocs.search(base(req), hits.size(), page).getBytes(StandardCharsets.UTF_8);
                });
    }

    /** Ids whose id, title, description or tags contain the query, with the versions the filters let through. */
    static List<NugetDocs.Hit> hits(FormatRequest req, String q, boolean prerelease, boolean semVer2) {
        PackageReads packages = req.services().reads();
        List<NugetDocs.Hit> hits = new ArrayList<>();
        for (List<NugetDocs.Entry> all : byId(packages, packages.ofType(projectIds(req), TYPE)).values()) {
            List<NugetDocs.Entry> versions = all.stream()
                    .filter(e -> prerelease || !e.version().prerelease())
                    .filter(e -> semVer2 || !e.meta().path("semVer2").asBoolean(false)).toList();
            if (versions.isEmpty()) continue;
            NugetDocs.Entry latest = versions.get(versions.size() - 1);
            if (q.isEmpty() || matches(latest, q)) hits.add(new NugetDocs.Hit(versions));
        }
        return hits;
    }

    private static boolean matches(NugetDocs.Entry e, String q) {
        for (String term : q.split("\\s+")) {
            String t = term.startsWith("id:") || term.startsWith("packageid:") ? term.substring(term.indexOf(':') + 1) : term;
            boolean hit = e.lowerId().contains(t);
            for (String field : List.of("title", "description", "tags", "summary")) {
                String v = e.text(field);
                if (v != null && v.toLowerCase(Locale.ROOT).contains(t)) hit = true;
            }
            if (hit) return true;
        }
        return false;
    }

    static boolean semVer2(String level) {
        if (level == null || level.isBlank()) return false;
        try {
            return Integer.parseInt(level.trim().split("\\.")[0]) >= 2;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    static int intParam(FormatRequest req, String name, int fallback) {
        String v = req.ctx().queryParam(name);
        if (v == null || v.isBlank()) return fallback;
        try {
            int n = Integer.parseInt(v.trim());
            if (n < 0) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw new DepotException.Invalid(name + " must be a non-negative integer");
        }
    }
}
