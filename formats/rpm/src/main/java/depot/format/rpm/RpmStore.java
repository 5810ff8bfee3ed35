package depot.format.rpm;

import depot.http.FormatContext;
import depot.http.OpenPgpKey;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Jdbi;

/**
 * The RPM format's tables: {@code rpm_repositories} (a project's or group's repository and its signing key, made on
 * first use) and {@code rpm_snapshots} / {@code rpm_snapshot_files} (each generation of a repository's metadata per
 * scope, its files by path, written in one transaction).
 */
final class RpmStore {
    static final String PASSPHRASE_SETTING = "rpm_signing_passphrase";

    /** A repository: the owner column ({@code project_id} or {@code group_id}) and id. */
    record Repository(long id, String owner, long ownerId) {}

    /** A snapshot's file: its path ("repodata/repomd.xml"), blob and size. */
    record SnapshotFile(String path, String sha256, long size) {}

    /** The newest snapshot of a scope, its stamp, and its file at the path asked for (null when none). */
    record Newest(long id, String stamp, SnapshotFile file) {}

    private final FormatContext s;
    private final Jdbi jdbi;
    private final char[] passphrase;
    private final int keyBits;
    private final ConcurrentHashMap<Long, OpenPgpKey> keys = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Object> creating = new ConcurrentHashMap<>();

    RpmStore(FormatContext s) {
        this.s = s;
        this.jdbi = s.database().jdbi();
        this.passphrase = OpenPgpKey.passphrase(s, PASSPHRASE_SETTING);
        this.keyBits = OpenPgpKey.bits(s);
    }

    Optional<Repository> find(String owner, long ownerId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id FROM rpm_repositories WHERE " + column(owner) + " = :o")
                .bind("o", ownerId).mapTo(Long.class).findOne().map(id -> new Repository(id, owner, ownerId)));
    }

    /** The owner's repository, made with a new signing key when it has none (another node racing makes it once). */
    Repository findOrCreate(String owner, long ownerId, String ownerPath) {
        Optional<Repository> found = find(owner, ownerId);
        if (found.isPresent()) return found.get();
        // a burst of first uploads makes one key on this node (an RSA key takes a second to make)
        synchronized (creating.computeIfAbsent(owner + ownerId, k -> new Object())) {
            found = find(owner, ownerId);
            return found.isPresent() ? found.get() : create(owner, ownerId, ownerPath);
        }
    }

    private Repository create(String owner, long ownerId, String ownerPath) {
        String secret = OpenPgpKey.generate("Depot " + ownerPath + " RPM repository <rpm@depot.invalid>", passphrase, keyBits);
        String pub = OpenPgpKey.load(secret, passphrase).publicKeyArmored();
        try {
            jdbi.useHandle(h -> h.createUpdate("INSERT INTO rpm_repositories (project_id, group_id, secret_key, public_key, "
                            + "created_at) VALUES (:p, :g, :secret, :pub, :now)")
                    .bind("p", owner.equals("project_id") ? ownerId : null).bind("g", owner.equals("group_id") ? ownerId : null)
                    .bind("secret", secret).bind("pub", pub).bind("now", s.clock().now()).execute());
        } catch (RuntimeException e) {
            // the unique index: another request made it first
            return find(owner, ownerId).orElseThrow(() -> e);
        }
        return find(owner, ownerId).orElseThrow();
    }

    OpenPgpKey key(Repository r) {
        return keys.computeIfAbsent(r.id(), id -> OpenPgpKey.load(jdbi.withHandle(h -> h.createQuery(
                "SELECT secret_key FROM rpm_repositories WHERE id = :id").bind("id", id).mapTo(String.class).one()), passphrase));
    }

    String publicKey(Repository r) {
        return jdbi.withHandle(h -> h.createQuery("SELECT public_key FROM rpm_repositories WHERE id = :id")
                .bind("id", r.id()).mapTo(String.class).one());
    }

    /** The public keys of the projects' repositories (those that have one), by project id. */
    List<String> projectKeys(List<Long> projectIds) {
        if (projectIds.isEmpty()) return List.of();
        return jdbi.withHandle(h -> h.createQuery("SELECT public_key FROM rpm_repositories WHERE project_id IN (<ids>) "
                + "ORDER BY project_id").bindList("ids", projectIds).mapTo(String.class).list());
    }

    Optional<Newest> newest(long repository, String scope, String path) {
        return jdbi.withHandle(h -> h.createQuery("""
                SELECT n.id, n.stamp, f.path, f.sha256, f.size FROM rpm_snapshots n
                LEFT JOIN rpm_snapshot_files f ON f.snapshot_id = n.id AND f.path = :p
                WHERE n.repository_id = :r AND n.scope_key = :s ORDER BY n.id DESC LIMIT 1""")
                .bind("r", repository).bind("s", scope).bind("p", path)
                .map((rs, c) -> new Newest(rs.getLong("id"), rs.getString("stamp"), rs.getString("path") == null ? null
                        : new SnapshotFile(rs.getString("path"), rs.getString("sha256"), rs.getLong("size"))))
                .findOne());
    }

    Optional<SnapshotFile> file(long snapshot, String path) {
        return jdbi.withHandle(h -> h.createQuery("SELECT path, sha256, size FROM rpm_snapshot_files "
                        + "WHERE snapshot_id = :s AND path = :p").bind("s", snapshot).bind("p", path)
                .map((rs, c) -> new SnapshotFile(rs.getString(1), rs.getString(2), rs.getLong(3))).findOne());
    }

    /** A metadata file at {@code path} in any kept snapshot of the scope (its name holds its checksum). */
    Optional<SnapshotFile> kept(long repository, String scope, String path) {
        return jdbi.withHandle(h -> h.createQuery("SELECT f.path, f.sha256, f.size FROM rpm_snapshot_files f "
                        + "JOIN rpm_snapshots n ON n.id = f.snapshot_id WHERE n.repository_id = :r AND n.scope_key = :s "
                        + "AND f.path = :p ORDER BY n.id DESC LIMIT 1")
                .bind("r", repository).bind("s", scope).bind("p", path)
                .map((rs, c) -> new SnapshotFile(rs.getString(1), rs.getString(2), rs.getLong(3))).findOne());
    }

    /** Records a snapshot and its files (their blobs already stored) in one transaction; answers its id. */
    long insert(long repository, String scope, String stamp, long createdAt, List<SnapshotFile> files) {
        return jdbi.inTransaction(h -> {
            long id = h.createUpdate("INSERT INTO rpm_snapshots (repository_id, scope_key, stamp, created_at) "
                            + "VALUES (:r, :s, :stamp, :now)").bind("r", repository).bind("s", scope).bind("stamp", stamp)
                    .bind("now", createdAt).executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
            var batch = h.prepareBatch("INSERT INTO rpm_snapshot_files (snapshot_id, path, sha256, size) "
                    + "VALUES (:id, :path, :sha256, :size)");
            for (SnapshotFile f : files) batch.bind("id", id).bind("path", f.path()).bind("sha256", f.sha256()).bind("size", f.size()).add();
            batch.execute();
            return id;
        });
    }

    private static String column(String owner) {
        if (!owner.equals("project_id") && !owner.equals("group_id")) throw new IllegalArgumentException(owner);
        return owner;
    }
}
