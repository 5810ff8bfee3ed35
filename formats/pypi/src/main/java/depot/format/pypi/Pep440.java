package depot.format.pypi;

import depot.http.VersionOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEP 440's version order: epoch, release (trailing zeros ignored), then a dev release before its pre-releases,
 * pre-releases (a &lt; b &lt; rc) before the release, post-releases after it, and a local label after the public
 * version it is attached to. Versions PEP 440 cannot parse sort first, among themselves in natural order.
 */
final class Pep440 {
    private static final Pattern FORM = Pattern.compile(
            "v?(?:(\\d+)!)?(\\d+(?:\\.\\d+)*)"
                    + "(?:[-_.]?(a|b|c|rc|alpha|beta|pre|preview)[-_.]?(\\d+)?)?"
                    + "(?:-(\\d+)|[-_.]?(post|rev|r)[-_.]?(\\d+)?)?"
                    + "(?:[-_.]?(dev)[-_.]?(\\d+)?)?"
                    + "(?:\\+([a-z0-9]+(?:[-_.][a-z0-9]+)*))?");

    static final Comparator<String> ORDER = VersionOrder.orElseNatural(v -> parse(v) != null,
            (a, b) -> parse(a).compareTo(parse(b)));

    private Pep440() {}

    /** The parts that order a version; numbers are kept as digit strings without leading zeros. */
    record Key(String epoch, List<String> release, int preRank, String pre, String post, String dev, String local)
            implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int c = number(epoch, o.epoch);
            if (c != 0) return c;
            for (int i = 0; i < Math.max(release.size(), o.release.size()); i++) {
                c = number(i < release.size() ? release.get(i) : "0", i < o.release.size() ? o.release.get(i) : "0");
                if (c != 0) return c;
            }
            c = Integer.compare(preRank, o.preRank);
            if (c == 0 && pre != null) c = number(pre, o.pre);
            if (c != 0) return c;
            c = post == null || o.post == null ? Boolean.compare(post != null, o.post != null) : number(post, o.post);
            if (c != 0) return c;
            c = dev == null || o.dev == null ? Boolean.compare(dev == null, o.dev == null) : number(dev, o.dev);
            if (c != 0) return c;
            return compareLocal(local, o.local);
        }
    }

    /** The version's key, or null when PEP 440 cannot parse it (or it is absurdly long). */
    static Key parse(String text) {
        if (text == null || text.length() > 255) return null;
        Matcher m = FORM.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) return null;
        List<String> release = new ArrayList<>();
        for (String part : m.group(2).split("\\.")) release.add(strip(part));
        int preRank;
        String pre = null;
        if (m.group(3) != null) {
            preRank = switch (m.group(3)) {
                case "a", "alpha" -> 1;
                case "b", "beta" -> 2;
                default -> 3;
            };
            pre = strip(m.group(4) == null ? "0" : m.group(4));
        } else {
            // no pre-release: a bare dev release comes before every pre-release of its release; else after them all
            boolean post = m.group(5) != null || m.group(6) != null;
            preRank = m.group(8) != null && !post ? 0 : 4;
        }
        String post = m.group(5) != null ? strip(m.group(5)) : m.group(6) != null
                ? strip(m.group(7) == null ? "0" : m.group(7)) : null;
        String dev = m.group(8) != null ? strip(m.group(9) == null ? "0" : m.group(9)) : null;
        return new Key(strip(m.group(1) == null ? "0" : m.group(1)), release, preRank, pre, post, dev, m.group(10));
    }

    private static String strip(String digits) {
        int i = 0;
        while (i < digits.length() - 1 && digits.charAt(i) == '0') i++;
        return digits.substring(i);
    }

    private static int number(String a, String b) {
        return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
    }

    /** No local label sorts first; segments compare numerically when both are numbers, a number above a word. */
    private static int compareLocal(String a, String b) {
        if (a == null || b == null) return Boolean.compare(a != null, b != null);
        String[] x = a.split("[-_.]");
        String[] y = b.split("[-_.]");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            boolean nx = x[i].chars().allMatch(Character::isDigit);
            boolean ny = y[i].chars().allMatch(Character::isDigit);
            int c = nx && ny ? number(strip(x[i]), strip(y[i])) : nx != ny ? (nx ? 1 : -1) : x[i].compareTo(y[i]);
            if (c != 0) return c;
        }
        return Integer.compare(x.length, y.length);
    }
}
