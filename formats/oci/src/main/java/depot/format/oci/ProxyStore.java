package depot.format.oci;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** The dependency proxy's cache of a group: the manifests and blobs it fetched from the upstream. Thread-safe. */
public final class ProxyStore {
    private final Jdbi jdbi;

    public ProxyStore(Jdbi jdbi) { this.jdbi = jdbi; }

    /** A manifest in a group's dependency proxy cache. */
    public record ProxyManifest(String digest, String sha256, String mediaType, long size) {}

    public Optional<ProxyManifest> proxyManifest(long namespaceId, String image, String reference) {
        return jdbi.withHandle(h -> h.createQuery("""
                SELECT digest, sha256, media_type, size FROM proxy_manifests
                WHERE namespace_id = :n AND image = :i AND reference = :r""")
                .bind("n", namespaceId).bind("i", image).bind("r", reference)
                .map((rs, c) -> new ProxyManifest(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4)))
                .findOne());
    }

    public void saveProxyManifest(long namespaceId, String image, String reference, ProxyManifest m, long now) {
        jdbi.useHandle(h -> h.createUpdate("""
                INSERT INTO proxy_manifests (namespace_id, image, reference, digest, sha256, media_type, size,
                                             created_at, read_at)
                VALUES (:n, :i, :r, :d, :s, :mt, :size, :now, :now)
                ON CONFLICT (namespace_id, image, reference) DO UPDATE SET digest = excluded.digest,
                    sha256 = excluded.sha256, media_type = excluded.media_type, size = excluded.size,
                    read_at = excluded.read_at""")
                .bind("n", namespaceId).bind("i", image).bind("r", reference).bind("d", m.digest())
                .bind("s", m.sha256()).bind("mt", m.mediaType()).bind("size", m.size()).bind("now", now).execute());
    }

    public void touchProxyManifest(long namespaceId, String image, String reference, long now) {
        jdbi.useHandle(h -> h.createUpdate("""
                UPDATE proxy_manifests SET read_at = :now WHERE namespace_id = :n AND image = :i AND reference = :r""")
                .bind("now", now).bind("n", namespaceId).bind("i", image).bind("r", reference).execute());
    }

    public Optional<ContainerStore.Linked> proxyBlob(long namespaceId, String digest) {
        return jdbi.withHandle(h -> h.createQuery("SELECT sha256, size FROM proxy_blobs WHERE namespace_id = :n AND digest = :d")
                .bind("n", namespaceId).bind("d", digest).map((rs, c) -> new ContainerStore.Linked(rs.getString(1), rs.getLong(2)))
                .findOne());
    }

    public void saveProxyBlob(long namespaceId, String digest, String sha256, long size, long now) {
        jdbi.useHandle(h -> h.createUpdate("""
                INSERT INTO proxy_blobs (namespace_id, digest, sha256, size, created_at, read_at)
                VALUES (:n, :d, :s, :size, :now, :now) ON CONFLICT (namespace_id, digest) DO NOTHING""")
                .bind("n", namespaceId).bind("d", digest).bind("s", sha256).bind("size", size).bind("now", now)
                .execute());
    }

    /** A cached manifest of a group's dependency proxy. */
    public record ProxyImage(String image, String reference, String digest, long size, long readAt) {}

    public List<ProxyImage> proxyImages(long namespaceId) {
        return jdbi.withHandle(h -> h.createQuery("""
                SELECT image, reference, digest, size, read_at FROM proxy_manifests
                WHERE namespace_id = :n AND reference NOT LIKE 'sha%:%' ORDER BY image, reference""")
                .bind("n", namespaceId)
                .map((rs, c) -> new ProxyImage(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                        rs.getLong(5)))
                .list());
    }

    /** Bytes of the blobs a group's dependency proxy holds. */
    public long proxyBlobBytes(long namespaceId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COALESCE(SUM(size), 0) FROM proxy_blobs WHERE namespace_id = :n")
                .bind("n", namespaceId).mapTo(Long.class).one());
    }

    /** Empties a group's dependency proxy cache; gc then deletes the bytes nothing else holds. */
    public void purgeProxy(long namespaceId) {
        jdbi.useTransaction(h -> {
            h.createUpdate("DELETE FROM proxy_manifests WHERE namespace_id = :n").bind("n", namespaceId).execute();
            h.createUpdate("DELETE FROM proxy_blobs WHERE namespace_id = :n").bind("n", namespaceId).execute();
        });
    }
}
