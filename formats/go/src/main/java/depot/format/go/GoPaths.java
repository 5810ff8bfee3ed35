package depot.format.go;

import java.util.List;
import java.util.Locale;

/**
 * Module paths, file paths inside a module and their escaped form in proxy URLs, by the rules of the Go team's
 * module package: what the go command would refuse to download is refused here, with its reason. Each check returns
 * the reason a path is not valid, or null.
 */
final class GoPaths {
    private static final List<String> WINDOWS_NAMES = List.of("CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3",
            "COM4", "COM5", "COM6", "COM7", "COM8", "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7",
            "LPT8", "LPT9");
    static final int MAX_PATH = 1024;

    private GoPaths() {}

    enum Kind { MODULE, FILE }

    /** Why {@code path} is not a module path ({@code example.com/team/lib}, {@code …/v2}), or null. */
    static String checkModule(String path) {
        if (path == null || path.isEmpty()) return "empty module path";
        if (path.length() > MAX_PATH) return "module path longer than " + MAX_PATH + " characters";
        String why = check(path, Kind.MODULE);
        if (why != null) return why;
        int slash = path.indexOf('/');
        String first = slash < 0 ? path : path.substring(0, slash);
        if (!first.contains(".")) return "missing dot in first path element";
        for (char c : first.toCharArray()) {
            if (!(c == '-' || c == '.' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z')) {
                return "invalid char '" + c + "' in first path element";
            }
        }
        if (majorSuffix(path) == null) return "invalid version suffix";
        return null;
    }

    /** Why {@code path} (relative, inside a module) is not a valid file path, or null. */
    static String checkFile(String path) {
        if (path.length() > MAX_PATH) return "file path longer than " + MAX_PATH + " characters";
        return check(path, Kind.FILE);
    }

    private static String check(String path, Kind kind) {
        if (path.isEmpty()) return "empty string";
        if (path.charAt(0) == '-' && kind != Kind.FILE) return "leading dash";
        if (path.contains("//")) return "double slash";
        if (path.endsWith("/")) return "trailing slash";
        for (String elem : path.split("/", -1)) {
            String why = checkElem(elem, kind);
            if (why != null) return why;
        }
        return null;
    }

    static String checkElem(String elem, Kind kind) {
        if (elem.isEmpty()) return "empty path element";
        if (elem.chars().allMatch(c -> c == '.')) return "invalid path element \"" + elem + "\"";
        if (elem.charAt(0) == '.' && kind == Kind.MODULE) return "leading dot in path element";
        if (elem.endsWith(".")) return "trailing dot in path element";
        for (int i = 0; i < elem.length(); ) {
            int r = elem.codePointAt(i);
            if (!(kind == Kind.MODULE ? moduleChar(r) : fileChar(r))) {
                return "invalid char " + (r < 0x20 || r == 0x7f ? String.format("U+%04X", r) : "'" + Character.toString(r) + "'");
            }
            i += Character.charCount(r);
        }
        int dot = elem.indexOf('.');
        String shortName = dot < 0 ? elem : elem.substring(0, dot);
        if (WINDOWS_NAMES.contains(shortName.toUpperCase(Locale.ROOT))) {
            return "\"" + shortName + "\" disallowed as path element component on Windows";
        }
        if (kind == Kind.MODULE) {
            int tilde = shortName.lastIndexOf('~');
            if (tilde >= 0 && tilde < shortName.length() - 1
                    && shortName.substring(tilde + 1).chars().allMatch(c -> c >= '0' && c <= '9')) {
                return "trailing tilde and digits in path element";
            }
        }
        return null;
    }

    private static boolean moduleChar(int r) {
        return r == '-' || r == '.' || r == '_' || r == '~' || r >= '0' && r <= '9' || r >= 'A' && r <= 'Z'
                || r >= 'a' && r <= 'z';
    }

    private static boolean fileChar(int r) {
        if (r < 0x80) {
            return r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z'
                    || "!#$%&()+,-.=@[]^_{}~ ".indexOf(r) >= 0;
        }
        return Character.isLetter(r);
    }

    /**
     * The major-version suffix of a module path: {@code ""} for none, {@code "/v2"}, or {@code ".v3"} for
     * {@code gopkg.in}; null when the path ends in an invalid one ({@code /v1}, {@code /v0}, {@code /v1.2}).
     */
    static String majorSuffix(String path) {
        if (path.startsWith("gopkg.in/")) {
            int i = path.length();
            if (path.endsWith("-unstable")) i -= "-unstable".length();
            while (i > 0 && Character.isDigit(path.charAt(i - 1))) i--;
            if (i <= 1 || path.charAt(i - 1) != 'v' || path.charAt(i - 2) != '.') return null;
            String major = path.substring(i - 2);
            if (major.length() <= 2 || major.charAt(2) == '0' && !major.equals(".v0")) return null;
            return major;
        }
        int i = path.length();
        boolean dot = false;
        while (i > 0 && (Character.isDigit(path.charAt(i - 1)) || path.charAt(i - 1) == '.')) {
            if (path.charAt(i - 1) == '.') dot = true;
            i--;
        }
        if (i <= 1 || i == path.length() || path.charAt(i - 1) != 'v' || path.charAt(i - 2) != '/') return "";
        String major = path.substring(i - 2);
        if (dot || major.length() <= 2 || major.charAt(2) == '0' || major.equals("/v1")) return null;
        return major;
    }

    /** Why {@code version} does not fit the module path's major version, or null. */
    static String checkMajor(String path, GoVersion v) {
        String suffix = majorSuffix(path);
        if (suffix == null) return "invalid version suffix";
        if (suffix.startsWith(".v") && suffix.endsWith("-unstable")) suffix = suffix.substring(0, suffix.length() - 9);
        if (v.text().startsWith("v0.0.0-") && suffix.equals(".v1")) return null;
        String major = "v" + v.major();
        if (suffix.isEmpty()) {
            if (v.incompatible()) {
                return v.major() >= 2 ? null : "+incompatible suffix not allowed: major version " + major + " is compatible";
            }
            return v.major() <= 1 ? null : "should be v0 or v1, not " + major
                    + " (a module of major version 2 or more ends its path in /" + major + ")";
        }
        if (v.incompatible()) return "+incompatible suffix not allowed: module path has a major version suffix";
        return suffix.substring(1).equals(major) ? null : "should be " + suffix.substring(1) + ", not " + major;
    }

    /** The proxy protocol's escaped form: each capital letter as {@code !} and its lower case. */
    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (char c : s.toCharArray()) {
            if (c >= 'A' && c <= 'Z') b.append('!').append((char) (c + 32));
            else b.append(c);
        }
        return b.toString();
    }

    /** The path or version an escaped URL segment names, or null when it is not a valid escaping. */
    static String unescape(String escaped) {
        StringBuilder b = new StringBuilder(escaped.length());
        boolean bang = false;
        for (char c : escaped.toCharArray()) {
            if (c >= 0x80) return null;
            if (bang) {
                bang = false;
                if (c < 'a' || c > 'z') return null;
                b.append((char) (c - 32));
            } else if (c == '!') {
                bang = true;
            } else if (c >= 'A' && c <= 'Z') {
                return null;
            } else {
                b.append(c);
            }
        }
        return bang ? null : b.toString();
    }
}
