package depot.format.debian;

import java.util.Comparator;

/**
 * dpkg's version order ({@code [epoch:]upstream[-revision]}, Debian Policy 5.6.12): the epoch as a number, then
 * the upstream version and the revision each compared in alternating runs — non-digits, where {@code ~} sorts before
 * everything (even the end) and letters before other characters, then digits as numbers.
 */
final class DebianVersions {
    static final Comparator<String> ORDER = depot.http.VersionOrder.epochVersionRelease(DebianVersions::compareRuns);

    private DebianVersions() {}

    static int compare(String a, String b) { return ORDER.compare(a, b); }

    private static int order(String s, int i) {
        if (i >= s.length()) return 0;
        char c = s.charAt(i);
        if (Character.isDigit(c)) return 0;
        if (Character.isLetter(c)) return c;
        if (c == '~') return -1;
        return c + 256;
    }

    private static int compareRuns(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() || j < b.length()) {
            while ((i < a.length() && !Character.isDigit(a.charAt(i))) || (j < b.length() && !Character.isDigit(b.charAt(j)))) {
                int ac = order(a, i);
                int bc = order(b, j);
                if (ac != bc) return Integer.signum(ac - bc);
                i++;
                j++;
            }
            while (i < a.length() && a.charAt(i) == '0') i++;
            while (j < b.length() && b.charAt(j) == '0') j++;
            int firstDiff = 0;
            while (i < a.length() && Character.isDigit(a.charAt(i)) && j < b.length() && Character.isDigit(b.charAt(j))) {
                if (firstDiff == 0) firstDiff = a.charAt(i) - b.charAt(j);
                i++;
                j++;
            }
            if (i < a.length() && Character.isDigit(a.charAt(i))) return 1;
            if (j < b.length() && Character.isDigit(b.charAt(j))) return -1;
            if (firstDiff != 0) return Integer.signum(firstDiff);
        }
        return 0;
    }
}
