package depot.format.oci;

import java.util.regex.Pattern;

/** The distribution spec's grammar for repository names, tags and digests. */
final class OciNames {
    private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*");
    private static final Pattern TAG = Pattern.compile("[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}");
    /** The longest digest Depot keeps (sha512 is 135 characters; the spec sets no limit). */
    static final int MAX_DIGEST = 200;
    private static final Pattern DIGEST = Pattern.compile("[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+");
    static final int MAX_NAME = 255;

    private OciNames() {}

    static boolean validName(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_NAME) return false;
        for (String component : name.split("/", -1)) {
            if (!COMPONENT.matcher(component).matches()) return false;
        }
        return true;
    }

    static boolean validTag(String tag) {
        return TAG.matcher(tag).matches();
    }

    /** A digest in the spec's general grammar (any algorithm). */
    static boolean looksLikeDigest(String reference) {
        return reference.length() <= MAX_DIGEST && reference.indexOf(':') > 0 && DIGEST.matcher(reference).matches();
    }

    /**
     * Whether Depot can verify a digest: {@code sha256:} with 64 or {@code sha512:} with 128 lower-case hex digits,
     * the two algorithms every blob's single pass over its bytes computes.
     */
    static boolean supported(String digest) {
        if (digest == null) return false;
        if (digest.startsWith("sha256:")) return hex(digest.substring(7), 64);
        if (digest.startsWith("sha512:")) return hex(digest.substring(7), 128);
        return false;
    }

    /** The digest of a stored blob in the algorithm of {@code like} (a supported digest). */
    /** What an upload must be hashed with, besides SHA-256, to be checked against {@code digest}. */
    static java.util.Set<depot.core.blob.Checksum> checksums(String digest) {
        return digest.startsWith("sha512:") ? java.util.Set.of(depot.core.blob.Checksum.SHA512) : java.util.Set.of();
    }

    static String digestOf(depot.core.blob.StoredBlob blob, String like) {
        return like.startsWith("sha512:") ? "sha512:" + blob.sha512() : "sha256:" + blob.sha256();
    }

    /** The digest of bytes in memory (a manifest) in the algorithm of {@code like}, sha256 when it is null. */
    static String digestOf(byte[] body, String like) {
        String algorithm = like != null && like.startsWith("sha512:") ? "SHA-512" : "SHA-256";
        try {
            byte[] d = java.security.MessageDigest.getInstance(algorithm).digest(body);
            return algorithm.toLowerCase(java.util.Locale.ROOT).replace("-", "") + ":"
                    + java.util.HexFormat.of().formatHex(d);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is part of every Java platform", e);
        }
    }

    private static boolean hex(String s, int length) {
        return s.length() == length && s.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
    }
}
