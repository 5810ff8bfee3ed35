package depot.format.conan;

import depot.core.model.Package;
import depot.core.model.PackageFile;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * One stored recipe (a package row: name, version, user, channel) and its files, grouped into Conan's revisions.
 * Each file's metadata names its slot: {@code rrev}, and for binaries {@code pid} and {@code prev}. A revision
 * exists for clients once its {@code conanmanifest.txt} is stored — Conan uploads that file last — so a revision
 * cut off mid-upload is never listed or served. A revision's time is its manifest's.
 */
final class Recipe {
    /** Depot's own stored metadata; names as long as stored ones may be (older uploads had no path limit). */
    static final ObjectMapper JSON = JsonMapper.builder(tools.jackson.core.json.JsonFactory.builder()
            .streamReadConstraints(tools.jackson.core.StreamReadConstraints.builder().maxNameLength(4 << 20).build())
            .build()).build();
    static final String MANIFEST = "conanmanifest.txt";
    private final Package pkg;
    private final List<Stored> files;

    /** A file with its slot; {@code pid} and {@code prev} are null for recipe files. */
    record Stored(PackageFile file, String rrev, String pid, String prev, JsonNode meta) {
        boolean recipe() { return pid == null; }

        boolean in(String rrev, String pid, String prev) {
            return this.rrev.equals(rrev) && java.util.Objects.equals(this.pid, pid)
                    && java.util.Objects.equals(this.prev, prev);
        }
    }

    /** A revision and the time it was completed (epoch milliseconds). */
    record Revision(String revision, long time, long order) {}

    Recipe(Package pkg, List<PackageFile> files) {
        this.pkg = pkg;
        List<Stored> list = new ArrayList<>();
        for (PackageFile f : files) {
            Stored s = stored(f);
            if (s != null) list.add(s);
        }
        this.files = list;
    }

    /** A file with the slot its metadata names, or null for a file without one. */
    static Stored stored(PackageFile f) {
        if (f.metadata() == null) return null;
        JsonNode m = JSON.readTree(f.metadata());
        if (!m.path("rrev").isString()) return null;
        return new Stored(f, m.get("rrev").asString(), m.path("pid").asString(null), m.path("prev").asString(null), m);
    }

    Package pkg() { return pkg; }

    List<Stored> all() { return files; }

    /** Complete recipe revisions, newest first. */
    List<Revision> recipeRevisions() {
        return revisions(files.stream().filter(Stored::recipe).toList(), s -> s.rrev);
    }

    Optional<Revision> latestRecipeRevision() { return recipeRevisions().stream().findFirst(); }

    boolean hasRecipeRevision(String rrev) {
        return recipeRevisions().stream().anyMatch(r -> r.revision().equals(rrev));
    }

    /** The files of a complete recipe revision, by name; empty when it is unknown or incomplete. */
    Map<String, Stored> recipeFiles(String rrev) {
        if (!hasRecipeRevision(rrev)) return Map.of();
        return byName(files.stream().filter(s -> s.in(rrev, null, null)).toList());
    }

    /** Package ids with at least one complete revision under a recipe revision, sorted. */
    List<String> packageIds(String rrev) {
        TreeSet<String> ids = new TreeSet<>();
        for (Stored s : files) {
            if (!s.recipe() && s.rrev.equals(rrev) && s.file().fileName().equals(MANIFEST)) ids.add(s.pid);
        }
        return List.copyOf(ids);
    }

    /** Complete revisions of one binary, newest first. */
    List<Revision> packageRevisions(String rrev, String pid) {
        return revisions(files.stream().filter(s -> !s.recipe() && s.rrev.equals(rrev) && s.pid.equals(pid)).toList(),
                s -> s.prev);
    }

    Map<String, Stored> packageFiles(String rrev, String pid, String prev) {
        if (packageRevisions(rrev, pid).stream().noneMatch(r -> r.revision().equals(prev))) return Map.of();
        return byName(files.stream().filter(s -> s.in(rrev, pid, prev)).toList());
    }

    private static Map<String, Stored> byName(List<Stored> list) {
        Map<String, Stored> map = new LinkedHashMap<>();
        list.stream().sorted(Comparator.comparing((Stored s) -> s.file().fileName())
                        .thenComparing(s -> s.file().id()))
                .forEach(s -> map.put(s.file().fileName(), s));
        return map;
    }

    private static List<Revision> revisions(List<Stored> slot, java.util.function.Function<Stored, String> key) {
        Map<String, Revision> found = new LinkedHashMap<>();
        for (Stored s : slot) {
            if (!s.file().fileName().equals(MANIFEST)) continue;
            Revision r = new Revision(key.apply(s), s.file().createdAt(), s.file().id());
            found.merge(r.revision(), r, (a, b) -> a.order() > b.order() ? a : b);
        }
        List<Revision> list = new ArrayList<>(found.values());
        list.sort(Comparator.comparingLong(Revision::time).thenComparingLong(Revision::order).reversed());
        return list;
    }
}
