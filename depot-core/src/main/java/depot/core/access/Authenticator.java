package depot.core.access;

import depot.core.db.Clock;
import depot.core.db.Identities;
import depot.core.error.DepotException;
import depot.core.model.CiJob;
import depot.core.model.DeployToken;
import depot.core.model.PersonalAccessToken;
import depot.core.model.User;
import java.util.HashSet;

/**
 * Turns credentials into a {@link Principal}. A token's prefix says which kind it is, so each is one indexed
 * lookup by digest. Wrong, expired, revoked or blocked credentials throw
 * {@link DepotException.Unauthenticated} — never a fall back to anonymous. Thread-safe.
 */
public final class Authenticator {
    /** A password sign-in carries every scope; an empty set with no token id means "not narrowed". */
    private static final java.util.Set<String> ALL_SCOPES = java.util.Set.of();
    private final Identities identities;
    private final Secrets secrets;
    private final Clock clock;
    /** When this node last wrote each token's last use: GitLab's "last used" is kept to the minute, not per request. */
    private final java.util.concurrent.ConcurrentHashMap<Long, Long> touched = new java.util.concurrent.ConcurrentHashMap<>();
    private static final long TOUCH_INTERVAL_MILLIS = 60_000;

    public Authenticator(Identities identities, Secrets secrets, Clock clock) {
        this.identities = identities;
        this.secrets = secrets;
        this.clock = clock;
    }

    private volatile AuthThrottle throttle = AuthThrottle.off();

    /** Failed authentications from one address beyond the throttle's limit get 429s for a while. */
    public void throttle(AuthThrottle throttle) { this.throttle = throttle; }

    public AuthThrottle throttle() { return throttle; }

    /** {@link #authenticate(Credentials)} for a request from {@code address}, counting its failures. */
    public Principal authenticate(Credentials c, String address) {
        if (c == null) return Principal.ANONYMOUS;
        return throttled(address, () -> authenticate(c));
    }

    /** A password sign-in from {@code address} (the web UI, where a token is no password); throttled the same way. */
    public Principal.UserPrincipal signIn(String username, String password, String address) {
        return (Principal.UserPrincipal) throttled(address, () -> password(username, password));
    }

    private Principal throttled(String address, java.util.function.Supplier<Principal> attempt) {
        throttle.check(address);
        try {
            return attempt.get();
        } catch (DepotException.Unauthenticated e) {
            throttle.failed(address);
            throw e;
        }
    }

    public Principal authenticate(Credentials c) {
        if (c == null) return Principal.ANONYMOUS;
        String secret = c.secret() == null ? "" : c.secret().trim();
        if (secret.isEmpty()) throw invalid();
        return switch (c.kind()) {
            case PRIVATE_TOKEN -> personal(secret);
            case DEPLOY_TOKEN -> deploy(secret, null);
            case JOB_TOKEN -> job(secret);
            case BEARER -> byPrefix(secret, null);
            case BASIC -> basic(c.username(), secret);
        };
    }

    /**
     * A short reference to a principal, for a signed token that stands for it later (the container registry's
     * JWTs): {@code user:ID} for a password sign-in, {@code pat:ID}, {@code deploy:ID}, {@code job:ID} or
     * {@code anonymous}. It carries no secret; only a signature over it makes it a credential.
     */
    public static String reference(Principal p) {
        if (p instanceof Principal.UserPrincipal u) {
            return u.tokenId() == null ? "user:" + u.user().id() : "pat:" + u.tokenId();
        }
        if (p instanceof Principal.DeployTokenPrincipal d) return "deploy:" + d.token().id();
        if (p instanceof Principal.JobPrincipal j) return "job:" + j.job().id();
        return "anonymous";
    }

    /**
     * The principal a {@link #reference} names, checked again as if its credential had been presented now: a token
     * revoked or expired since, a finished job or a blocked user no longer authenticate.
     */
    public Principal restore(String reference) {
        if (reference == null || reference.equals("anonymous")) return Principal.ANONYMOUS;
        int colon = reference.indexOf(':');
        long id;
        try {
            id = Long.parseLong(reference.substring(colon + 1));
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            throw invalid();
        }
        long now = clock.now();
        switch (reference.substring(0, Math.max(colon, 0))) {
            case "user" -> {
                return new Principal.UserPrincipal(active(identities.user(id).orElseThrow(Authenticator::invalid)),
                        null, ALL_SCOPES);
            }
            case "pat" -> {
                return personal(identities.personalToken(id).orElseThrow(Authenticator::invalid), now);
            }
            case "deploy" -> {
                return deploy(identities.deployToken(id).orElseThrow(Authenticator::invalid), null, now);
            }
            case "job" -> {
                return job(identities.job(id).orElseThrow(Authenticator::invalid), now);
            }
            default -> throw invalid();
        }
    }

