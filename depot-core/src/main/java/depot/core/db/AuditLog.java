package depot.core.db;

import depot.core.access.Principal;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * The audit log: who signed in (or failed to), created or revoked a token, or deleted a package, from which
 * address and when. The address of the request being served is bound to the thread by the HTTP layer
 * ({@link #bindAddress}); work outside a request (the command line) records none.
 */
public final class AuditLog {
    private static final ThreadLocal<String> ADDRESS = new ThreadLocal<>();
    private final Jdbi jdbi;
    private final Clock clock;

    public record Event(long id, long createdAt, Long authorId, String authorName, String action, String targetType,
                        Long targetId, String targetDetails, String ipAddress) {}

    public AuditLog(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    public static void bindAddress(String address) { ADDRESS.set(address); }

    public static void unbind() { ADDRESS.remove(); }

    /** Records an event by {@code actor} (null: nobody signed in, or the system itself). */
    public void record(Principal actor, String action, String targetType, Long targetId, String targetDetails) {
        Long authorId = actor == null || actor.user() == null ? null : actor.user().id();
        String details = targetDetails.length() > 1024 ? targetDetails.substring(0, 1024) : targetDetails;
        jdbi.useHandle(h -> h.createUpdate("""
                INSERT INTO audit_events (created_at, author_id, author_name, action, target_type, target_id,
                                          target_details, ip_address)
                VALUES (:at, :aid, :aname, :action, :ttype, :tid, :details, :ip)""")
                .bind("at", clock.now()).bind("aid", authorId).bind("aname", authorName(actor))
                .bind("action", action).bind("ttype", targetType).bind("tid", targetId).bind("details", details)
                .bind("ip", ADDRESS.get()).execute());
    }

    static String authorName(Principal actor) {
        if (actor == null) return ADDRESS.get() == null ? "system" : "anonymous";
        if (actor instanceof Principal.JobPrincipal j) return j.name() + " (CI job " + j.job().id() + ")";
        return actor.name();
    }

    /** Newest first; {@code action} filters when not null. */
    public List<Event> list(String action, int offset, int limit) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT id, created_at, author_id, author_name, action, target_type, target_id, target_details,
                               ip_address
                        FROM audit_events WHERE (:action IS NULL OR action = :action)
                        ORDER BY id DESC LIMIT :limit OFFSET :offset""")
                .bind("action", action).bind("limit", limit).bind("offset", offset)
                .map((rs, c) -> new Event(rs.getLong(1), rs.getLong(2), nullableLong(rs, 3), rs.getString(4),
                        rs.getString(5), rs.getString(6), nullableLong(rs, 7), rs.getString(8), rs.getString(9)))
                .list());
    }

    private static Long nullableLong(java.sql.ResultSet rs, int column) throws java.sql.SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }
}
