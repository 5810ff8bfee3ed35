package depot.format.oci;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The container registry's tables (see V4__container_registry.sql): repositories, blob links, manifests and their
 * references, tags and upload sessions ({@link ProxyStore} keeps the dependency proxy's cache).
 * Thread-safe.
 */
public final class ContainerStore {
    private final Jdbi jdbi;

    public ContainerStore(Jdbi jdbi) { this.jdbi = jdbi; }

    public record Repository(long id, long projectId, String name, long createdAt) {}

    public record Manifest(long id, long repositoryId, String digest, String sha256, String mediaType, String artifactType,
                    String subjectDigest, long size, long totalSize, String annotations, long createdAt) {}

    /** A blob a repository may serve: its bytes (by SHA-256) and size. */
    public record Linked(String sha256, long size) {}

    public record Upload(String uuid, long projectId, String repository, long size, long createdAt, long updatedAt) {}

    public record Chunk(long startOffset, String sha256, String sha512, long size) {}

    /** A reference a manifest holds: {@code blob} (config, layer) or {@code manifest} (an index's child). */
    public record Ref(String kind, String digest) {}

    /**
     * Stores a pushed manifest in one transaction: checks that every child manifest (of an index) or blob it names
     * is in the repository, with the size it says; records it with its references, and points its tags at it.
     */
    public void putManifest(long projectId, String image, ManifestDoc doc, String annotations, String digest,
                            String sha256, long bodyLength, List<String> tags, long now) {
        jdbi.useTransaction(h -> {
            long repo = ensureRepository(h, projectId, image, now);
            List<Ref> refs = new ArrayList<>();
            long total = bodyLength;
            if (doc.index()) {
                List<String> wanted = new ArrayList<>();
                for (ManifestDoc.Descriptor d : doc.children()) {
                    wanted.add(d.digest());
                    refs.add(new Ref("manifest", d.digest()));
                    total += d.size();
                }
                List<String> present = manifestsAmong(h, repo, wanted);
                for (String w : wanted) {
                    if (!present.contains(w)) throw OciErrors.manifestBlobUnknown(w);
                }
            } else {
                List<String> wanted = new ArrayList<>();
                for (ManifestDoc.Descriptor d : doc.blobs()) {
                    if (!d.external()) wanted.add(d.digest());
                }
                Map<String, Long> present = blobsAmong(h, repo, wanted, now);
                for (ManifestDoc.Descriptor d : doc.blobs()) {
                    if (d.external()) continue;
                    Long size = present.get(d.digest());
                    if (size == null) throw OciErrors.manifestBlobUnknown(d.digest());
                    if (size != d.size()) {
                        throw OciErrors.manifestInvalid(d.digest() + " has size " + size + ", not " + d.size());
                    }
                    refs.add(new Ref("blob", d.digest()));
                    total += d.size();
                }
            }
            String subject = doc.subject() == null ? null : doc.subject().digest();
            long id = insertManifest(h, new Manifest(0, repo, digest, sha256, doc.mediaType(),
                    doc.artifactType(), subject, bodyLength, total, annotations, now), refs);
            for (String tag : tags) setTag(h, repo, tag, id, now);
        });
    }

    /** Ends an upload session. */
    public void deleteUpload(String uuid) { jdbi.useTransaction(h -> deleteUpload(h, uuid)); }

    /** Makes a verified blob servable by the repository, and ends its upload session (if any), in one transaction. */
    public void linkUploaded(long projectId, String image, String digest, String sha256, long size, String uuid,
                             long now) {
        jdbi.useTransaction(h -> {
            long repo = ensureRepository(h, projectId, image, now);
            linkBlob(h, repo, digest, sha256, size, now);
            if (uuid != null) deleteUpload(h, uuid);
        });
    }


    public Optional<Repository> repository(long projectId, String name) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM oci_repositories WHERE project_id = :p AND name = :n")
                .bind("p", projectId).bind("n", name)
                .map((rs, c) -> new Repository(rs.getLong("id"), rs.getLong("project_id"), rs.getString("name"),
                        rs.getLong("created_at")))
                .findOne());
    }

    public long ensureRepository(Handle h, long projectId, String name, long now) {
        h.createUpdate("""
                INSERT INTO oci_repositories (project_id, name, created_at) VALUES (:p, :n, :now)
                ON CONFLICT (project_id, name) DO NOTHING""")
                .bind("p", projectId).bind("n", name).bind("now", now).execute();
        return h.createQuery("SELECT id FROM oci_repositories WHERE project_id = :p AND name = :n")
                .bind("p", projectId).bind("n", name).mapTo(Long.class).one();
    }

    /** A blob the repository may serve under {@code digest}, or empty. */
    public Optional<Linked> linkedBlob(long repositoryId, String digest) {
        return jdbi.withHandle(h -> h.createQuery("SELECT sha256, size FROM oci_blobs WHERE repository_id = :r AND digest = :d")
                .bind("r", repositoryId).bind("d", digest).map((rs, c) -> new Linked(rs.getString(1), rs.getLong(2)))
                .findOne());
    }

    public void linkBlob(Handle h, long repositoryId, String digest, String sha256, long size, long now) {
        h.createUpdate("""
                INSERT INTO oci_blobs (repository_id, digest, sha256, size, used_at) VALUES (:r, :d, :s, :size, :now)
                ON CONFLICT (repository_id, digest) DO UPDATE SET used_at = excluded.used_at""")
                .bind("r", repositoryId).bind("d", digest).bind("s", sha256).bind("size", size).bind("now", now)
                .execute();
    }

    public boolean unlinkBlob(long repositoryId, String digest) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM oci_blobs WHERE repository_id = :r AND digest = :d")
                .bind("r", repositoryId).bind("d", digest).execute()) > 0;
    }

    private static Manifest manifest(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Manifest(rs.getLong("id"), rs.getLong("repository_id"), rs.getString("digest"), rs.getString("sha256"),
                rs.getString("media_type"), rs.getString("artifact_type"), rs.getString("subject_digest"),
                rs.getLong("size"), rs.getLong("total_size"), rs.getString("annotations"), rs.getLong("created_at"));
    }

    /**
     * A manifest of a project's repository by tag or digest, in one query (the hot path of every pull); empty when the
     * repository or the manifest is missing.
     */
    public Optional<Manifest> manifestIn(long projectId, String repository, String reference, boolean byDigest) {
        String sql = byDigest
                ? "SELECT m.* FROM oci_repositories r JOIN oci_manifests m ON m.repository_id = r.id "
                        + "WHERE r.project_id = :p AND r.name = :n AND m.digest = :ref"
                : "SELECT m.* FROM oci_repositories r JOIN oci_tags t ON t.repository_id = r.id "
                        + "JOIN oci_manifests m ON m.id = t.manifest_id WHERE r.project_id = :p AND r.name = :n AND t.name = :ref";
        return jdbi.withHandle(h -> h.createQuery(sql).bind("p", projectId).bind("n", repository).bind("ref", reference)
                .map((rs, c) -> manifest(rs)).findOne());
    }

    /** A blob a project's repository may serve, in one query. */
    public Optional<Linked> linkedBlobIn(long projectId, String repository, String digest) {
        return jdbi.withHandle(h -> h.createQuery("""
                SELECT b.sha256, b.size FROM oci_repositories r JOIN oci_blobs b ON b.repository_id = r.id
                WHERE r.project_id = :p AND r.name = :n AND b.digest = :d""")
                .bind("p", projectId).bind("n", repository).bind("d", digest)
                .map((rs, c) -> new Linked(rs.getString(1), rs.getLong(2))).findOne());
    }

    /** Those of {@code digests} that are manifests of the repository. */
    public List<String> manifestsAmong(Handle h, long repositoryId, List<String> digests) {
        if (digests.isEmpty()) return List.of();
        return h.createQuery("SELECT digest FROM oci_manifests WHERE repository_id = :r AND digest IN (<d>)")
                .bind("r", repositoryId).bindList("d", digests).mapTo(String.class).list();
    }

    /**
     * Those of {@code digests} that the repository may serve as blobs, with their sizes. Marks them used first: on
     * PostgreSQL the row locks make a concurrent gc, which unlinks only blobs unused for its grace period, wait for
     * this manifest and then see the new time.
     */
    public java.util.Map<String, Long> blobsAmong(Handle h, long repositoryId, List<String> digests, long now) {
        java.util.Map<String, Long> found = new java.util.HashMap<>();
        if (digests.isEmpty()) return found;
        h.createUpdate("UPDATE oci_blobs SET used_at = :now WHERE repository_id = :r AND digest IN (<d>)")
                .bind("now", now).bind("r", repositoryId).bindList("d", digests).execute();
        h.createQuery("SELECT digest, size FROM oci_blobs WHERE repository_id = :r AND digest IN (<d>)")
                .bind("r", repositoryId).bindList("d", digests)
                .map((rs, c) -> found.put(rs.getString(1), rs.getLong(2))).list();
        return found;
    }

    /** Stores a manifest unless the repository has it already; returns its id either way. */
    public long insertManifest(Handle h, Manifest m, List<Ref> refs) {
        Optional<Long> existing = h.createQuery("SELECT id FROM oci_manifests WHERE repository_id = :r AND digest = :d")
                .bind("r", m.repositoryId()).bind("d", m.digest()).mapTo(Long.class).findOne();
        if (existing.isPresent()) return existing.get();
        long id = h.createQuery("""
                INSERT INTO oci_manifests (repository_id, digest, sha256, media_type, artifact_type, subject_digest,
                                           size, total_size, annotations, created_at)
                VALUES (:r, :d, :s, :mt, :at, :subject, :size, :total, :ann, :now) RETURNING id""")
                .bind("r", m.repositoryId()).bind("d", m.digest()).bind("s", m.sha256()).bind("mt", m.mediaType())
                .bind("at", m.artifactType()).bind("subject", m.subjectDigest()).bind("size", m.size())
                .bind("total", m.totalSize()).bind("ann", m.annotations()).bind("now", m.createdAt())
                .mapTo(Long.class).one();
        for (Ref ref : refs.stream().distinct().toList()) {
            h.createUpdate("INSERT INTO oci_manifest_refs (manifest_id, kind, digest) VALUES (:m, :k, :d)")
                    .bind("m", id).bind("k", ref.kind()).bind("d", ref.digest()).execute();
        }
        return id;
    }

    public void setTag(Handle h, long repositoryId, String tag, long manifestId, long now) {
        h.createUpdate("""
                INSERT INTO oci_tags (repository_id, name, manifest_id, updated_at) VALUES (:r, :t, :m, :now)
                ON CONFLICT (repository_id, name) DO UPDATE SET manifest_id = excluded.manifest_id,
                                                               updated_at = excluded.updated_at""")
                .bind("r", repositoryId).bind("t", tag).bind("m", manifestId).bind("now", now).execute();
    }

    /** Deletes a manifest and the tags pointing at it. */
    public boolean deleteManifest(long repositoryId, String digest) {
        return jdbi.inTransaction(h -> h.createUpdate("DELETE FROM oci_manifests WHERE repository_id = :r AND digest = :d")
                .bind("r", repositoryId).bind("d", digest).execute()) > 0;
    }

    public boolean deleteTag(long repositoryId, String tag) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM oci_tags WHERE repository_id = :r AND name = :t")
                .bind("r", repositoryId).bind("t", tag).execute()) > 0;
    }

    /** Tags in lexical order after {@code last} (exclusive), at most {@code limit}. */
    public List<String> tags(long repositoryId, String last, int limit) {
        return jdbi.withHandle(h -> h.createQuery("""
                SELECT name FROM oci_tags WHERE repository_id = :r AND name > :last ORDER BY name LIMIT :n""")
                .bind("r", repositoryId).bind("last", last == null ? "" : last).bind("n", limit)
                .mapTo(String.class).list());
    }

    /** Manifests of the repository whose subject is {@code digest}, oldest first. */
    public List<Manifest> referrers(long repositoryId, String digest) {
        return jdbi.withHandle(h -> h.createQuery("""
                SELECT * FROM oci_manifests WHERE repository_id = :r AND subject_digest = :d ORDER BY created_at, id""")
                .bind("r", repositoryId).bind("d", digest).map((rs, c) -> manifest(rs)).list());
    }

    /** Full repository names in the given projects, in lexical order after {@code last}, at most {@code limit}. */
    public List<String> repositoryNames(List<Long> projectIds, String last, int limit) {
        if (projectIds.isEmpty()) return List.of();
        return jdbi.withHandle(h -> h.createQuery("""
                SELECT full_name FROM (
                    SELECT CASE WHEN r.name = '' THEN p.full_path ELSE p.full_path || '/' || r.name END AS full_name
                    FROM oci_repositories r JOIN projects p ON p.id = r.project_id
                    WHERE r.project_id IN (<ids>)) names
                WHERE full_name > :last ORDER BY full_name LIMIT :n""")
                .bindList("ids", projectIds).bind("last", last == null ? "" : last).bind("n", limit)
                .mapTo(String.class).list());
    }

    public void createUpload(String uuid, long projectId, String repository, long now) {
        jdbi.useHandle(h -> h.createUpdate("""
                INSERT INTO oci_uploads (uuid, project_id, repository, size, created_at, updated_at)
                VALUES (:u, :p, :r, 0, :now, :now)""")
                .bind("u", uuid).bind("p", projectId).bind("r", repository).bind("now", now).execute());
    }

    public Optional<Upload> upload(String uuid) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM oci_uploads WHERE uuid = :u").bind("u", uuid)
                .map((rs, c) -> new Upload(rs.getString("uuid"), rs.getLong("project_id"), rs.getString("repository"),
                        rs.getLong("size"), rs.getLong("created_at"), rs.getLong("updated_at")))
                .findOne());
    }

    /**
     * Appends a stored chunk at {@code offset}; false when the upload has moved on meanwhile (another request
     * appended first) or is gone, so a chunk is never placed twice or out of order.
     */
    public boolean appendChunk(String uuid, long offset, depot.core.blob.StoredBlob chunk, long now) {
        return jdbi.inTransaction(h -> {
            int moved = h.createUpdate("""
                    UPDATE oci_uploads SET size = size + :n, updated_at = :now WHERE uuid = :u AND size = :offset""")
                    .bind("n", chunk.size()).bind("now", now).bind("u", uuid).bind("offset", offset).execute();
            if (moved == 0) return false;
            h.createUpdate("""
                    INSERT INTO oci_upload_chunks (upload_uuid, start_offset, sha256, sha512, size)
                    VALUES (:u, :o, :s, :s512, :n)""")
                    .bind("u", uuid).bind("o", offset).bind("s", chunk.sha256()).bind("s512", chunk.sha512())
                    .bind("n", chunk.size()).execute();
            return true;
        });
    }

    public List<Chunk> chunks(String uuid) {
        return jdbi.withHandle(h -> h.createQuery("""
                SELECT start_offset, sha256, sha512, size FROM oci_upload_chunks WHERE upload_uuid = :u
                ORDER BY start_offset""")
                .bind("u", uuid).map((rs, c) -> new Chunk(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4)))
                .list());
    }

    public boolean deleteUpload(Handle h, String uuid) {
        return h.createUpdate("DELETE FROM oci_uploads WHERE uuid = :u").bind("u", uuid).execute() > 0;
    }

    /** A repository as the UI lists it: its name below the project, how many tags, and when it last changed. */
    public record RepositorySummary(long id, String name, long tags, long manifests, long size, long createdAt) {}

    private static final String SUMMARY = """
            SELECT r.id, r.name,
                   (SELECT COUNT(*) FROM oci_tags t WHERE t.repository_id = r.id),
                   (SELECT COUNT(*) FROM oci_manifests m WHERE m.repository_id = r.id),
                   (SELECT COALESCE(SUM(b.size), 0) FROM oci_blobs b WHERE b.repository_id = r.id),
                   r.created_at
            FROM oci_repositories r""";

    private static RepositorySummary summary(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new RepositorySummary(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                rs.getLong(6));
    }

    public List<RepositorySummary> repositoriesOf(long projectId) {
        return jdbi.withHandle(h -> h.createQuery(SUMMARY + " WHERE r.project_id = :p ORDER BY r.name")
                .bind("p", projectId).map((rs, c) -> summary(rs)).list());
    }

    public Optional<RepositorySummary> repositoryById(long id) {
        return jdbi.withHandle(h -> h.createQuery(SUMMARY + " WHERE r.id = :id").bind("id", id)
                .map((rs, c) -> summary(rs)).findOne());
    }

    public long projectOf(long repositoryId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT project_id FROM oci_repositories WHERE id = :id")
                .bind("id", repositoryId).mapTo(Long.class).one());
    }

    /** Deletes a repository with its tags, manifests and blob links; gc then deletes the bytes nothing else holds. */
    public void deleteRepository(long id) {
        jdbi.useTransaction(h -> h.createUpdate("DELETE FROM oci_repositories WHERE id = :id").bind("id", id).execute());
    }

    /** Bytes of the layers and configs each project's repositories link (a blob linked twice counts once). */
    public java.util.Map<Long, Long> bytesByProject() {
        java.util.Map<Long, Long> out = new java.util.HashMap<>();
        jdbi.useHandle(h -> h.createQuery("""
                SELECT project_id, SUM(size) FROM (
                    SELECT DISTINCT r.project_id, b.sha256, b.size
                    FROM oci_blobs b JOIN oci_repositories r ON r.id = b.repository_id) linked
                GROUP BY project_id""")
                .map((rs, c) -> out.put(rs.getLong(1), rs.getLong(2))).list());
        return out;
    }

    /** A tag with the manifest it points at. */
    public record TagRow(String name, String digest, String mediaType, long size, long updatedAt) {}

    public List<TagRow> tagRows(long repositoryId, int limit) {
        return jdbi.withHandle(h -> h.createQuery("""
                SELECT t.name, m.digest, m.media_type, m.total_size, t.updated_at
                FROM oci_tags t JOIN oci_manifests m ON m.id = t.manifest_id
                WHERE t.repository_id = :r ORDER BY t.name LIMIT :n""")
                .bind("r", repositoryId).bind("n", limit)
                .map((rs, c) -> new TagRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                        rs.getLong(5)))
                .list());
    }
}
