package depot.format.npm;

import static depot.format.npm.NpmFormat.TYPE;

import depot.core.error.DepotException;
import depot.core.model.Package;
import depot.core.model.Project;
import depot.core.packages.PackageReads;
import depot.http.FormatRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code npm search}: the latest version of each matching name in the projects the caller may read. */
final class NpmSearch {

    void search(FormatRequest req) {
        String text = Optional.ofNullable(req.ctx().queryParam("text")).orElse("").trim();
        int size = Math.max(1, Math.min(250, parseInt(req.ctx().queryParam("size"), 20)));
        int from = Math.max(0, parseInt(req.ctx().queryParam("from"), 0));
        List<Long> ids = req.readableProjects().stream().map(Project::id).toList();
        PackageReads packages = req.services().reads();
        // newest first; the first row of each name is its latest version
        Map<String, Package> latest = new LinkedHashMap<>();
        int page = 1;
        while (latest.size() < from + size && page <= 50) {
            var rows = packages.newestFirst(ids, TYPE, text.isEmpty() ? null : text, page, 100);
            rows.items().forEach(p -> latest.putIfAbsent(p.name(), p));
            if (!rows.hasNext()) break;
            page++;
        }
        List<Package> shown = latest.values().stream().skip(from).limit(size).toList();
        req.ctx().json(NpmSearchResults.of(shown, latest.size(), System.currentTimeMillis()));
    }

    private static int parseInt(String s, int fallback) {
        try {
            return s == null ? fallback : Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new DepotException.Invalid("not a number: " + s);
        }
    }
}
