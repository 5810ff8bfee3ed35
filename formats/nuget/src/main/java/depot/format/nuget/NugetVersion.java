package depot.format.nuget;

import depot.core.error.DepotException;
import java.math.BigInteger;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A NuGet package version: SemVer 2.0 with an optional fourth number, as NuGet's own client reads it.
 * {@link #normalized()} is the form NuGet uses in URLs and indexes: numbers without leading zeros, at least three
 * of them and a fourth only when not zero, no build metadata ({@code 1.01} → {@code 1.1.0}, {@code 1.0.0.0+sha} →
 * {@code 1.0.0}). Ordering follows SemVer precedence, release labels compared case-insensitively.
 */
public final class NugetVersion implements Comparable<NugetVersion> {
    private static final Pattern FORM = Pattern.compile(
            "(\\d{1,9})(?:\\.(\\d{1,9}))?(?:\\.(\\d{1,9}))?(?:\\.(\\d{1,9}))?"
                    + "(?:-([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?(?:\\+([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?");
    private final long[] numbers;
    private final String release;
    private final String metadata;

    private NugetVersion(long[] numbers, String release, String metadata) {
        this.numbers = numbers;
        this.release = release;
        this.metadata = metadata;
    }

    /** Parses a version; throws Invalid on anything NuGet would not accept. */
    public static NugetVersion parse(String text) {
        if (text == null || text.length() > 128) throw new DepotException.Invalid("invalid version: " + text);
        Matcher m = FORM.matcher(text.trim());
        if (!m.matches()) throw new DepotException.Invalid("invalid version: " + text);
        long[] n = new long[4];
        for (int i = 0; i < 4; i++) n[i] = m.group(i + 1) == null ? 0 : Long.parseLong(m.group(i + 1));
        String release = m.group(5) == null ? "" : m.group(5);
        for (String part : release.isEmpty() ? new String[0] : release.split("\\.")) {
            if (part.length() > 1 && part.charAt(0) == '0' && part.chars().allMatch(Character::isDigit)) {
                throw new DepotException.Invalid("invalid version: " + text + " (a numeric label has a leading zero)");
            }
        }
        return new NugetVersion(n, release, m.group(6) == null ? "" : m.group(6));
    }

    public static boolean isValid(String text) {
        try {
            parse(text);
            return true;
        } catch (DepotException.Invalid e) {
            return false;
        }
    }

    public String normalized() {
        StringBuilder b = new StringBuilder().append(numbers[0]).append('.').append(numbers[1]).append('.').append(numbers[2]);
        if (numbers[3] != 0) b.append('.').append(numbers[3]);
        if (!release.isEmpty()) b.append('-').append(release);
        return b.toString();
    }

    /** The normalized form in lower case: how flat-container and registration URLs spell a version. */
    public String lower() { return normalized().toLowerCase(Locale.ROOT); }

    /** With build metadata, when there was some: the "full" version the registration documents show. */
    public String full() { return metadata.isEmpty() ? normalized() : normalized() + "+" + metadata; }

    public boolean prerelease() { return !release.isEmpty(); }

    /** SemVer 2.0.0 only: dotted release labels or build metadata, which NuGet 3 clients before 4.3 cannot read. */
    public boolean semVer2() { return release.contains(".") || !metadata.isEmpty(); }

    @Override
    public int compareTo(NugetVersion o) {
        for (int i = 0; i < 4; i++) {
            int c = Long.compare(numbers[i], o.numbers[i]);
            if (c != 0) return c;
        }
        if (release.isEmpty() || o.release.isEmpty()) return Boolean.compare(release.isEmpty(), o.release.isEmpty());
        String[] a = release.split("\\.");
        String[] b = o.release.split("\\.");
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            int c = compareLabel(a[i], b[i]);
            if (c != 0) return c;
        }
        return Integer.compare(a.length, b.length);
    }

    private static int compareLabel(String a, String b) {
        boolean an = a.chars().allMatch(Character::isDigit);
        boolean bn = b.chars().allMatch(Character::isDigit);
        if (an && bn) return new BigInteger(a).compareTo(new BigInteger(b));
        if (an != bn) return an ? -1 : 1;
        return a.compareToIgnoreCase(b);
    }

    @Override
    public boolean equals(Object o) { return o instanceof NugetVersion v && compareTo(v) == 0; }

    @Override
    public int hashCode() { return lower().hashCode(); }

    @Override
    public String toString() { return normalized(); }
}
