package depot.http;

import java.util.Comparator;
import java.util.function.Predicate;

/** Version orders shared by formats. */
public final class VersionOrder {
    private VersionOrder() {}

    /**
     * Runs of digits compare as numbers, other runs as text (case-blind), and where one version is a prefix of the
     * other the longer is newer unless it goes on with a letter run after a separator — so {@code 1.10 > 1.9},
     * {@code 2.0.0 > 2.0}, and {@code 1.0-rc1 < 1.0}.
     */
    public static final Comparator<String> NATURAL = VersionOrder::natural;

    /**
     * {@code valid} versions in {@code order}, before which come those it refuses (in {@link #NATURAL} order): a
     * format's own order that throws on what it cannot parse, made total.
     */
    public static Comparator<String> orElseNatural(Predicate<String> valid, Comparator<String> order) {
        return (a, b) -> {
            boolean va = valid.test(a);
            boolean vb = valid.test(b);
            if (va && vb) return order.compare(a, b);
            if (va != vb) return va ? 1 : -1;
            return natural(a, b);
        };
    }

    /**
     * The order of {@code [epoch:]version[-release]} versions (dpkg's, rpm's): the epoch as a number (0 when absent),
     * then the version, then the release ("" when absent), those two by {@code part}.
     */
    public static Comparator<String> epochVersionRelease(Comparator<String> part) {
        return (a, b) -> {
            String[] x = splitEvr(a);
            String[] y = splitEvr(b);
            int c = compareDigits(x[0], y[0]);
            if (c != 0) return c;
            c = part.compare(x[1], y[1]);
            return c != 0 ? c : part.compare(x[2], y[2]);
        };
    }

    private static String[] splitEvr(String v) {
        int colon = v.indexOf(':');
        boolean epoch = colon > 0 && v.substring(0, colon).chars().allMatch(Character::isDigit);
        String rest = epoch ? v.substring(colon + 1) : v;
        int dash = rest.lastIndexOf('-');
        return new String[] {epoch ? v.substring(0, colon) : "0", dash >= 0 ? rest.substring(0, dash) : rest,
                dash >= 0 ? rest.substring(dash + 1) : ""};
    }

    private static int natural(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char ca = a.charAt(i);
            char cb = b.charAt(j);
            boolean da = Character.isDigit(ca);
            boolean db = Character.isDigit(cb);
            if (da && db) {
                int ei = run(a, i, true);
                int ej = run(b, j, true);
                int c = compareDigits(a.substring(i, ei), b.substring(j, ej));
                if (c != 0) return c;
                i = ei;
                j = ej;
            } else if (Character.isLetter(ca) && Character.isLetter(cb)) {
                int ei = run(a, i, false);
                int ej = run(b, j, false);
                int c = a.substring(i, ei).compareToIgnoreCase(b.substring(j, ej));
                if (c != 0) return c;
                i = ei;
                j = ej;
            } else if (!Character.isLetterOrDigit(ca) && !Character.isLetterOrDigit(cb)) {
                i++;
                j++;
            } else {
                // a number against a letter or separator: the number is a further release part, so newer
                return da ? 1 : db ? -1 : Character.compare(ca, cb);
            }
        }
        if (i == a.length() && j == b.length()) return a.compareTo(b);
        return i == a.length() ? -tail(b, j) : tail(a, i);
    }

    /** Whether what is left after a common prefix makes a version newer (1) or older (-1): a pre-release is older. */
    private static int tail(String s, int from) {
        int k = from;
        while (k < s.length() && !Character.isLetterOrDigit(s.charAt(k))) k++;
        if (k == s.length()) return 1;
        return Character.isDigit(s.charAt(k)) ? 1 : -1;
    }

    private static int run(String s, int from, boolean digits) {
        int k = from;
        while (k < s.length() && (digits ? Character.isDigit(s.charAt(k)) : Character.isLetter(s.charAt(k)))) k++;
        return k;
    }

    private static String stripZeros(String digits) {
        int i = 0;
        while (i < digits.length() - 1 && digits.charAt(i) == '0') i++;
        return digits.substring(i);
    }

    private static int compareDigits(String x, String y) {
        String a = stripZeros(x);
        String b = stripZeros(y);
        return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
    }
}
