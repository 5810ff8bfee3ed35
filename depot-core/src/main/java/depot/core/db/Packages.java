package depot.core.db;

import depot.core.model.ChangeStamp;
import depot.core.model.Package;
import depot.core.model.PackageFile;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;

/** Packages, their files, tags and events; reports and pending digests are read through their own classes. */
public final class Packages {
    /** Above this many projects, a lookup by name filters the name's rows instead of naming every project. */
    private static final int MANY_PROJECTS = 64;
    private final Jdbi jdbi;
    private final NameFilter names;
    private final PackageReports reports;
    private final PendingDigestRows pending;
    /**
     * A list's count of its matching packages (up to {@link Page#COUNT_LIMIT} + 1 index entries), by its filters, kept
     * while the packages counter stands: every page of a large list counted them again.
     */
    private final StampedCache<CountKey, Long> counts;

    private record CountKey(List<Long> projectIds, String type, String name, String version, String status,
                            boolean includeVersionless) {}

    /**
     * A change's new updated_at: now, or one millisecond past the last change when that is not earlier, so that
     * every change moves the stamps index documents are cached by, even two within one millisecond.
     */
    private static final String LATER = "(CASE WHEN updated_at >= :now THEN updated_at + 1 ELSE :now END)";

    public Packages(Database db) {
        this.jdbi = db.jdbi();
        this.names = NameFilter.of(db);
        this.reports = new PackageReports(jdbi, db.changeCounters());
        this.pending = new PendingDigestRows(jdbi);
        this.counts = new StampedCache<>(db.changeCounters()::packages, 1_000);
    }

    /** What pages and the API show about packages besides their rows: activity, usage, types, pipelines. */
    public PackageReports reports() {
        return reports;
    }

    /** The package file rows whose slower digests are still being computed. */
    public PendingDigestRows pending() {
        return pending;
    }

    public Optional<Package> find(long projectId, String type, String normalizedName, String version) {
        return jdbi.withHandle(h -> h.createQuery("""
                SELECT * FROM packages
                WHERE project_id = :p AND package_type = :t AND normalized_name = :n AND version = :v""")
                .bind("p", projectId).bind("t", type).bind("n", normalizedName).bind("v", version)
                .mapTo(Package.class).findOne());
    }

