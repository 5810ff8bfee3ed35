package depot.format.debian;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * The tables {@code debian_snapshots} and {@code debian_snapshot_files}: each snapshot of a distribution's indexes
 * (per scope: the projects read), its files by path with their SHA-256 and SHA-512, written in one transaction.
 */
final class SnapshotStore {
    /** A snapshot's file: its blob, size and SHA-512 (by-hash names files by either hash). */
    record SnapshotFile(String path, String sha256, long size, String sha512) {}

    /** The newest snapshot of a scope, its stamp and age, and its file at the path asked for (null when none). */
    record Newest(long id, String stamp, long createdAt, SnapshotFile file) {}

    private final Jdbi jdbi;

    SnapshotStore(Jdbi jdbi) { this.jdbi = jdbi; }

    Optional<Newest> newest(long distribution, String scope, String path) {
        return jdbi.withHandle(h -> h.createQuery("""
                SELECT n.id, n.stamp, n.created_at, f.path, f.sha256, f.size, f.sha512 FROM debian_snapshots n
                LEFT JOIN debian_snapshot_files f ON f.snapshot_id = n.id AND f.path = :p
                WHERE n.distribution_id = :d AND n.scope_key = :s ORDER BY n.id DESC LIMIT 1""")
                .bind("d", distribution).bind("s", scope).bind("p", path)
                .map((rs, c) -> new Newest(rs.getLong("id"), rs.getString("stamp"), rs.getLong("created_at"),
                        rs.getString("path") == null ? null : new SnapshotFile(rs.getString("path"),
                                rs.getString("sha256"), rs.getLong("size"), rs.getString("sha512"))))
                .findOne());
    }

    Optional<SnapshotFile> file(long snapshot, String path) {
        return jdbi.withHandle(h -> h.createQuery("SELECT path, sha256, size, sha512 FROM debian_snapshot_files "
                        + "WHERE snapshot_id = :s AND path = :p").bind("s", snapshot).bind("p", path)
                .map((rs, c) -> new SnapshotFile(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4))).findOne());
    }

    /** The files of any kept snapshot of the distribution and scope whose SHA-256 (or SHA-512) is {@code hex}. */
    List<SnapshotFile> byHash(long distribution, String scope, boolean sha512, String hex) {
        return jdbi.withHandle(h -> h.createQuery("SELECT f.path, f.sha256, f.size, f.sha512 FROM debian_snapshot_files f "
                        + "JOIN debian_snapshots n ON n.id = f.snapshot_id WHERE n.distribution_id = :d AND n.scope_key = :s "
                        + "AND " + (sha512 ? "f.sha512" : "f.sha256") + " = :hex")
                .bind("d", distribution).bind("s", scope).bind("hex", hex)
                .map((rs, c) -> new SnapshotFile(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4))).list());
    }

    /** Records a snapshot and its files (their blobs already stored) in one transaction; answers its id. */
    long insert(long distribution, String scope, String stamp, long createdAt, List<SnapshotFile> files) {
        return jdbi.inTransaction(h -> {
            long id = h.createUpdate("INSERT INTO debian_snapshots (distribution_id, scope_key, stamp, created_at) "
                            + "VALUES (:d, :s, :stamp, :now)").bind("d", distribution).bind("s", scope).bind("stamp", stamp)
                    .bind("now", createdAt).executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
            var batch = h.prepareBatch("INSERT INTO debian_snapshot_files (snapshot_id, path, sha256, size, sha512) "
                    + "VALUES (:id, :path, :sha256, :size, :sha512)");
            for (SnapshotFile f : files) {
                batch.bind("id", id).bind("path", f.path()).bind("sha256", f.sha256()).bind("size", f.size())
                        .bind("sha512", f.sha512()).add();
            }
            batch.execute();
            return id;
        });
    }
}
