package depot.format.cargo;

import depot.core.error.DepotException;
import depot.core.error.Shown;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Crate names as the Rust crate registry takes them: ASCII letters, digits, {@code -} and {@code _}, a letter first,
 * at most 64 characters, no Windows device name; two names are one crate when they differ only in case or in
 * {@code -} against {@code _}. The index path is built from the lowercased name.
 */
final class CrateName {
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,63}");
    private static final Set<String> RESERVED = Set.of("nul", "con", "prn", "aux", "com1", "com2", "com3", "com4",
            "com5", "com6", "com7", "com8", "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8",
            "lpt9");

    private CrateName() {}

    static boolean isValid(String name) {
        return name != null && NAME.matcher(name).matches() && !RESERVED.contains(name.toLowerCase(Locale.ROOT));
    }

    static String require(String name) {
        if (!isValid(name)) {
            throw new DepotException.Invalid("invalid crate name `" + Shown.of(name) + "`: ASCII letters, digits, "
                    + "`-` and `_`, starting with a letter, at most 64 characters");
        }
        return name;
    }

    /** The name two crates share when they are one: lowercased, {@code -} as {@code _}. */
    static String normalize(String name) {
        return name.toLowerCase(Locale.ROOT).replace('-', '_');
    }

    /** The index file's path under the index root: {@code 1/a}, {@code 2/ab}, {@code 3/a/abc}, {@code ab/cd/abcd…}. */
    static String indexPath(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return switch (n.length()) {
            case 1 -> "1/" + n;
            case 2 -> "2/" + n;
            case 3 -> "3/" + n.charAt(0) + "/" + n;
            default -> n.substring(0, 2) + "/" + n.substring(2, 4) + "/" + n;
        };
    }
}