    public Optional<Package> get(long id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM packages WHERE id = :id").bind("id", id)
                .mapTo(Package.class).findOne());
    }

    /** All versions of one package name in the given projects, oldest first. */
    public List<Package> versions(List<Long> projectIds, String type, String normalizedName) {
        if (projectIds.isEmpty()) return List.of();
        if (projectIds.size() > MANY_PROJECTS) {
            // a group of hundreds of projects: a name lives in few of them, so find the name's rows by the
            // (type, name) index and keep those of the projects asked for, rather than probing every project
            java.util.Set<Long> wanted = new java.util.HashSet<>(projectIds);
            return jdbi.withHandle(h -> h.createQuery("""
                    SELECT * FROM packages WHERE package_type = :t AND normalized_name = :n ORDER BY created_at, id""")
                    .bind("t", type).bind("n", normalizedName).mapTo(Package.class).list())
                    .stream().filter(p -> wanted.contains(p.projectId())).toList();
        }
        return jdbi.withHandle(h -> h.createQuery("""
                SELECT * FROM packages WHERE project_id IN (<ids>) AND package_type = :t AND normalized_name = :n
                ORDER BY created_at, id""")
                .bindList("ids", projectIds).bind("t", type).bind("n", normalizedName).mapTo(Package.class).list());
    }

    /** Inserts a package and answers it as stored. */
    public Package insert(long projectId, String type, String name, String normalizedName, String version,
                          String status, String metadata, Long creatorId, Long ciJobId, long now) {
        return jdbi.withHandle(h -> {
            Package p = h.createQuery("""
                    INSERT INTO packages (project_id, package_type, name, normalized_name, version, status, metadata,
                                          creator_id, ci_job_id, created_at, updated_at, version_order)
                    VALUES (:p, :t, :name, :n, :v, :s, :m, :c, :j, :now, :now, :o) RETURNING *""")
                    .bind("o", depot.core.packages.VersionKey.of(version))
                    .bind("p", projectId).bind("t", type).bind("name", name).bind("n", normalizedName).bind("v", version)
                    .bind("s", status).bind("m", metadata).bind("c", creatorId).bind("j", ciJobId).bind("now", now)
                    .mapTo(Package.class).one();
            bumpTypeStamp(h, projectId, type, now);
            return p;
        });
    }

    /** Sets a package's status and metadata and answers it as stored afterwards. */
    public Package update(Package pkg, String status, String metadata, long now) {
        return jdbi.withHandle(h -> {
            Package p = h.createQuery("UPDATE packages SET status = :s, metadata = :m, updated_at = " + LATER
                            + " WHERE id = :id RETURNING *")
                    .bind("s", status).bind("m", metadata).bind("now", now).bind("id", pkg.id())
                    .mapTo(Package.class).one();
            bumpTypeStamp(h, pkg.projectId(), pkg.packageType(), now);
            return p;
        });
    }

    /** One stamp per project among {@code projectIds} that holds visible versions of the name. */
    public List<ChangeStamp> stamps(List<Long> projectIds, String type, String normalizedName) {
        if (projectIds.isEmpty()) return List.of();
        return jdbi.withHandle(h -> h.createQuery("""
                SELECT project_id, COUNT(*), MAX(updated_at), SUM(id), MAX(created_at) FROM packages
                WHERE project_id IN (<ids>) AND package_type = :t AND normalized_name = :n AND status = 'default'
                GROUP BY project_id""")
                .bindList("ids", projectIds).bind("t", type).bind("n", normalizedName)
                .map((rs, c) -> new ChangeStamp(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)))
                .list());
    }

    /** Tags of the versions of one package name in one project: tag name to package id. */
    public java.util.Map<String, Long> tags(long projectId, String type, String normalizedName) {
        java.util.Map<String, Long> out = new java.util.TreeMap<>();
        jdbi.useHandle(h -> h.createQuery("""
                SELECT t.name, t.package_id FROM package_tags t JOIN packages p ON p.id = t.package_id
                WHERE p.project_id = :p AND p.package_type = :t AND p.normalized_name = :n""")
                .bind("p", projectId).bind("t", type).bind("n", normalizedName)
                .map((rs, c) -> java.util.Map.entry(rs.getString(1), rs.getLong(2)))
                .forEach(e -> out.put(e.getKey(), e.getValue())));
        return out;
    }

    /** The tags of many packages, as GitLab's package JSON lists them (id, package_id, name, created_at). */
    public java.util.Map<Long, List<java.util.Map<String, Object>>> tagsOf(List<Long> packageIds) {
        java.util.Map<Long, List<java.util.Map<String, Object>>> out = new java.util.HashMap<>();
        if (packageIds.isEmpty()) return out;
        jdbi.useHandle(h -> h.createQuery(
                        "SELECT id, package_id, name, created_at FROM package_tags WHERE package_id IN (<ids>) ORDER BY name")
                .bindList("ids", packageIds)
                .map((rs, c) -> {
                    java.util.Map<String, Object> tag = new java.util.LinkedHashMap<>();
                    tag.put("id", rs.getLong(1));
                    tag.put("package_id", rs.getLong(2));
                    tag.put("name", rs.getString(3));
                    tag.put("created_at", java.time.Instant.ofEpochMilli(rs.getLong(4)).toString());
                    return tag;
                })
                .forEach(t -> out.computeIfAbsent((Long) t.get("package_id"), k -> new java.util.ArrayList<>()).add(t)));
        return out;
    }

    /** Points {@code tag} at one package, taking it from any other version of the same name in the project. */
    public void setTag(Package pkg, String tag, long now) {
        jdbi.useHandle(h -> {
            h.createUpdate("""
                    DELETE FROM package_tags WHERE name = :tag AND package_id IN (SELECT id FROM packages
                    WHERE project_id = :p AND package_type = :t AND normalized_name = :n)""")
                    .bind("tag", tag).bind("p", pkg.projectId()).bind("t", pkg.packageType())
                    .bind("n", pkg.normalizedName()).execute();
            h.createUpdate("INSERT INTO package_tags (package_id, name, created_at) VALUES (:id, :tag, :now)")
                    .bind("id", pkg.id()).bind("tag", tag).bind("now", now).execute();
            h.createUpdate("UPDATE packages SET updated_at = " + LATER + " WHERE id = :id")
                    .bind("now", now).bind("id", pkg.id()).execute();
            bumpTypeStamp(h, pkg.id(), now);
        });
    }

    /** Removes a tag from whichever version of the name holds it; false when none did. */
    public boolean deleteTag(long projectId, String type, String normalizedName, String tag, long now) {
        return jdbi.withHandle(h -> {
            List<Long> holders = h.createQuery("""
                    SELECT t.package_id FROM package_tags t JOIN packages p ON p.id = t.package_id
                    WHERE p.project_id = :p AND p.package_type = :t AND p.normalized_name = :n AND t.name = :tag""")
                    .bind("p", projectId).bind("t", type).bind("n", normalizedName).bind("tag", tag)
                    .mapTo(Long.class).list();
            for (long id : holders) {
                h.createUpdate("DELETE FROM package_tags WHERE package_id = :id AND name = :tag")
                        .bind("id", id).bind("tag", tag).execute();
                h.createUpdate("UPDATE packages SET updated_at = " + LATER + " WHERE id = :id")
                        .bind("now", now).bind("id", id).execute();
                bumpTypeStamp(h, id, now);
            }
            return !holders.isEmpty();
        });
    }

    /** Marks a package changed (a file of it went), so the stamps of the indexes that list it change. */
    public void touch(long id, long now) {
        jdbi.useHandle(h -> {
            h.createUpdate("UPDATE packages SET updated_at = " + LATER + " WHERE id = :id")
                    .bind("now", now).bind("id", id).execute();
            bumpTypeStamp(h, id, now);
        });
    }

    /**
     * The stamp of every package of a type in the projects (an index of names: PyPI's /simple): the sum of their
     * change counters, which only grow, so for one set of projects any change of a package row gives a new sum.
     */
    public ChangeStamp typeStamp(List<Long> projectIds, String type) {
        if (projectIds.isEmpty()) return new ChangeStamp(0, 0, 0, 0, 0);
        return jdbi.withHandle(h -> h.createQuery("""
                SELECT COALESCE(SUM(changes), 0), COALESCE(MAX(updated_at), 0) FROM package_type_stamps
                WHERE project_id IN (<ids>) AND package_type = :t""")
                .bindList("ids", projectIds).bind("t", type)
                .map((rs, c) -> new ChangeStamp(0, rs.getLong(1), rs.getLong(2), 0, 0)).one());
    }

    /** Deletes the row, then moves its type's stamp (read first: the row is gone afterwards). */
    public void delete(long id) {
        jdbi.useHandle(h -> {
            Optional<java.util.Map.Entry<Long, String>> of = h.createQuery(
                            "SELECT project_id, package_type FROM packages WHERE id = :id").bind("id", id)
                    .map((rs, c) -> java.util.Map.entry(rs.getLong(1), rs.getString(2))).findOne();
            h.createUpdate("DELETE FROM packages WHERE id = :id").bind("id", id).execute();
            of.ifPresent(e -> bumpTypeStamp(h, e.getKey(), e.getValue(), 0));
        });
    }

    private static void bumpTypeStamp(Handle h, long packageId, long now) {
        h.createQuery("SELECT project_id, package_type FROM packages WHERE id = :id").bind("id", packageId)
                .map((rs, c) -> java.util.Map.entry(rs.getLong(1), rs.getString(2))).findOne()
                .ifPresent(e -> bumpTypeStamp(h, e.getKey(), e.getValue(), now));
    }

    /**
     * Runs after the change it records: a reader that sees the new count also sees the change, so a rendering cached
     * under a stamp is never older than the stamp (the reverse order could cache the old index under the new stamp).
     */
    private static void bumpTypeStamp(Handle h, long projectId, String type, long now) {
        h.createUpdate("""
                INSERT INTO package_type_stamps (project_id, package_type, changes, updated_at) VALUES (:p, :t, 1, :now)
                ON CONFLICT (project_id, package_type) DO UPDATE SET changes = package_type_stamps.changes + 1,
                    updated_at = CASE WHEN package_type_stamps.updated_at >= :now
                                      THEN package_type_stamps.updated_at ELSE :now END""")
                .bind("p", projectId).bind("t", type).bind("now", now).execute();
    }

    public Page<Package> list(PackageQuery q) {
        if (q.projectIds().isEmpty()) return new Page<>(List.of(), 0L, q.page(), q.perPage(), false);
        String name = q.name() == null ? null : q.name().toLowerCase();
        // no stored name holds a NUL (PostgreSQL cannot store one), and SQLite would end the text there
        if (name != null && name.indexOf('\0') >= 0) return new Page<>(List.of(), 0L, q.page(), q.perPage(), false);
        String filters = " WHERE p.project_id IN (<ids>)"
                + (q.type() == null ? "" : " AND p.package_type = :type")
                + (name == null ? "" : " AND LOWER(p.name) LIKE :name ESCAPE '!'")
                + (q.version() == null ? "" : " AND p.version = :version")
                + (q.status() == null ? " AND p.status IN ('default', 'error')" : " AND p.status = :status")
                + (q.includeVersionless() ? "" : " AND p.version <> ''");
        return jdbi.withHandle(h -> {
            NameFilter.Source source = names.source(h, name);
            String from = " FROM " + source.sql()
                    + (q.orderBy().equals("project_path") ? " JOIN projects pr ON pr.id = p.project_id" : "");
            long offset = (long) (q.page() - 1) * q.perPage();
            List<Package> items = bindFilters(h.createQuery("SELECT p.*" + from + filters + " ORDER BY " + q.orderColumn()
                    + " " + q.sort() + ", p.id " + q.sort() + " LIMIT :limit OFFSET :offset"), q, name, source)
                    .bind("limit", q.perPage() + 1).bind("offset", offset)
                    .mapTo(Package.class).list();
            boolean hasNext = items.size() > q.perPage();
            // the last page (a filter that finds a few packages, most often) tells the total itself: no count
            long counted = !hasNext && (offset == 0 || !items.isEmpty()) ? offset + items.size()
                    : counts.get(new CountKey(List.copyOf(q.projectIds()), q.type(), name, q.version(), q.status(),
                            q.includeVersionless()), () -> bindFilters(h.createQuery("SELECT COUNT(*) FROM (SELECT 1 FROM "
                            + source.sql() + filters + " LIMIT " + (Page.COUNT_LIMIT + 1) + ") c"), q, name, source)
                            .mapTo(Long.class).one());
            return new Page<>(hasNext ? items.subList(0, q.perPage()) : items,
                    counted > Page.COUNT_LIMIT ? null : counted, q.page(), q.perPage(), hasNext);
        });
    }

    private static Query bindFilters(Query query, PackageQuery q, String name, NameFilter.Source source) {
        query.bindList("ids", q.projectIds()).bindMap(source.parameters());
        if (q.type() != null) query.bind("type", q.type());
        if (name != null) query.bind("name", "%" + likeEscape(name) + "%");
        if (q.version() != null) query.bind("version", q.version());
        if (q.status() != null) query.bind("status", q.status());
        return query;
    }

    private static String likeEscape(String s) {
        return s.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }

    public long insertFile(long packageId, String fileName, long size, String sha256, String md5, String sha1,
                           String sha512, String metadata, Long ciJobId, long now) {
        return jdbi.withHandle(h -> h.createQuery("""
                INSERT INTO package_files (package_id, file_name, size, sha256, md5, sha1, sha512, metadata, ci_job_id,
                                           created_at)
                VALUES (:p, :f, :size, :sha256, :md5, :sha1, :sha512, :m, :j, :now) RETURNING id""")
                .bind("p", packageId).bind("f", fileName).bind("size", size).bind("sha256", sha256).bind("md5", md5)
                .bind("sha1", sha1).bind("sha512", sha512).bind("m", metadata).bind("j", ciJobId).bind("now", now)
                .mapTo(Long.class).one());
    }

    public List<PackageFile> files(long packageId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM package_files WHERE package_id = :p ORDER BY id")
                .bind("p", packageId).mapTo(PackageFile.class).list());
    }

    /** The files of a package with one of these names, oldest first (an index range, not the whole package). */
    public List<PackageFile> files(long packageId, java.util.Collection<String> fileNames) {
        if (fileNames.isEmpty()) return List.of();
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT * FROM package_files WHERE package_id = :p AND file_name IN (<names>) ORDER BY id")
                .bind("p", packageId).bindList("names", List.copyOf(fileNames)).mapTo(PackageFile.class).list());
    }

    /** The files of many packages in one query, by package id, oldest first. */
    public java.util.Map<Long, List<PackageFile>> filesOf(List<Long> packageIds) {
        java.util.Map<Long, List<PackageFile>> out = new java.util.HashMap<>();
        if (packageIds.isEmpty()) return out;
        jdbi.useHandle(h -> h.createQuery("SELECT * FROM package_files WHERE package_id IN (<ids>) ORDER BY id")
                .bindList("ids", packageIds).mapTo(PackageFile.class)
                .forEach(f -> out.computeIfAbsent(f.packageId(), k -> new java.util.ArrayList<>()).add(f)));
        return out;
    }

    /** A file of a visible package of this type in one of the projects, by content digest and name. */
    public Optional<PackageFile> fileByDigest(List<Long> projectIds, String type, String sha256, String fileName) {
        if (projectIds.isEmpty()) return Optional.empty();
        return jdbi.withHandle(h -> h.createQuery("""
                SELECT f.* FROM package_files f JOIN packages p ON p.id = f.package_id
                WHERE f.sha256 = :s AND f.file_name = :f AND p.project_id IN (<ids>) AND p.package_type = :t
                  AND p.status = 'default'
                ORDER BY f.id DESC LIMIT 1""")
                .bind("s", sha256).bind("f", fileName).bindList("ids", projectIds).bind("t", type)
                .mapTo(PackageFile.class).findOne());
    }

    /** Every visible package of a type in the projects, oldest first: one query for a whole feed (NuGet search). */
    public List<Package> ofType(List<Long> projectIds, String type) {
        if (projectIds.isEmpty()) return List.of();
        return jdbi.withHandle(h -> h.createQuery("""
                SELECT * FROM packages WHERE project_id IN (<ids>) AND package_type = :t AND status = 'default'
                ORDER BY created_at, id""")
                .bindList("ids", projectIds).bind("t", type).mapTo(Package.class).list());
    }

    /** Files of visible packages of a type in the projects whose name is {@code fileName} in any case, newest first. */
    public List<PackageFile> filesNamed(List<Long> projectIds, String type, String fileName) {
        if (projectIds.isEmpty()) return List.of();
        return jdbi.withHandle(h -> h.createQuery("""
                SELECT f.* FROM package_files f JOIN packages p ON p.id = f.package_id
                WHERE LOWER(f.file_name) = :f AND p.project_id IN (<ids>) AND p.package_type = :t
                  AND p.status = 'default'
                ORDER BY f.id DESC LIMIT 100""")
                .bind("f", fileName.toLowerCase(java.util.Locale.ROOT)).bindList("ids", projectIds).bind("t", type)
                .mapTo(PackageFile.class).list());
    }

    /**
     * Visible packages of a type in the projects named directly below {@code parent} ({@code parent/x}, not
     * {@code parent/x/y}) whose metadata JSON contains {@code metadataText} (a Maven groupId's plugins: packaging
     * {@code maven-plugin}), oldest first.
     */
    public List<Package> childrenOf(List<Long> projectIds, String type, String parent, String metadataText) {
        if (projectIds.isEmpty()) return List.of();
        String prefix = like(parent) + "/";
        return jdbi.withHandle(h -> h.createQuery("""
                SELECT * FROM packages WHERE project_id IN (<ids>) AND package_type = :t AND status = 'default'
                  AND normalized_name LIKE :below ESCAPE '!' AND normalized_name NOT LIKE :deeper ESCAPE '!'
                  AND metadata LIKE :m ESCAPE '!'
                ORDER BY created_at, id""")
                .bindList("ids", projectIds).bind("t", type).bind("below", prefix + "%").bind("deeper", prefix + "%/%")
                .bind("m", "%" + like(metadataText) + "%").mapTo(Package.class).list());
    }

    private static String like(String s) {
        return s.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }

    /** The distinct names of visible packages of a type in the projects, sorted. */
    public List<String> names(List<Long> projectIds, String type) {
        if (projectIds.isEmpty()) return List.of();
        return jdbi.withHandle(h -> h.createQuery("""
                SELECT DISTINCT name FROM packages WHERE project_id IN (<ids>) AND package_type = :t
                  AND status = 'default' ORDER BY name""")
                .bindList("ids", projectIds).bind("t", type).mapTo(String.class).list());
    }

    public Optional<PackageFile> file(long id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM package_files WHERE id = :id")
                .bind("id", id).mapTo(PackageFile.class).findOne());
    }

    public void deleteFile(long id) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM package_files WHERE id = :id").bind("id", id).execute());
    }

    public void deleteFiles(long packageId, String fileName) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM package_files WHERE package_id = :p AND file_name = :f")
                .bind("p", packageId).bind("f", fileName).execute());
    }

    public void insertEvent(long projectId, Long packageId, String type, String name, String version, String action,
                            Long userId, Long deployTokenId, Long ciJobId, long now) {
        jdbi.useHandle(h -> h.createUpdate("""
                INSERT INTO package_events (project_id, package_id, package_type, package_name, package_version, action,
                                            user_id, deploy_token_id, ci_job_id, created_at)
                VALUES (:p, :pkg, :t, :n, :v, :a, :u, :d, :j, :now)""")
                .bind("p", projectId).bind("pkg", packageId).bind("t", type).bind("n", name).bind("v", version)
                .bind("a", action).bind("u", userId).bind("d", deployTokenId).bind("j", ciJobId).bind("now", now)
                .execute());
    }
}
