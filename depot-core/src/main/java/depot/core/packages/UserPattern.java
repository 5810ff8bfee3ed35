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
    private final Pattern pattern;

    private UserPattern(Pattern pattern) { this.pattern = pattern; }

    /** Compiles {@code regex}; {@link DepotException.Invalid} naming {@code what} when too long or not valid. */
    public static UserPattern compile(String regex, String what) {
        if (regex.length() > MAX_LENGTH) {
            throw new DepotException.Invalid(what + " is longer than " + MAX_LENGTH + " characters");
        }
        try {
            return new UserPattern(Pattern.compile(regex));
        } catch (PatternSyntaxException e) {
            throw new DepotException.Invalid(what + " is not a valid regular expression (RE2 syntax): " + e.getDescription());
        }
    }

    /** Whether the pattern matches somewhere in {@code s}. */
    public boolean find(String s) { return pattern.matcher(s).find(); }

    /** Whether the pattern matches the whole of {@code s}. */
    public boolean matchesWhole(String s) { return pattern.matches(s); }

    @Override
    public String toString() { return pattern.pattern(); }
}
