package depot.core.db;

import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** Browser sessions: a token digest, its user, the CSRF token forms must carry, and an expiry. */
public final class WebSessions {
    private final Jdbi jdbi;

    public record Session(long userId, String csrfToken, long expiresAt) {}

    public WebSessions(Jdbi jdbi) { this.jdbi = jdbi; }

    public void create(String tokenDigest, long userId, String csrfToken, long expiresAt, long now) {
        jdbi.useHandle(h -> h.createUpdate("""
                INSERT INTO web_sessions (token_digest, user_id, csrf_token, expires_at, created_at)
                VALUES (:d, :u, :c, :e, :now)""")
                .bind("d", tokenDigest).bind("u", userId).bind("c", csrfToken).bind("e", expiresAt).bind("now", now)
                .execute());
    }

    public Optional<Session> find(String tokenDigest) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT user_id, csrf_token, expires_at FROM web_sessions WHERE token_digest = :d")
                .bind("d", tokenDigest)
                .map((rs, c) -> new Session(rs.getLong(1), rs.getString(2), rs.getLong(3))).findOne());
    }

    public void delete(String tokenDigest) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM web_sessions WHERE token_digest = :d")
                .bind("d", tokenDigest).execute());
    }

    public void deleteExpired(long now) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM web_sessions WHERE expires_at < :now").bind("now", now).execute());
    }
}
