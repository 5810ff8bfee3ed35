package depot.core.packages;

import depot.core.db.Clock;
import depot.core.db.Directory;
import depot.core.error.DepotException;
import depot.core.model.Namespace;
import depot.core.model.Project;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Who owns a name where several projects meet (the instance endpoints): a name belongs to one root namespace, never
 * to whoever published it last, so a public project cannot shadow another team's package (dependency confusion).
 * A recorded claim decides: the first root namespace to publish a name records it, and admins move claims with
 * {@link #transfer}. An unrecorded {@link Claim} with an {@code ownerPath} (an npm scope) belongs to the root
 * namespace of that path when it exists (GitLab's rule) — so a group created later cannot take over a scope someone
 * already publishes (that would shadow their packages), it can only ask an admin. Names published before claims
 * existed belong to the root namespace of their oldest package.
 * Thread-safe.
 */
public final class NameClaims {
    private final Jdbi jdbi;
    private final Directory directory;
    private final Clock clock;

    /** A name's claim: {@code key} (a groupId, a scope, a name) of a type, and the root path that owns it by rule. */
    public record Claim(String type, String key, String ownerPath) {
        public static Claim of(String type, String key) { return new Claim(type, key, null); }
    }

    /** One stored claim, for the admin API. */
    public record Row(String type, String claim, long namespaceId, String namespacePath, long createdAt) {}

    public NameClaims(Jdbi jdbi, Directory directory, Clock clock) {
        this.jdbi = jdbi;
        this.directory = directory;
        this.clock = clock;
    }

    /**
     * The root namespace that owns the claim, if anyone does. {@code normalizedName}: a package name with this claim,
     * whose oldest package decides for names published before claims were recorded.
     */
    public Optional<Long> owner(Claim claim, String normalizedName) {
        Optional<Long> stored = stored(claim);
        if (stored.isPresent()) return stored;
        Optional<Long> byRule = byRule(claim);
        if (byRule.isPresent()) return byRule;
        return firstProject(claim.type(), normalizedName, false).flatMap(directory::project).map(this::rootOf);
    }

    /**
     * The project that published a name first, of every project (visible packages only): whom the name resolves to
     * at a group or the instance, whoever asks (see depot.http.NameHolders).
     */
    public Optional<Long> firstPublisher(String type, String normalizedName) {
        return firstProject(type, normalizedName, true);
    }

    private Optional<Long> firstProject(String type, String normalizedName, boolean visibleOnly) {
        return jdbi.withHandle(h -> h.createQuery("SELECT project_id FROM packages WHERE package_type = :t"
                        + " AND normalized_name = :n" + (visibleOnly ? " AND status = 'default'" : "")
                        + " ORDER BY created_at, id LIMIT 1")
                .bind("t", type).bind("n", normalizedName).mapTo(Long.class).findOne());
    }

    /**
     * Records the claim for the project's root namespace, or refuses (403) when another root namespace owns it.
     * Runs inside the publishing transaction.
     */
    public void require(Claim claim, String normalizedName, Project publisher) {
        long root = check(claim, normalizedName, publisher);
        if (stored(claim).isPresent()) return;
        jdbi.useHandle(h -> h.createUpdate("""
                INSERT INTO package_name_claims (package_type, claim, namespace_id, created_at)
                VALUES (:t, :c, :n, :now) ON CONFLICT DO NOTHING""")
                .bind("t", claim.type()).bind("c", claim.key()).bind("n", root).bind("now", clock.now()).execute());
        // two root namespaces publishing a new name at once: the first row wins, the other publish fails whole
        if (stored(claim).orElse(root) != root) check(claim, normalizedName, publisher);   // refuses
    }

    /**
     * Refuses (403) a publish of a name another root namespace owns, recording nothing; the check a format makes
     * before it reads an upload. Returns the publisher's root namespace.
     */
    public long check(Claim claim, String normalizedName, Project publisher) {
        long root = rootOf(publisher);
        Optional<Long> owner = owner(claim, normalizedName);
        if (owner.isPresent() && owner.get() != root) {
            // a private or internal owner is not named: the publisher may not know it exists
            String path = directory.namespace(owner.get()).filter(n -> "public".equals(n.visibility()))
                    .map(Namespace::fullPath).orElse("another group");
            throw new DepotException.Forbidden("403 Forbidden - " + claim.type() + " name " + claim.key()
                    + " belongs to " + path + "; publish it there, or ask an administrator to transfer it");
        }
        return root;
    }

    /** Gives the claim to a root namespace (admins: a team moves, a name was taken by mistake). */
    public void transfer(String type, String key, Namespace root) {
        if (root.parentId() != null) throw new DepotException.Invalid("claims belong to root namespaces, not subgroups");
        jdbi.useTransaction(h -> {
            h.createUpdate("DELETE FROM package_name_claims WHERE package_type = :t AND claim = :c")
                    .bind("t", type).bind("c", key).execute();
            h.createUpdate("""
                    INSERT INTO package_name_claims (package_type, claim, namespace_id, created_at)
                    VALUES (:t, :c, :n, :now)""")
                    .bind("t", type).bind("c", key).bind("n", root.id()).bind("now", clock.now()).execute();
        });
    }

    /** Every stored claim, or those of one type. */
    public List<Row> list(String type) {
        List<Row> rows = jdbi.withHandle(h -> {
            var query = h.createQuery("SELECT package_type, claim, namespace_id, created_at FROM package_name_claims"
                    + (type == null ? "" : " WHERE package_type = :t") + " ORDER BY package_type, claim");
            if (type != null) query.bind("t", type);
            return query.map((rs, x) -> new Row(rs.getString(1), rs.getString(2), rs.getLong(3), "", rs.getLong(4)))
                    .list();
        });
        return rows.stream().map(r -> new Row(r.type(), r.claim(), r.namespaceId(),
                directory.namespace(r.namespaceId()).map(Namespace::fullPath).orElse(""), r.createdAt())).toList();
    }

    /** Of {@code projects}, those under the root namespace that owns the claim (none when nobody does). */
    public List<Project> owned(Claim claim, String normalizedName, List<Project> projects) {
        Optional<Long> owner = owner(claim, normalizedName);
        if (owner.isEmpty()) return List.of();
        java.util.Set<Long> namespaces = new java.util.HashSet<>(directory.descendantIds(owner.get()));
        return projects.stream().filter(p -> namespaces.contains(p.namespaceId())).toList();
    }

    private Optional<Long> byRule(Claim claim) {
        if (claim.ownerPath() == null) return Optional.empty();
        return directory.namespaceByPath(claim.ownerPath()).filter(n -> n.parentId() == null).map(Namespace::id);
    }

    private Optional<Long> stored(Claim claim) {
        return jdbi.withHandle(h -> h.createQuery(
                "SELECT namespace_id FROM package_name_claims WHERE package_type = :t AND claim = :c")
                .bind("t", claim.type()).bind("c", claim.key()).mapTo(Long.class).findOne());
    }

    private long rootOf(Project project) {
        List<Namespace> lineage = directory.lineage(project.namespaceId());
        return lineage.isEmpty() ? project.namespaceId() : lineage.get(lineage.size() - 1).id();
    }
}
