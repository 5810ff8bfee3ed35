package depot.format.rpm;

import java.util.Comparator;

/**
 * rpm's version order for {@code [epoch:]version[-release]}: the epoch as a number, then version and release each by
 * rpmvercmp — alphanumeric segments (separators skipped), numbers above letters and compared as numbers, {@code ~}
 * before everything (a pre-release) and {@code ^} after the end but before more segments (a snapshot).
 */
final class RpmVersions {
    static final Comparator<String> ORDER = depot.http.VersionOrder.epochVersionRelease(RpmVersions::vercmp);

    private RpmVersions() {}

    static int compare(String a, String b) { return ORDER.compare(a, b); }

    private static boolean alnum(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static String stripZeros(String digits) {
        int k = 0;
        while (k < digits.length() && digits.charAt(k) == '0') k++;
        return digits.substring(k);
    }

    private static boolean digit(char c) { return c >= '0' && c <= '9'; }

    static int vercmp(String a, String b) {
        if (a.equals(b)) return 0;
        int i = 0;
        int j = 0;
        while (i < a.length() || j < b.length()) {
            while (i < a.length() && !alnum(a.charAt(i)) && a.charAt(i) != '~' && a.charAt(i) != '^') i++;
            while (j < b.length() && !alnum(b.charAt(j)) && b.charAt(j) != '~' && b.charAt(j) != '^') j++;
            char ca = i < a.length() ? a.charAt(i) : 0;
            char cb = j < b.length() ? b.charAt(j) : 0;
            if (ca == '~' || cb == '~') {
                if (ca != '~') return 1;
                if (cb != '~') return -1;
                i++;
                j++;
                continue;
            }
            if (ca == '^' || cb == '^') {
                if (ca == 0) return -1;
                if (cb == 0) return 1;
                if (ca != '^') return 1;
                if (cb != '^') return -1;
                i++;
                j++;
                continue;
            }
            if (ca == 0 || cb == 0) break;
            boolean number = digit(ca);
            int ei = i;
            int ej = j;
            while (ei < a.length() && (number ? digit(a.charAt(ei)) : Character.isLetter(a.charAt(ei)) && alnum(a.charAt(ei)))) ei++;
            while (ej < b.length() && (number ? digit(b.charAt(ej)) : Character.isLetter(b.charAt(ej)) && alnum(b.charAt(ej)))) ej++;
            if (ej == j) return number ? 1 : -1;   // a number against letters: the number is newer
            String sa = a.substring(i, ei);
            String sb = b.substring(j, ej);
            if (number) {
                sa = stripZeros(sa);
                sb = stripZeros(sb);
                if (sa.length() != sb.length()) return Integer.compare(sa.length(), sb.length());
            }
            int c = sa.compareTo(sb);
            if (c != 0) return Integer.signum(c);
            i = ei;
            j = ej;
        }
        boolean endA = i >= a.length();
        boolean endB = j >= b.length();
        if (endA && endB) return 0;
        return endA ? -1 : 1;
    }
}
