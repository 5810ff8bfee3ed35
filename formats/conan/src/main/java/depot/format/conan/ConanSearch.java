package depot.format.conan;

import static depot.format.conan.ConanRequests.existing;
import static depot.format.conan.ConanRequests.json;
import static depot.format.conan.ConanRequests.notFound;
import static depot.format.conan.ConanRequests.readText;
import static depot.format.conan.ConanRequests.refOf;
import static depot.format.conan.ConanRequests.target;

import depot.core.error.DepotException;
import depot.core.model.Package;
import depot.core.model.PackageFile;
import depot.core.model.Project;
import depot.core.packages.PackageReads;
import depot.format.conan.ConanRequests.Target;
import depot.http.FormatRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** {@code conans/search} over the recipes the caller may read, and a recipe revision's binaries with their settings. */
final class ConanSearch {
    private static final Pattern WILDCARD = Pattern.compile("[^*?]+|\\*|\\?");

    void search(FormatRequest req) {
        String q = req.ctx().queryParam("q");
        boolean ignoreCase = !"false".equalsIgnoreCase(req.ctx().queryParam("ignorecase"));
        Pattern pattern = glob(q == null || q.isBlank() ? "*" : q, ignoreCase);
        List<Long> ids = req.readableProjects().stream().map(Project::id).toList();
        List<Package> matching = new ArrayList<>();
        for (Package p : req.services().reads().ofType(ids, ConanFormat.TYPE)) {
            if (!PackageReads.isVisible(p)) continue;
            ConanRef ref = refOf(p);
            if (pattern.matcher(ref.toString()).matches() || pattern.matcher(ref.name()).matches()
                    || pattern.matcher(ref.name() + "/" + ref.version()).matches()) {
                matching.add(p);
            }
        }
        // one query for the files of every match; a recipe is listed once a revision of it is complete
        Map<Long, List<PackageFile>> files = req.services().reads()
                .filesOf(matching.stream().map(Package::id).toList());
        java.util.TreeSet<String> results = new java.util.TreeSet<>();
        for (Package p : matching) {
            if (new Recipe(p, files.getOrDefault(p.id(), List.of())).latestRecipeRevision().isPresent()) {
                results.add(refOf(p).toString());
            }
        }
        json(req, ConanDocs.searchResults(List.copyOf(results)));
    }

    /** Conan's fnmatch patterns: {@code *} and {@code ?}; everything else literal. */
    static Pattern glob(String q, boolean ignoreCase) {
        if (q.length() > 300) throw new DepotException.Invalid("the search pattern is too long");
        StringBuilder regex = new StringBuilder();
        var m = WILDCARD.matcher(q);
        while (m.find()) {
            String t = m.group();
            regex.append(t.equals("*") ? ".*" : t.equals("?") ? "." : Pattern.quote(t));
        }
        return Pattern.compile(regex.toString(), ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0);
    }

    /** The binaries of a recipe revision (the latest when {@code rrevOrNull} is null), each at its latest revision. */
    void searchPackages(FormatRequest req, String rrevOrNull) throws IOException {
        Target t = target(req);
        Recipe r = existing(req, t);
        String rrev = rrevOrNull != null ? ConanRef.revision(rrevOrNull, "recipe revision")
                : r.latestRecipeRevision().map(Recipe.Revision::revision).orElseThrow(() -> notFound(t.ref()));
        if (!r.hasRecipeRevision(rrev)) throw notFound(t.ref() + "#" + rrev);
        List<ConanDocs.Binary> binaries = new ArrayList<>();
        for (String pid : r.packageIds(rrev)) {
            String prev = r.packageRevisions(rrev, pid).get(0).revision();
            Recipe.Stored info = r.packageFiles(rrev, pid, prev).get("conaninfo.txt");
            String text = info == null ? "" : readText(req.services(), info.file());
            binaries.add(new ConanDocs.Binary(pid, text, ConanFiles.conaninfo(text)));
        }
        json(req, ConanDocs.packageSearch(binaries));
    }
}
