package depot.core.packages;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import depot.core.error.DepotException;

/**
 * A regular expression a user wrote (duplicate exceptions, container cleanup rules): at most {@value #MAX_LENGTH}
 * characters, run on RE2/J, whose matching takes time linear in the input whatever the pattern — a catastrophic
 * backtracking pattern such as {@code ^(.*a){10}X} costs nothing special. RE2 syntax: no backreferences or
 * lookaround. Immutable, thread-safe.
 */
public final class UserPattern {
    public static final int MAX_LENGTH = 255;
    /** The most instructions a pattern may compile to (RE2/J itself sets no limit: {@code ((a{100}){100}){100}}). */
    static final long MAX_PROGRAM = 10_000;
    private final Pattern pattern;

    private UserPattern(Pattern pattern) { this.pattern = pattern; }

    /** Compiles {@code regex}; {@link DepotException.Invalid} naming {@code what} when too long or not valid. */
    public static UserPattern compile(String regex, String what) {
        if (regex.length() > MAX_LENGTH) {
            throw new DepotException.Invalid(what + " is longer than " + MAX_LENGTH + " characters");
        }
        if (programSize(regex) > MAX_PROGRAM) {
            throw new DepotException.Invalid(what + " repeats too much: counted repetitions multiply to more than "
                    + MAX_PROGRAM + " steps");
        }
        try {
            return new UserPattern(Pattern.compile(regex));
        } catch (PatternSyntaxException e) {
            throw new DepotException.Invalid(what + " is not a valid regular expression (RE2 syntax): " + e.getDescription());
        }
    }

    /**
     * An upper bound of the instructions RE2 compiles {@code regex} to, read without compiling it: a counted repetition
     * {@code x{n,m}} copies {@code x} up to {@code m} times, so nested ones multiply (and a pattern of 26 characters
     * can ask for a billion). Literals, classes and escapes count one each; alternatives add up. Lenient about syntax:
     * RE2/J refuses what is not a pattern afterwards.
     */
    static long programSize(String regex) {
        java.util.ArrayDeque<long[]> frames = new java.util.ArrayDeque<>();   // {total, last item}
        long[] frame = {0, 0};
        int i = 0;
        while (i < regex.length()) {
            char c = regex.charAt(i);
            java.util.regex.Matcher counted = c == '{' ? COUNTED.matcher(regex).region(i, regex.length()) : null;
            if (c == '(') {
                frames.push(frame);
                frame = new long[] {0, 0};
                i++;
                continue;
            }
            if (c == ')') {
                long size = Math.max(frame[0], 1);
                frame = frames.isEmpty() ? new long[] {0, 0} : frames.pop();
                item(frame, size);
                i++;
                continue;
            }
            if (counted != null && counted.lookingAt()) {
                long n = Long.parseLong(counted.group(1).substring(0, Math.min(counted.group(1).length(), 7)));
                String upper = counted.group(2);
                long m = upper == null ? n : upper.isEmpty() ? n + 1
                        : Long.parseLong(upper.substring(0, Math.min(upper.length(), 7)));
                long times = Math.max(Math.max(n, m), 1);
                frame[0] = saturated(frame[0] + saturated(frame[1] * (times - 1)));
                frame[1] = saturated(frame[1] * times);
                i = counted.end();
                continue;
            }
            if (c == '*' || c == '+' || c == '?') {
                i++;
            } else if (c == '|') {
                frame[1] = 0;
                i++;
            } else if (c == '\\') {
                i = Math.min(regex.length(), i + 2);
                if (i < regex.length() && (regex.charAt(i - 1) == 'p' || regex.charAt(i - 1) == 'P')
                        && regex.charAt(i) == '{') {
                    int close = regex.indexOf('}', i);
                    i = close < 0 ? regex.length() : close + 1;
                }
                item(frame, 1);
            } else if (c == '[') {
                i = classEnd(regex, i);
                item(frame, 1);
            } else {
                item(frame, 1);
                i++;
            }
        }
        while (!frames.isEmpty()) {
            long size = Math.max(frame[0], 1);
            frame = frames.pop();
            item(frame, size);
        }
        return frame[0];
    }

    private static final java.util.regex.Pattern COUNTED = java.util.regex.Pattern.compile("\\{(\\d+)(?:,(\\d*))?\\}");

    private static void item(long[] frame, long size) {
        frame[0] = saturated(frame[0] + size);
        frame[1] = size;
    }

    private static long saturated(long v) { return v < 0 || v > Long.MAX_VALUE / 4 ? Long.MAX_VALUE / 4 : v; }

    /** The index after the character class starting at {@code start} ({@code []a]}, {@code [^]a]}, escapes). */
    private static int classEnd(String regex, int start) {
        int i = start + 1;
        if (i < regex.length() && regex.charAt(i) == '^') i++;
        if (i < regex.length() && regex.charAt(i) == ']') i++;
        while (i < regex.length()) {
            char c = regex.charAt(i);
            if (c == '\\') i += 2;
            else if (c == '[' && i + 1 < regex.length() && regex.charAt(i + 1) == ':') {
                int close = regex.indexOf(":]", i + 2);
                i = close < 0 ? regex.length() : close + 2;
            } else if (c == ']') return i + 1;
            else i++;
        }
        return regex.length();
    }

    /** Whether the pattern matches somewhere in {@code s}. */
    public boolean find(String s) { return pattern.matcher(s).find(); }

    /** Whether the pattern matches the whole of {@code s}. */
    public boolean matchesWhole(String s) { return pattern.matches(s); }

    @Override
    public String toString() { return pattern.pattern(); }
}
