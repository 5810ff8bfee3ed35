package depot.format.rubygems;

import depot.core.error.DepotException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Gem::Version's rules: which strings are versions, which are prereleases (any letter), and how two compare
 * (segments of digits and of letters; a letter segment sorts before any number; trailing zeros do not count).
 */
final class GemVersion {
    /** Gem::Version::ANCHORED_VERSION_PATTERN, without the surrounding spaces it tolerates. */
    private static final Pattern VERSION = Pattern.compile("[0-9]+(?:\\.[0-9a-zA-Z]+)*(?:-[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?");
    private static final Pattern SEGMENT = Pattern.compile("[0-9]+|[a-zA-Z]+");

    static final Comparator<String> ORDER = GemVersion::compare;

    private GemVersion() {}

    static boolean isValid(String v) {
        return v != null && v.length() <= 128 && VERSION.matcher(v).matches();
    }

    /**
     * The version as Gem::Version keeps it: stripped, with {@code -} read as {@code .pre.} ({@code 1.0-beta} is
     * {@code 1.0.pre.beta}), as {@code gem build} names the file; 400 for anything that is not a version.
     */
    /**
     * A version as a gem's own metadata must hold it: what {@link #canonical} accepts, without {@code -}. RubyGems
     * reads the metadata's string as it stands (it does not canonicalise on load), so {@code foo 2-1.0.0} would
     * install into {@code foo-2-1.0.0/}, the folder of {@code foo-2 1.0.0}; {@code gem build} never writes one.
     */
    static String requireStored(String v) {
        String c = canonical(v);
        if (!c.equals(v.strip())) {
            throw new DepotException.Invalid("Malformed version number string " + v + " in the gem's metadata: gem build "
                    + "writes it as " + c + " (a - in a gem's version would install it where another gem lives)");
        }
        return c;
    }

    static String canonical(String v) {
        if (v != null && v.strip().length() > 128) {
            throw new DepotException.Invalid("version is longer than 128 characters: Depot refuses it");
        }
        if (v == null || !isValid(v.strip())) throw new DepotException.Invalid("Malformed version number string " + v);
        return v.strip().replace("-", ".pre.");
    }

    static boolean isPrerelease(String v) {
        for (int i = 0; i < v.length(); i++) if (Character.isLetter(v.charAt(i))) return true;
        return false;
    }

    static int compare(String a, String b) {
        List<Object> x = segments(a);
        List<Object> y = segments(b);
        for (int i = 0; i < Math.max(x.size(), y.size()); i++) {
            Object l = i < x.size() ? x.get(i) : 0L;
            Object r = i < y.size() ? y.get(i) : 0L;
            if (l.equals(r)) continue;
            if (l instanceof String && r instanceof Long) return -1;
            if (l instanceof Long && r instanceof String) return 1;
            int c = l instanceof Long ll ? Long.compare(ll, (Long) r) : ((String) l).compareTo((String) r);
            if (c != 0) return c;
        }
        return 0;
    }

    /** Gem::Version#canonical_segments: "-" reads as ".pre.", trailing zeros of each part are dropped. */
    private static List<Object> segments(String v) {
        List<Object> segments = new ArrayList<>();
        Matcher m = SEGMENT.matcher(v.replace("-", ".pre."));
        while (m.find()) {
            String s = m.group();
            segments.add(Character.isDigit(s.charAt(0)) ? parse(s) : s);
        }
        int firstLetter = segments.size();
        for (int i = 0; i < segments.size(); i++) {
            if (segments.get(i) instanceof String) {
                firstLetter = i;
                break;
            }
        }
        List<Object> release = trim(new ArrayList<>(segments.subList(0, firstLetter)));
        List<Object> pre = trim(new ArrayList<>(segments.subList(firstLetter, segments.size())));
        release.addAll(pre);
        return release;
    }

    private static List<Object> trim(List<Object> s) {
        while (!s.isEmpty() && Long.valueOf(0).equals(s.get(s.size() - 1))) s.remove(s.size() - 1);
        return s;
    }

    private static Long parse(String digits) {
        String d = digits.replaceFirst("^0+(?=.)", "");
        return d.length() > 18 ? Long.MAX_VALUE : Long.parseLong(d);
    }
}
