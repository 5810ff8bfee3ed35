package depot.core.db;

import depot.core.model.CiJob;
import depot.core.model.DeployToken;
import depot.core.model.PersonalAccessToken;
import depot.core.model.User;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Users and their credentials: personal access tokens, deploy tokens, CI jobs. Tokens are kept as digests. What
 * authenticating a request reads (a token by its digest, its user) is cached under the directory's {@link ChangeCounters change counter}.
 */
public final class Identities {
    private static final int ROWS = 10_000;
    private final Jdbi jdbi;
    private final StampedCache<Long, Optional<User>> users;
    private final StampedCache<String, Optional<PersonalAccessToken>> personalTokens;
    private final StampedCache<String, Optional<DeployToken>> deployTokens;
    private final StampedCache<String, Optional<CiJob>> jobs;

    public Identities(Database database) {
        this.jdbi = database.jdbi();
        ChangeCounters counters = database.changeCounters();
        java.util.function.LongSupplier stamp = counters::directory;
        users = new StampedCache<>(stamp, ROWS);
        personalTokens = new StampedCache<>(stamp, ROWS);
        deployTokens = new StampedCache<>(stamp, ROWS);
        jobs = new StampedCache<>(stamp, ROWS);
    }

    public long insertUser(String username, String name, String email, String passwordHash, boolean admin,
                           long namespaceId, long now) {
        return jdbi.withHandle(h -> h.createQuery("""
                INSERT INTO users (username, name, email, password_hash, admin, state, namespace_id, created_at)
                VALUES (:username, :name, :email, :hash, :admin, 'active', :ns, :now) RETURNING id""")
                .bind("username", username).bind("name", name).bind("email", email).bind("hash", passwordHash)
                .bind("admin", admin).bind("ns", namespaceId).bind("now", now)
                .mapTo(Long.class).one());
    }

    public Optional<User> user(long id) {
        return users.get(id, () -> jdbi.withHandle(h -> h.createQuery("SELECT * FROM users WHERE id = :id")
                .bind("id", id).mapTo(User.class).findOne()));
    }

