package depot.core.error;

/**
 * A value from an upload as an error message may quote it: control and invisible formatting characters (a
 * right-to-left override) written as a backslash-u escape, and at most {@link #MAX} characters, so a hostile name can neither
 * flood the message nor rearrange what the client's terminal shows.
 */
public final class Shown {
    public static final int MAX = 120;

    private Shown() {}

    /** {@code s} made safe to quote ({@code ""} for null). */
    public static String of(String s) {
        if (s == null) return "";
        StringBuilder b = new StringBuilder();
        s.codePoints().limit(MAX).forEach(c -> {
            if (c < 0x20 || c == 0x7f || Character.getType(c) == Character.FORMAT) b.append(String.format("\\u%04x", c));
            else b.appendCodePoint(c);
        });
        return s.codePointCount(0, s.length()) > MAX ? b + "…" : b.toString();
    }
}
