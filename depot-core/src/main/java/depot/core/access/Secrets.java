package depot.core.access;

import at.favre.lib.crypto.bcrypt.BCrypt;
import depot.core.blob.Digests;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/** Token generation and digests, and password hashing with bcrypt. Thread-safe. */
public final class Secrets {
    public static final String PERSONAL_PREFIX = "dpat-";
    public static final String DEPLOY_PREFIX = "dpdt-";
    public static final String JOB_PREFIX = "dpjob-";
    private static final char[] ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    /** The bcrypt cost of new password hashes unless configured: GitLab's. */
    public static final int DEFAULT_PASSWORD_HASH_COST = 10;
    private final SecureRandom random = new SecureRandom();
    private final int passwordHashCost;

    /**
     * @param passwordHashCost bcrypt's cost (4 to 31) for new hashes: each step doubles the work. A stored hash keeps
     *     the cost it was made with, so changing it affects only passwords set afterwards.
     */
    public Secrets(int passwordHashCost) {
        if (passwordHashCost < 4 || passwordHashCost > 31) {
            throw new IllegalArgumentException("password_hash_cost must be between 4 and 31, not " + passwordHashCost);
        }
        this.passwordHashCost = passwordHashCost;
    }

    /** A new token: the prefix names its kind, then 32 random characters (about 190 bits). */
    public String newToken(String prefix) {
        return prefix + randomString(32);
    }

    public String randomString(int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) sb.append(ALPHABET[random.nextInt(ALPHABET.length)]);
        return sb.toString();
    }

    /** What is stored for a token: its SHA-256. Tokens are random and long, so no salt or stretching is needed. */
    public static String digest(String token) {
        return Digests.sha256Hex(token.getBytes(StandardCharsets.UTF_8));
    }

    public String hashPassword(String password) {
        return BCrypt.withDefaults().hashToString(passwordHashCost, password.toCharArray());
    }

    public boolean checkPassword(String password, String hash) {
        if (hash == null || password == null) {
            // as slow as a real check, so that a wrong answer does not tell whether the user (or a password) exists
            BCrypt.verifyer().verify(String.valueOf(password).toCharArray(), dummyHash());
            return false;
        }
        return BCrypt.verifyer().verify(password.toCharArray(), hash).verified;
    }

    private volatile String dummy;

    /** A hash of a random secret at the configured cost, made on first use (not at start-up). */
    private String dummyHash() {
        String d = dummy;
        if (d == null) dummy = d = hashPassword(randomString(24));
        return d;
    }
}
