package depot.core.db;

import java.util.List;
import org.jdbi.v3.core.Jdbi;

/** Read-only views of packages for pages and the API: activity, storage per project, types present, pipelines. */
public final class PackageReports {
    private final Jdbi jdbi;

    /**
     * The list pages' type tabs, per list of projects and of candidate types, while no package changed: a tab's count
     * reads up to {@code COUNT_LIMIT + 1} index entries per type, which on a project of 100,000 packages made the web
     * UI's list page a quarter as fast.
     */
    private final StampedCache<List<Object>, java.util.Map<String, Long>> typeCounts;

    PackageReports(Jdbi jdbi, ChangeCounters counters) {
        this.jdbi = jdbi;
        this.typeCounts = new StampedCache<>(counters::packages, 1_000);
    }

    /** One row of a package's activity. */
    public record Event(String action, Long userId, Long deployTokenId, Long ciJobId, long createdAt) {}

    /** A package's activity, newest first (its newest 1,000 events). */
    public List<Event> events(long packageId) {
        return jdbi.withHandle(h -> h.createQuery("""
                SELECT action, user_id, deploy_token_id, ci_job_id, created_at FROM package_events
                WHERE package_id = :p ORDER BY created_at DESC, id DESC LIMIT 1000""")
                .bind("p", packageId)
                .map((rs, c) -> new Event(rs.getString(1), nullableLong(rs, 2), nullableLong(rs, 3), nullableLong(rs, 4),
                        rs.getLong(5)))
                .list());
    }

    private static Long nullableLong(java.sql.ResultSet rs, int column) throws java.sql.SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    /** Storage per project: packages, files and their bytes (a blob shared by two files counts twice). */
    public record Usage(long projectId, long packages, long files, long bytes) {}

    public List<Usage> usageByProject() {
        return jdbi.withHandle(h -> h.createQuery("""
                SELECT p.project_id, COUNT(DISTINCT p.id), COUNT(f.id), COALESCE(SUM(f.size), 0)
                FROM packages p LEFT JOIN package_files f ON f.package_id = p.id
                GROUP BY p.project_id ORDER BY 4 DESC""")
                .map((rs, c) -> new Usage(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4))).list());
    }

    /** Storage of one project in one package type. */
    public record TypeUsage(long projectId, String type, long packages, long files, long bytes) {}

    /** Storage per project and package type, of the given projects (a blob shared by two files counts twice). */
    public List<TypeUsage> usageByType(List<Long> projectIds) {
        if (projectIds.isEmpty()) return List.of();
        return jdbi.withHandle(h -> h.createQuery("""
                SELECT p.project_id, p.package_type, COUNT(DISTINCT p.id), COUNT(f.id), COALESCE(SUM(f.size), 0)
                FROM packages p LEFT JOIN package_files f ON f.package_id = p.id
                WHERE p.project_id IN (<ids>) GROUP BY p.project_id, p.package_type""")
                .bindList("ids", projectIds)
                .map((rs, c) -> new TypeUsage(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)))
                .list());
    }

    /**
     * How many visible packages of each of {@code candidates} the projects hold, for the types they hold any of, in
     * the order given. Each count stops at {@link Page#COUNT_LIMIT} + 1 (shown as "10,000+"), so a tab costs at most
     * that many index entries however large the project.
     */
    public java.util.Map<String, Long> typeCounts(List<Long> projectIds, List<String> candidates) {
        if (projectIds.isEmpty()) return java.util.Map.of();
        return typeCounts.get(List.of(List.copyOf(projectIds), List.copyOf(candidates)),
                () -> countTypes(projectIds, candidates));
    }

    private java.util.Map<String, Long> countTypes(List<Long> projectIds, List<String> candidates) {
        java.util.Map<String, Long> out = new java.util.LinkedHashMap<>();
        jdbi.useHandle(h -> {
            for (String type : candidates) {
                long n = h.createQuery("SELECT COUNT(*) FROM (SELECT 1 FROM packages WHERE project_id IN (<ids>)"
                                + " AND package_type = :t AND status IN ('default', 'error') LIMIT "
                                + (Page.COUNT_LIMIT + 1) + ") c")
                        .bindList("ids", projectIds).bind("t", type).mapTo(Long.class).one();
                if (n > 0) out.put(type, n);
            }
        });
        return java.util.Collections.unmodifiableMap(out);
    }

    /** For each of the packages, the CI job ids that published it or its files, newest first. */
    public java.util.Map<Long, List<Long>> jobIds(List<Long> packageIds) {
        java.util.Map<Long, List<Long>> out = new java.util.HashMap<>();
        if (packageIds.isEmpty()) return out;
        jdbi.useHandle(h -> h.createQuery("""
                SELECT DISTINCT package_id, ci_job_id FROM package_files
                WHERE package_id IN (<ids>) AND ci_job_id IS NOT NULL
                UNION SELECT id, ci_job_id FROM packages WHERE id IN (<ids>) AND ci_job_id IS NOT NULL""")
                .bindList("ids", packageIds)
                .map((rs, ctx) -> java.util.Map.entry(rs.getLong(1), rs.getLong(2)))
                .forEach(e -> out.computeIfAbsent(e.getKey(), k -> new java.util.ArrayList<>()).add(e.getValue())));
        out.values().forEach(l -> l.sort(java.util.Comparator.reverseOrder()));
        return out;
    }

    /** Every package file row (tests check that a refused upload left none behind). */
    public long countFiles() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM package_files").mapTo(Long.class).one());
    }
}
