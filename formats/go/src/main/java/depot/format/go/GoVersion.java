package depot.format.go;

import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A module version as the go command reads it: semantic versioning with a leading {@code v}, canonical here (all
 * three numbers, build metadata only {@code +incompatible}), ordered by semver precedence, which also orders
 * pseudo-versions by their timestamps.
 */
record GoVersion(String text, long major, long minor, long patch, String prerelease, String build) {
    private static final String NUM = "(0|[1-9][0-9]*)";
    private static final String IDENT = "(?:0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*)";
    private static final Pattern CANONICAL = Pattern.compile("v" + NUM + "\\." + NUM + "\\." + NUM
            + "(?:-(" + IDENT + "(?:\\." + IDENT + ")*))?(\\+incompatible)?");
    private static final Pattern PSEUDO = Pattern.compile(
            "v[0-9]+\\.(0\\.0-|\\d+\\.\\d+-([^+]*\\.)?0\\.)\\d{14}-[A-Za-z0-9]+(\\+[0-9A-Za-z-]+(\\.[0-9A-Za-z-]+)*)?");
    static final Comparator<GoVersion> ORDER = GoVersion::compare;

    /** The canonical version {@code text}, or null when it is not one (too long, not semver, other build metadata). */
    static GoVersion parse(String text) {
        if (text == null || text.length() > 128) return null;
        Matcher m = CANONICAL.matcher(text);
        if (!m.matches() || m.group(1).length() > 18 || m.group(2).length() > 18 || m.group(3).length() > 18) {
            return null;
        }
        return new GoVersion(text, Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)),
                m.group(4) == null ? "" : m.group(4), m.group(5) == null ? "" : m.group(5));
    }

    boolean isRelease() { return prerelease.isEmpty(); }

    boolean incompatible() { return !build.isEmpty(); }

    /** A pseudo-version (a commit without a tag): {@code v0.0.0-20191109021931-daa7c04131f5} and its two other forms. */
    boolean isPseudo() { return text.chars().filter(c -> c == '-').count() >= 2 && PSEUDO.matcher(text).matches(); }

    /** The UTC timestamp a pseudo-version carries ({@code yyyyMMddHHmmss}), or null. */
    String pseudoTime() {
        if (!isPseudo()) return null;
        String pre = prerelease;
        int dash = pre.lastIndexOf('-');
        String stamp = pre.substring(0, dash);
        return stamp.substring(stamp.length() - 14);
    }

    static int compare(GoVersion a, GoVersion b) {
        int c = Long.compare(a.major, b.major);
        if (c == 0) c = Long.compare(a.minor, b.minor);
        if (c == 0) c = Long.compare(a.patch, b.patch);
        if (c != 0) return c;
        if (a.prerelease.isEmpty() || b.prerelease.isEmpty()) {
            return Boolean.compare(a.prerelease.isEmpty(), b.prerelease.isEmpty());
        }
        String[] x = a.prerelease.split("\\.", -1);
        String[] y = b.prerelease.split("\\.", -1);
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            c = compareIdent(x[i], y[i]);
            if (c != 0) return c;
        }
        return Integer.compare(x.length, y.length);
    }

    private static int compareIdent(String x, String y) {
        boolean nx = x.chars().allMatch(Character::isDigit);
        boolean ny = y.chars().allMatch(Character::isDigit);
        if (nx && ny) return x.length() != y.length() ? Integer.compare(x.length(), y.length()) : x.compareTo(y);
        if (nx != ny) return nx ? -1 : 1;
        return x.compareTo(y);
    }

    @Override
    public String toString() { return text; }
}
