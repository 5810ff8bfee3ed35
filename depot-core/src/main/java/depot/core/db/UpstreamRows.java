package depot.core.db;

import depot.core.upstream.CacheEntry;
import depot.core.upstream.Upstream;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** The {@code upstreams} and {@code upstream_cache_entries} tables. Thread-safe. */
public final class UpstreamRows {
    private static final String UPSTREAM = """
            SELECT id, namespace_id, package_type, position, name, description, url, username, password,
                   cache_validity_hours, metadata_cache_validity_hours, created_at, updated_at FROM upstreams""";
    private static final String ENTRY = """
            SELECT id, upstream_id, relative_path, kind, sha256, size, content_type, upstream_etag,
                   upstream_checked_at, created_at, downloads_count FROM upstream_cache_entries""";
    private final Jdbi jdbi;

    public UpstreamRows(Jdbi jdbi) { this.jdbi = jdbi; }

    /** The upstreams of a group ({@code namespaceId}) or of the instance (null) for a type, in their order. */
    public List<Upstream> of(Long namespaceId, String type) {
        return jdbi.withHandle(h -> {
            var q = h.createQuery(UPSTREAM + " WHERE " + owner(namespaceId)
                    + (type == null ? "" : " AND package_type = :t") + " ORDER BY package_type, position, id");
            if (namespaceId != null) q.bind("n", namespaceId);
            if (type != null) q.bind("t", type);
            return q.map(UpstreamRows::upstream).list();
        });
    }

    public Optional<Upstream> find(long id) {
        return jdbi.withHandle(h -> h.createQuery(UPSTREAM + " WHERE id = :id").bind("id", id)
                .map(UpstreamRows::upstream).findOne());
    }

    /** Adds {@code u} last in its owner's list for its type; answers it with its id and position. */
    public Upstream insert(Upstream u) {
        return jdbi.inTransaction(h -> {
            var max = h.createQuery("SELECT COALESCE(MAX(position), 0) + 1 FROM upstreams WHERE "
                    + owner(u.namespaceId()) + " AND package_type = :t").bind("t", u.packageType());
            if (u.namespaceId() != null) max.bind("n", u.namespaceId());
            int position = max.mapTo(Integer.class).one();
            long id = h.createUpdate("""
                    INSERT INTO upstreams (namespace_id, package_type, position, name, description, url, username,
                        password, cache_validity_hours, metadata_cache_validity_hours, created_at, updated_at)
                    VALUES (:n, :t, :position, :name, :description, :url, :username, :password, :hours, :metaHours,
                        :now, :now)""")
                    .bind("n", u.namespaceId()).bind("t", u.packageType()).bind("position", position)
                    .bind("name", u.name()).bind("description", u.description()).bind("url", u.url())
                    .bind("username", u.username()).bind("password", u.password())
                    .bind("hours", u.cacheValidityHours()).bind("metaHours", u.metadataCacheValidityHours())
                    .bind("now", u.createdAt())
                    .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
            return h.createQuery(UPSTREAM + " WHERE id = :id").bind("id", id).map(UpstreamRows::upstream).one();
        });
    }

    /** Writes every field but the owner, the type and the position; a changed URL drops what was cached from it. */
    public void update(Upstream u, boolean urlChanged) {
        jdbi.useTransaction(h -> {
            h.createUpdate("""
                    UPDATE upstreams SET name = :name, description = :description, url = :url, username = :username,
                        password = :password, cache_validity_hours = :hours,
                        metadata_cache_validity_hours = :metaHours, updated_at = :now WHERE id = :id""")
                    .bind("name", u.name()).bind("description", u.description()).bind("url", u.url())
                    .bind("username", u.username()).bind("password", u.password())
                    .bind("hours", u.cacheValidityHours()).bind("metaHours", u.metadataCacheValidityHours())
                    .bind("now", u.updatedAt()).bind("id", u.id()).execute();
            if (urlChanged) {
                h.createUpdate("DELETE FROM upstream_cache_entries WHERE upstream_id = :id").bind("id", u.id()).execute();
            }
        });
    }

    /** Puts {@code u} at {@code position} (1 is first; past the end is last) of its owner's list for its type. */
    public void move(Upstream u, int position) {
        jdbi.useTransaction(h -> {
            var q = h.createQuery("SELECT id FROM upstreams WHERE " + owner(u.namespaceId())
                    + " AND package_type = :t ORDER BY position, id").bind("t", u.packageType());
            if (u.namespaceId() != null) q.bind("n", u.namespaceId());
            List<Long> ids = new java.util.ArrayList<>(q.mapTo(Long.class).list());
            ids.remove(u.id());
            ids.add(Math.min(position - 1, ids.size()), u.id());
            for (int i = 0; i < ids.size(); i++) {
                h.createUpdate("UPDATE upstreams SET position = :p WHERE id = :id").bind("p", i + 1)
                        .bind("id", ids.get(i)).execute();
            }
        });
    }

    /**
     * Deletes an upstream, and the ones after it in its owner's list move up a place; its cache entries go with it
     * (ON DELETE CASCADE), their blobs to gc.
     */
    public void delete(Upstream u) {
        jdbi.useTransaction(h -> {
            h.createUpdate("DELETE FROM upstreams WHERE id = :id").bind("id", u.id()).execute();
            var after = h.createUpdate("UPDATE upstreams SET position = position - 1 WHERE " + owner(u.namespaceId())
                    + " AND package_type = :t AND position > :p").bind("t", u.packageType()).bind("p", u.position());
            if (u.namespaceId() != null) after.bind("n", u.namespaceId());
            after.execute();
        });
    }