    public Optional<User> userByUsername(String username) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM users WHERE LOWER(username) = LOWER(:u)")
                .bind("u", username).mapTo(User.class).findOne());
    }

    public List<User> users(String usernameFilter) {
        return jdbi.withHandle(h -> {
            var query = h.createQuery("SELECT * FROM users"
                    + (usernameFilter == null ? "" : " WHERE LOWER(username) = LOWER(:u)") + " ORDER BY id");
            if (usernameFilter != null) query.bind("u", usernameFilter);
            return query.mapTo(User.class).list();
        });
    }

    /** Sets a user's state; blocking also ends the user's browser sessions, so that an unblock revives none. */
    public void setUserState(long id, String state) {
        jdbi.useTransaction(h -> {
            h.createUpdate("UPDATE users SET state = :s WHERE id = :id").bind("s", state).bind("id", id).execute();
            if (!"active".equals(state)) h.createUpdate("DELETE FROM web_sessions WHERE user_id = :id").bind("id", id).execute();
        });
    }

    public void setPassword(long id, String hash) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE users SET password_hash = :p WHERE id = :id")
                .bind("p", hash).bind("id", id).execute());
    }

    public long insertPersonalToken(long userId, String name, String digest, String scopes, Long expiresAt, long now) {
        return jdbi.withHandle(h -> h.createQuery("""
                INSERT INTO personal_access_tokens (user_id, name, token_digest, scopes, expires_at, revoked, created_at)
                VALUES (:u, :name, :d, :scopes, :exp, FALSE, :now) RETURNING id""")
                .bind("u", userId).bind("name", name).bind("d", digest).bind("scopes", scopes)
                .bind("exp", expiresAt).bind("now", now)
                .mapTo(Long.class).one());
    }

    public Optional<PersonalAccessToken> personalToken(long id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM personal_access_tokens WHERE id = :id")
                .bind("id", id).mapTo(PersonalAccessToken.class).findOne());
    }

    /** The token with this digest; its {@code lastUsedAt} may be older than the row's (touches move no stamp). */
    public Optional<PersonalAccessToken> personalTokenByDigest(String digest) {
        return personalTokens.get(digest, () -> jdbi.withHandle(h -> h.createQuery(
                        "SELECT * FROM personal_access_tokens WHERE token_digest = :d")
                .bind("d", digest).mapTo(PersonalAccessToken.class).findOne()));
    }

    public List<PersonalAccessToken> personalTokens(Long userId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM personal_access_tokens"
                        + " WHERE (:u IS NULL OR user_id = :u) ORDER BY id")
                .bind("u", userId).mapTo(PersonalAccessToken.class).list());
    }

    public void revokePersonalToken(long id) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE personal_access_tokens SET revoked = TRUE WHERE id = :id")
                .bind("id", id).execute());
    }

    public void touchPersonalToken(long id, long now) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE personal_access_tokens SET last_used_at = :now WHERE id = :id")
                .bind("now", now).bind("id", id).execute());
    }

    public long insertDeployToken(Long projectId, Long namespaceId, String name, String username, String digest,
                                  String scopes, Long expiresAt, long now) {
        return jdbi.withHandle(h -> h.createQuery("""
                INSERT INTO deploy_tokens (project_id, namespace_id, name, username, token_digest, scopes, expires_at,
                                           revoked, created_at)
                VALUES (:p, :n, :name, :username, :d, :scopes, :exp, FALSE, :now) RETURNING id""")
                .bind("p", projectId).bind("n", namespaceId).bind("name", name).bind("username", username)
                .bind("d", digest).bind("scopes", scopes).bind("exp", expiresAt).bind("now", now)
                .mapTo(Long.class).one());
    }

    public Optional<DeployToken> deployTokenByDigest(String digest) {
        return deployTokens.get(digest, () -> jdbi.withHandle(h -> h.createQuery(
                        "SELECT * FROM deploy_tokens WHERE token_digest = :d")
                .bind("d", digest).mapTo(DeployToken.class).findOne()));
    }

    public Optional<DeployToken> deployToken(long id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM deploy_tokens WHERE id = :id")
                .bind("id", id).mapTo(DeployToken.class).findOne());
    }

    /** The deploy tokens of a project ({@code column = "project_id"}) or a group ({@code "namespace_id"}). */
    public List<DeployToken> deployTokens(String column, long ownerId) {
        if (!column.equals("project_id") && !column.equals("namespace_id")) throw new IllegalArgumentException(column);
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM deploy_tokens WHERE " + column + " = :o ORDER BY id")
                .bind("o", ownerId).mapTo(DeployToken.class).list());
    }

    /** Every deploy token of the instance, projects' and groups', oldest first (the admin's list). */
    public List<DeployToken> allDeployTokens() {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM deploy_tokens ORDER BY id")
                .mapTo(DeployToken.class).list());
    }

    public void revokeDeployToken(long id) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE deploy_tokens SET revoked = TRUE WHERE id = :id")
                .bind("id", id).execute());
    }

    public long insertJob(long projectId, long userId, long pipelineId, String ref, String sha, String name,
                          String digest, long expiresAt, long now) {
        return jdbi.withHandle(h -> h.createQuery("""
                INSERT INTO ci_jobs (project_id, user_id, pipeline_id, ref, sha, name, token_digest, status,
                                     expires_at, created_at)
                VALUES (:p, :u, :pipeline, :ref, :sha, :name, :d, 'running', :exp, :now) RETURNING id""")
                .bind("p", projectId).bind("u", userId).bind("pipeline", pipelineId).bind("ref", ref)
                .bind("sha", sha).bind("name", name).bind("d", digest).bind("exp", expiresAt).bind("now", now)
                .mapTo(Long.class).one());
    }

    public Optional<CiJob> job(long id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM ci_jobs WHERE id = :id")
                .bind("id", id).mapTo(CiJob.class).findOne());
    }

    public Optional<CiJob> jobByDigest(String digest) {
        return jobs.get(digest, () -> jdbi.withHandle(h -> h.createQuery("SELECT * FROM ci_jobs WHERE token_digest = :d")
                .bind("d", digest).mapTo(CiJob.class).findOne()));
    }

    public void finishJob(long id, String status, long now) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE ci_jobs SET status = :s, finished_at = :now WHERE id = :id")
                .bind("s", status).bind("now", now).bind("id", id).execute());
    }
}
