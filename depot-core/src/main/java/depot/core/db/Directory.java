package depot.core.db;

import depot.core.model.Member;
import depot.core.model.Namespace;
import depot.core.model.Project;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Namespaces (users' and groups'), projects, memberships and the per-namespace package settings. What every request
 * looks up (a project or group by id or path, memberships, settings) is cached under the directory's {@link ChangeCounters change counter}.
 */
public final class Directory implements DirectoryReads {
    private static final int ROWS = 10_000;
    private static final int LISTS = 256;
    private final Jdbi jdbi;
    private final StampedCache<Long, Optional<Namespace>> namespaces;
    private final StampedCache<String, Optional<Namespace>> namespacesByPath;
    private final StampedCache<Long, Optional<Project>> projects;
    private final StampedCache<String, Optional<Project>> projectsByPath;
    private final StampedCache<String, Optional<Member>> members;
    private final StampedCache<String, Optional<String>> settings;
    private final StampedCache<Long, Optional<String>> packageSettings;
    private final StampedCache<Long, List<Long>> descendants;
    private final StampedCache<List<Long>, List<Project>> projectsIn;

    public Directory(Database database) {
        this.jdbi = database.jdbi();
        ChangeCounters counters = database.changeCounters();
        java.util.function.LongSupplier stamp = counters::directory;
        namespaces = new StampedCache<>(stamp, ROWS);
        namespacesByPath = new StampedCache<>(stamp, ROWS);
        projects = new StampedCache<>(stamp, ROWS);
        projectsByPath = new StampedCache<>(stamp, ROWS);
        members = new StampedCache<>(stamp, ROWS);
        settings = new StampedCache<>(stamp, LISTS, true);
        packageSettings = new StampedCache<>(stamp, ROWS, true);
        descendants = new StampedCache<>(stamp, LISTS);
        projectsIn = new StampedCache<>(stamp, LISTS);
    }

    public long insertNamespace(String kind, String name, String path, String fullPath, Long parentId,
                                String visibility, String description, long now) {
        return jdbi.withHandle(h -> h.createQuery("""
                INSERT INTO namespaces (kind, name, path, full_path, parent_id, visibility, description, created_at)
                VALUES (:kind, :name, :path, :fullPath, :parent, :vis, :desc, :now) RETURNING id""")
                .bind("kind", kind).bind("name", name).bind("path", path).bind("fullPath", fullPath)
                .bind("parent", parentId).bind("vis", visibility).bind("desc", description).bind("now", now)
                .mapTo(Long.class).one());
    }

    public Optional<Namespace> namespace(long id) {
        return namespaces.get(id, () -> jdbi.withHandle(h -> h.createQuery("SELECT * FROM namespaces WHERE id = :id").bind("id", id)
                .mapTo(Namespace.class).findOne()));
    }

    public Optional<Namespace> namespaceByPath(String fullPath) {
        return namespacesByPath.get(fullPath.toLowerCase(Locale.ROOT), () -> jdbi.withHandle(h -> h.createQuery(
                        "SELECT * FROM namespaces WHERE LOWER(full_path) = LOWER(:p)")
                .bind("p", fullPath).mapTo(Namespace.class).findOne()));
    }