    // ---- the cache

    public Optional<CacheEntry> entry(long upstreamId, String relativePath) {
        return jdbi.withHandle(h -> h.createQuery(ENTRY + " WHERE upstream_id = :u AND relative_path = :p")
                .bind("u", upstreamId).bind("p", relativePath).map(UpstreamRows::toEntry).findOne());
    }

    /** A file of one of {@code upstreamIds} with these bytes. */
    public Optional<CacheEntry> fileBySha256(List<Long> upstreamIds, String sha256) {
        if (upstreamIds.isEmpty()) return Optional.empty();
        return jdbi.withHandle(h -> h.createQuery(ENTRY + " WHERE sha256 = :s AND kind = 'file' AND upstream_id IN (<u>)"
                        + " ORDER BY id LIMIT 1")
                .bind("s", sha256).bindList("u", upstreamIds).map(UpstreamRows::toEntry).findOne());
    }

    /** The files of an upstream whose path starts with {@code prefix} (no {@code %} or {@code _} in it), up to 10,000. */
    public List<CacheEntry> filesUnder(long upstreamId, String prefix) {
        if (prefix.contains("%") || prefix.contains("_")) throw new IllegalArgumentException("a LIKE pattern: " + prefix);
        return jdbi.withHandle(h -> h.createQuery(ENTRY + " WHERE upstream_id = :u AND kind = 'file'"
                        + " AND relative_path LIKE :p LIMIT 10000")
                .bind("u", upstreamId).bind("p", prefix + "%").map(UpstreamRows::toEntry).list());
    }

    public Optional<CacheEntry> entry(long id) {
        return jdbi.withHandle(h -> h.createQuery(ENTRY + " WHERE id = :id").bind("id", id)
                .map(UpstreamRows::toEntry).findOne());
    }

    /** An upstream's entries, newest first, a page at a time. */
    public List<CacheEntry> entries(long upstreamId, int page, int perPage) {
        return jdbi.withHandle(h -> h.createQuery(ENTRY + " WHERE upstream_id = :u ORDER BY id DESC LIMIT :l OFFSET :o")
                .bind("u", upstreamId).bind("l", perPage).bind("o", (long) (page - 1) * perPage)
                .map(UpstreamRows::toEntry).list());
    }

    public long countEntries(long upstreamId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM upstream_cache_entries WHERE upstream_id = :u")
                .bind("u", upstreamId).mapTo(Long.class).one());
    }

    /** Writes an entry (replacing the one at its path); the blob's row must exist. */
    public void put(CacheEntry e) {
        jdbi.useTransaction(h -> h.createUpdate("""
                INSERT INTO upstream_cache_entries (upstream_id, relative_path, kind, sha256, size, content_type,
                    upstream_etag, upstream_checked_at, created_at)
                VALUES (:u, :p, :kind, :s, :size, :ct, :etag, :checked, :created)
                ON CONFLICT (upstream_id, relative_path) DO UPDATE SET kind = excluded.kind, sha256 = excluded.sha256,
                    size = excluded.size, content_type = excluded.content_type, upstream_etag = excluded.upstream_etag,
                    upstream_checked_at = excluded.upstream_checked_at""")
                .bind("u", e.upstreamId()).bind("p", e.relativePath()).bind("kind", e.kind()).bind("s", e.sha256())
                .bind("size", e.size()).bind("ct", e.contentType()).bind("etag", e.upstreamEtag())
                .bind("checked", e.upstreamCheckedAt()).bind("created", e.createdAt()).execute());
    }

    /** The upstream answered "not modified": the entry is fresh again. */
    public void checked(long entryId, long now) {
        jdbi.useTransaction(h -> h.createUpdate("UPDATE upstream_cache_entries SET upstream_checked_at = :now WHERE id = :id")
                .bind("now", now).bind("id", entryId).execute());
    }

    public void countDownload(long entryId) {
        jdbi.useTransaction(h -> h.createUpdate(
                "UPDATE upstream_cache_entries SET downloads_count = downloads_count + 1 WHERE id = :id")
                .bind("id", entryId).execute());
    }

    public boolean deleteEntry(long id) {
        return jdbi.inTransaction(h -> h.createUpdate("DELETE FROM upstream_cache_entries WHERE id = :id")
                .bind("id", id).execute()) > 0;
    }

    private static String owner(Long namespaceId) {
        return namespaceId == null ? "namespace_id IS NULL" : "namespace_id = :n";
    }

    private static Upstream upstream(ResultSet rs, org.jdbi.v3.core.statement.StatementContext c) throws SQLException {
        long ns = rs.getLong("namespace_id");
        Long namespaceId = rs.wasNull() ? null : ns;
        return new Upstream(rs.getLong("id"), namespaceId, rs.getString("package_type"),
                rs.getInt("position"), rs.getString("name"), rs.getString("description"), rs.getString("url"),
                rs.getString("username"), rs.getString("password"), rs.getInt("cache_validity_hours"),
                rs.getInt("metadata_cache_validity_hours"), rs.getLong("created_at"), rs.getLong("updated_at"));
    }

    private static CacheEntry toEntry(ResultSet rs, org.jdbi.v3.core.statement.StatementContext c) throws SQLException {
        return new CacheEntry(rs.getLong("id"), rs.getLong("upstream_id"), rs.getString("relative_path"),
                rs.getString("kind"), rs.getString("sha256"), rs.getLong("size"), rs.getString("content_type"),
                rs.getString("upstream_etag"), rs.getLong("upstream_checked_at"), rs.getLong("created_at"),
                rs.getLong("downloads_count"));
    }
}