    private Principal basic(String username, String secret) {
        if (secret.startsWith(Secrets.PERSONAL_PREFIX) || secret.startsWith(Secrets.DEPLOY_PREFIX)
                || secret.startsWith(Secrets.JOB_PREFIX)) {
            return byPrefix(secret, username);
        }
        // a token made without Depot's prefix (DEPOT_INITIAL_ROOT_TOKEN=my-long-random-token) is still a token: every
        // secret Depot issued works in every credential form. A miss here and the password check after it are one
        // attempt, counted once by the throttle.
        String digest = Secrets.digest(secret);
        long now = clock.now();
        var personal = identities.personalTokenByDigest(digest);
        if (personal.isPresent()) return personal(personal.get(), now);
        var deploy = identities.deployTokenByDigest(digest);
        if (deploy.isPresent()) return deploy(deploy.get(), username, now);
        var job = identities.jobByDigest(digest);
        if (job.isPresent()) return job(job.get(), now);
        return password(username, secret);
    }

    private Principal password(String username, String password) {
        User user = identities.userByUsername(username == null ? "" : username).orElse(null);
        // an unknown user costs a password check too (against no hash): the time of a refusal tells nothing
        if (!secrets.checkPassword(password, user == null ? null : user.passwordHash()) || user == null) throw invalid();
        return new Principal.UserPrincipal(active(user), null, ALL_SCOPES);
    }

    private Principal byPrefix(String secret, String username) {
        if (secret.startsWith(Secrets.DEPLOY_PREFIX)) return deploy(secret, username);
        if (secret.startsWith(Secrets.JOB_PREFIX)) return job(secret);
        return personal(secret);
    }

    private Principal personal(String secret) {
        long now = clock.now();
        PersonalAccessToken t = identities.personalTokenByDigest(Secrets.digest(secret)).orElseThrow(Authenticator::invalid);
        Principal p = personal(t, now);
        // the looked-up row may be a cached one whose last use is older than the database's: remember our own touches
        long last = Math.max(t.lastUsedAt() == null ? 0 : t.lastUsedAt(), touched.getOrDefault(t.id(), 0L));
        if (now - last > TOUCH_INTERVAL_MILLIS) {
            if (touched.size() >= 10_000) touched.clear();
            touched.put(t.id(), now);
            identities.touchPersonalToken(t.id(), now);
        }
        return p;
    }

    private Principal personal(PersonalAccessToken t, long now) {
        if (t.revoked() || (t.expiresAt() != null && t.expiresAt() <= now)) throw invalid();
        User user = active(identities.user(t.userId()).orElseThrow(Authenticator::invalid));
        return new Principal.UserPrincipal(user, t.id(), new HashSet<>(t.scopeList()));
    }

    private Principal deploy(String secret, String username) {
        DeployToken t = identities.deployTokenByDigest(Secrets.digest(secret)).orElseThrow(Authenticator::invalid);
        return deploy(t, username, clock.now());
    }

    private Principal deploy(DeployToken t, String username, long now) {
        if (t.revoked() || (t.expiresAt() != null && t.expiresAt() <= now)) throw invalid();
        if (username != null && !username.isEmpty() && !username.equals(t.username())) throw invalid();
        return new Principal.DeployTokenPrincipal(t);
    }

    private Principal job(String secret) {
        return job(identities.jobByDigest(Secrets.digest(secret)).orElseThrow(Authenticator::invalid), clock.now());
    }

    private Principal job(CiJob job, long now) {
        if (!job.running(now)) throw invalid();
        User user = active(identities.user(job.userId()).orElseThrow(Authenticator::invalid));
        return new Principal.JobPrincipal(job, user);
    }

    private static User active(User user) {
        if (!user.active()) throw invalid();
        return user;
    }

    private static DepotException.Unauthenticated invalid() {
        return new DepotException.Unauthenticated("401 Unauthorized");
    }
}
