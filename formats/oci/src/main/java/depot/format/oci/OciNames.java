package depot.format.oci;

import java.util.regex.Pattern;

/** The distribution spec's grammar for repository names, tags and digests. */
final class OciNames {
    private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*");
    private static final Pattern TAG = Pattern.compile("[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}");
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
        return reference.indexOf(':') > 0 && DIGEST.matcher(reference).matches();
    }

    /** The hex of a {@code sha256:} digest, or null when it is not one Depot can verify. */
    static String sha256(String digest) {
        if (digest == null || !digest.startsWith("sha256:")) return null;
        String hex = digest.substring(7);
        return depot.core.blob.Digests.isSha256Hex(hex) ? hex : null;
    }

    static String digest(String sha256) {
        return "sha256:" + sha256;
    }
}
