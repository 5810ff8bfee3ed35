package depot.core.packages;

import java.util.Locale;
import java.util.Map;

/**
 * A text whose byte order is a version order, so that lists sort by version in the database: numbers compare as
 * numbers ({@code 1.10 > 1.9}, {@code 10.0.0 > 2.0.0}), a pre-release word comes before its release ({@code dev <
 * alpha < beta < milestone < rc < snapshot < release}, other words with the pre-releases, by name), a post-release
 * word after it but before the next number ({@code 1.0 < 1.0.post1 < 1.0.1}), and build metadata after {@code +} is
 * left out. It is one order for every format — close to semver, Maven's, PEP 440, RubyGems' and dpkg's for the
 * versions people publish; a detail page lists a package's versions in its format's exact order.
 */
public final class VersionKey {
    private static final char DEV = '0';
    private static final char PRE = '1';
    private static final char END = '2';
    private static final char POST = '3';
    private static final char NUMBER = '4';
    private static final int MAX_DIGITS = 25;
    /** Pre-release words people spell several ways, each to its rank among the pre-releases. */
    private static final Map<String, String> PRE_RANK = Map.ofEntries(Map.entry("a", "a"), Map.entry("alpha", "a"),
            Map.entry("b", "b"), Map.entry("beta", "b"), Map.entry("m", "m"), Map.entry("milestone", "m"),
            Map.entry("c", "r"), Map.entry("cr", "r"), Map.entry("rc", "r"), Map.entry("pre", "r"),
            Map.entry("preview", "r"), Map.entry("snapshot", "s"));
    private static final java.util.Set<String> POST_WORDS = java.util.Set.of("post", "rev", "r", "sp", "pl", "patch", "p");
    private static final java.util.Set<String> RELEASE_WORDS = java.util.Set.of("final", "ga", "release");

    private VersionKey() {}

    public static String of(String version) {
        String v = version.toLowerCase(Locale.ROOT);
        int plus = v.indexOf('+');
        if (plus > 0) v = v.substring(0, plus);
        StringBuilder b = new StringBuilder(v.length() + 16);
        int i = 0;
        while (i < v.length() && b.length() < 900) {
            char c = v.charAt(i);
            int j = i;
            if (c >= '0' && c <= '9') {
                while (j < v.length() && v.charAt(j) >= '0' && v.charAt(j) <= '9') j++;
                int start = i;
                while (start < j - 1 && v.charAt(start) == '0') start++;
                String digits = v.substring(start, Math.min(j, start + MAX_DIGITS));
                b.append(NUMBER).append((char) ('a' + digits.length())).append(digits);
            } else if (c >= 'a' && c <= 'z') {
                while (j < v.length() && v.charAt(j) >= 'a' && v.charAt(j) <= 'z') j++;
                String word = v.substring(i, j);
                if (word.equals("dev")) {
                    b.append(DEV);
                } else if (POST_WORDS.contains(word)) {
                    b.append(POST);
                } else if (!RELEASE_WORDS.contains(word)) {
                    String rank = PRE_RANK.get(word);
                    // a known word by its rank; any other after them, by its letters ('!' ends it: "alpha" < "alphab")
                    b.append(PRE).append(rank != null ? rank : "z" + word).append('!');
                }
            } else {
                j = i + 1;   // a separator, or a character no order gives a meaning to
            }
            i = j;
        }
        return b.append(END).toString();
    }
}