    public List<Namespace> groups() {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM namespaces WHERE kind = 'group' ORDER BY id")
                .mapTo(Namespace.class).list());
    }

    public List<Namespace> subgroups(long parentId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM namespaces WHERE parent_id = :p ORDER BY id")
                .bind("p", parentId).mapTo(Namespace.class).list());
    }

    /** The namespace and all of its ancestors, nearest first. */
    public List<Namespace> lineage(long namespaceId) {
        List<Namespace> chain = new ArrayList<>();
        Optional<Namespace> current = namespace(namespaceId);
        while (current.isPresent() && chain.size() < 64) {
            chain.add(current.get());
            Long parent = current.get().parentId();
            current = parent == null ? Optional.empty() : namespace(parent);
        }
        return chain;
    }

    /** The ids of a namespace and every namespace below it. */
    public List<Long> descendantIds(long namespaceId) {
        return descendants.get(namespaceId, () -> List.copyOf(readDescendantIds(namespaceId)));
    }

    private List<Long> readDescendantIds(long namespaceId) {
        List<Long> ids = new ArrayList<>();
        List<Long> frontier = List.of(namespaceId);
        while (!frontier.isEmpty() && ids.size() < 100_000) {
            ids.addAll(frontier);
            List<Long> next = new ArrayList<>();
            for (Long id : frontier) {
                next.addAll(jdbi.withHandle(h -> h.createQuery("SELECT id FROM namespaces WHERE parent_id = :p")
                        .bind("p", id).mapTo(Long.class).list()));
            }
            frontier = next;
        }
        return ids;
    }

    public void deleteNamespace(long id) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM namespaces WHERE id = :id").bind("id", id).execute());
    }

    public long insertProject(long namespaceId, String name, String path, String fullPath, String visibility,
                              boolean packagesEnabled, String description, Long creatorId, long now) {
        return jdbi.withHandle(h -> h.createQuery("""
                INSERT INTO projects (namespace_id, name, path, full_path, visibility, packages_enabled, description,
                                      creator_id, created_at)
                VALUES (:ns, :name, :path, :fullPath, :vis, :enabled, :desc, :creator, :now) RETURNING id""")
                .bind("ns", namespaceId).bind("name", name).bind("path", path).bind("fullPath", fullPath)
                .bind("vis", visibility).bind("enabled", packagesEnabled).bind("desc", description)
                .bind("creator", creatorId).bind("now", now).mapTo(Long.class).one());
    }

    public Optional<Project> project(long id) {
        return projects.get(id, () -> jdbi.withHandle(h -> h.createQuery("SELECT * FROM projects WHERE id = :id")
                .bind("id", id).mapTo(Project.class).findOne()));
    }

    public Optional<Project> projectByPath(String fullPath) {
        return projectsByPath.get(fullPath.toLowerCase(Locale.ROOT), () -> jdbi.withHandle(h -> h.createQuery(
                        "SELECT * FROM projects WHERE LOWER(full_path) = LOWER(:p)")
                .bind("p", fullPath).mapTo(Project.class).findOne()));
    }

    /** The projects among the given full paths (any case), longest path first. */
    public List<Project> projectsByPaths(List<String> fullPaths) {
        if (fullPaths.isEmpty()) return List.of();
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT * FROM projects WHERE LOWER(full_path) IN (<p>) ORDER BY LENGTH(full_path) DESC")
                .bindList("p", fullPaths.stream().map(x -> x.toLowerCase(java.util.Locale.ROOT)).toList())
                .mapTo(Project.class).list());
    }

    public List<Project> projects() {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM projects ORDER BY id").mapTo(Project.class).list());
    }

    public List<Project> projectsIn(List<Long> namespaceIds) {
        if (namespaceIds.isEmpty()) return List.of();
        return projectsIn.get(List.copyOf(namespaceIds), () -> List.copyOf(jdbi.withHandle(h -> h.createQuery(
                        "SELECT * FROM projects WHERE namespace_id IN (<ids>) ORDER BY id")
                .bindList("ids", namespaceIds).mapTo(Project.class).list())));
    }

    public void updateProject(long id, String name, String visibility, boolean packagesEnabled, String description) {
        jdbi.useHandle(h -> h.createUpdate("""
                UPDATE projects SET name = :name, visibility = :vis, packages_enabled = :enabled, description = :desc
                WHERE id = :id""")
                .bind("name", name).bind("vis", visibility).bind("enabled", packagesEnabled)
                .bind("desc", description).bind("id", id).execute());
    }

    public void setProjectPath(long id, String path, String fullPath) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE projects SET path = :path, full_path = :full WHERE id = :id")
                .bind("path", path).bind("full", fullPath).bind("id", id).execute());
    }

    public void updateNamespace(long id, String name, String visibility, String description) {
        jdbi.useHandle(h -> h.createUpdate(
                        "UPDATE namespaces SET name = :name, visibility = :vis, description = :desc WHERE id = :id")
                .bind("name", name).bind("vis", visibility).bind("desc", description).bind("id", id).execute());
    }

    public void deleteProject(long id) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM projects WHERE id = :id").bind("id", id).execute());
    }

    public void upsertMember(String sourceType, long sourceId, long userId, int accessLevel, Long expiresAt, long now) {
        jdbi.useHandle(h -> h.createUpdate("""
                INSERT INTO members (source_type, source_id, user_id, access_level, expires_at, created_at)
                VALUES (:t, :s, :u, :level, :exp, :now)
                ON CONFLICT (source_type, source_id, user_id) DO UPDATE
                SET access_level = excluded.access_level, expires_at = excluded.expires_at""")
                .bind("t", sourceType).bind("s", sourceId).bind("u", userId).bind("level", accessLevel)
                .bind("exp", expiresAt).bind("now", now).execute());
    }

    public Optional<Member> member(String sourceType, long sourceId, long userId) {
        return members.get(sourceType + ":" + sourceId + ":" + userId, () -> jdbi.withHandle(h -> h.createQuery(
                        "SELECT * FROM members WHERE source_type = :t AND source_id = :s AND user_id = :u")
                .bind("t", sourceType).bind("s", sourceId).bind("u", userId).mapTo(Member.class).findOne()));
    }

    public List<Member> members(String sourceType, long sourceId) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT * FROM members WHERE source_type = :t AND source_id = :s ORDER BY id")
                .bind("t", sourceType).bind("s", sourceId).mapTo(Member.class).list());
    }

    public List<Member> membershipsOf(long userId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM members WHERE user_id = :u")
                .bind("u", userId).mapTo(Member.class).list());
    }

    public boolean deleteMember(String sourceType, long sourceId, long userId) {
        return jdbi.withHandle(h -> h.createUpdate(
                        "DELETE FROM members WHERE source_type = :t AND source_id = :s AND user_id = :u")
                .bind("t", sourceType).bind("s", sourceId).bind("u", userId).execute()) > 0;
    }

    public Optional<String> packageSettings(long namespaceId) {
        return packageSettings.get(namespaceId, () -> jdbi.withHandle(h -> h.createQuery(
                        "SELECT settings FROM namespace_package_settings WHERE namespace_id = :n")
                .bind("n", namespaceId).mapTo(String.class).findOne()));
    }

    public void savePackageSettings(long namespaceId, String json) {
        jdbi.useHandle(h -> h.createUpdate("""
                INSERT INTO namespace_package_settings (namespace_id, settings) VALUES (:n, :s)
                ON CONFLICT (namespace_id) DO UPDATE SET settings = excluded.settings""")
                .bind("n", namespaceId).bind("s", json).execute());
    }

    public Optional<String> setting(String name) {
        return settings.get(name, () -> jdbi.withHandle(h -> h.createQuery("SELECT value FROM settings WHERE name = :n")
                .bind("n", name).mapTo(String.class).findOne()));
    }

    public void saveSetting(String name, String value) {
        jdbi.useHandle(h -> h.createUpdate("""
                INSERT INTO settings (name, value) VALUES (:n, :v)
                ON CONFLICT (name) DO UPDATE SET value = excluded.value""")
                .bind("n", name).bind("v", value).execute());
    }

    /** The stored value of a setting, storing {@code value} first when there is none (the first node to ask wins). */
    public String settingIfAbsent(String name, String value) {
        // a plain read first: every start asks for keys made once, and a write transaction costs a commit
        Optional<String> present = setting(name);
        if (present.isPresent()) return present.get();
        return jdbi.inTransaction(h -> {
            h.createUpdate("INSERT INTO settings (name, value) VALUES (:n, :v) ON CONFLICT (name) DO NOTHING")
                    .bind("n", name).bind("v", value).execute();
            return h.createQuery("SELECT value FROM settings WHERE name = :n").bind("n", name).mapTo(String.class).one();
        });
    }
}
