package depot.format.oci;

import depot.core.packages.Housekeeper;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;

/**
 * The container registry's part of gc, run before the blob sweep: drops upload sessions idle for a week, manifests
 * nothing needs, blob links no manifest uses, and repositories left empty, so that the sweep can then delete their
 * bytes. A manifest is needed when it is tagged, is a child of a needed index, refers to a needed manifest as its
 * subject (signatures, SBOMs), or is younger than the grace period — which also protects every push in flight: its
 * blobs are linked (or marked used by its manifest) moments before, and a link unused for the grace period is the
 * only kind removed.
 */
public final class ContainerGc implements Housekeeper {
    static final long UPLOAD_IDLE_MILLIS = 7L * 24 * 3_600_000;
    private final Jdbi jdbi;

    public ContainerGc(Jdbi jdbi) { this.jdbi = jdbi; }

    @Override
    public String name() { return "container registry"; }

    /** Layers and configs linked to repositories, manifests, chunks of uploads in flight, the dependency proxy's cache. */
    @Override
    public List<String> blobColumns() {
        return List.of("oci_blobs.sha256", "oci_manifests.sha256", "oci_upload_chunks.sha256",
                "proxy_manifests.sha256", "proxy_blobs.sha256");
    }

    private record Row(long id, String digest, String subject, boolean tagged, long createdAt) {}

    @Override
    public Map<String, Long> collect(long now, long graceMillis) {
        long cutoff = now - graceMillis;
        long uploads = jdbi.withHandle(h -> h.createUpdate("DELETE FROM oci_uploads WHERE updated_at < :c")
                .bind("c", now - Math.max(graceMillis, UPLOAD_IDLE_MILLIS)).execute());
        long manifests = 0;
        List<Long> repositories = jdbi.withHandle(h -> h.createQuery("SELECT id FROM oci_repositories")
                .mapTo(Long.class).list());
        for (long repository : repositories) manifests += unneededManifests(repository, cutoff);
        long links = jdbi.withHandle(h -> h.createUpdate("""
                DELETE FROM oci_blobs WHERE used_at < :c AND NOT EXISTS (
                    SELECT 1 FROM oci_manifest_refs r JOIN oci_manifests m ON m.id = r.manifest_id
                    WHERE m.repository_id = oci_blobs.repository_id AND r.kind = 'blob' AND r.digest = oci_blobs.digest)""")
                .bind("c", cutoff).execute());
        long empty = jdbi.withHandle(h -> h.createUpdate("""
                DELETE FROM oci_repositories WHERE created_at < :c
                AND NOT EXISTS (SELECT 1 FROM oci_manifests m WHERE m.repository_id = oci_repositories.id)
                AND NOT EXISTS (SELECT 1 FROM oci_blobs b WHERE b.repository_id = oci_repositories.id)""")
                .bind("c", cutoff).execute());
        Map<String, Long> removed = new LinkedHashMap<>();
        removed.put("idle uploads", uploads);
        removed.put("unneeded manifests", manifests);
        removed.put("unused blob links", links);
        removed.put("empty repositories", empty);
        return removed;
    }

    private long unneededManifests(long repository, long cutoff) {
        return jdbi.inTransaction(h -> {
            List<Row> rows = h.createQuery("""
                    SELECT m.id, m.digest, m.subject_digest, m.created_at,
                           EXISTS (SELECT 1 FROM oci_tags t WHERE t.manifest_id = m.id) AS tagged
                    FROM oci_manifests m WHERE m.repository_id = :r""")
                    .bind("r", repository)
                    .map((rs, c) -> new Row(rs.getLong("id"), rs.getString("digest"), rs.getString("subject_digest"),
                            rs.getBoolean("tagged"), rs.getLong("created_at")))
                    .list();
            Map<String, Row> byDigest = new HashMap<>();
            Map<String, List<Row>> referrers = new HashMap<>();
            for (Row r : rows) {
                byDigest.put(r.digest(), r);
                if (r.subject() != null) referrers.computeIfAbsent(r.subject(), k -> new ArrayList<>()).add(r);
            }
            Map<Long, List<String>> children = new HashMap<>();
            h.createQuery("""
                    SELECT r.manifest_id, r.digest FROM oci_manifest_refs r JOIN oci_manifests m ON m.id = r.manifest_id
                    WHERE m.repository_id = :r AND r.kind = 'manifest'""")
                    .bind("r", repository)
                    .map((rs, c) -> children.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getString(2)))
                    .list();
            Set<String> needed = new HashSet<>();
            Deque<Row> todo = new ArrayDeque<>();
            for (Row r : rows) {
                if (r.tagged() || r.createdAt() >= cutoff) todo.add(r);
            }
            while (!todo.isEmpty()) {
                Row r = todo.poll();
                if (!needed.add(r.digest())) continue;
                for (String child : children.getOrDefault(r.id(), List.of())) {
                    Row c = byDigest.get(child);
                    if (c != null) todo.add(c);
                }
                todo.addAll(referrers.getOrDefault(r.digest(), List.of()));
            }
            List<Long> doomed = rows.stream().filter(r -> !needed.contains(r.digest())).map(Row::id).toList();
            if (doomed.isEmpty()) return 0L;
            return (long) h.createUpdate("DELETE FROM oci_manifests WHERE id IN (<ids>)").bindList("ids", doomed).execute();
        });
    }
}
