package depot.format.generic;

import depot.core.error.DepotException;
import java.util.regex.Pattern;

/** GitLab's rules for generic package names, versions and file names. Pure; thread-safe. */
public final class GenericNames {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._+-]{1,255}");
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,254}");
    private static final Pattern FILE = Pattern.compile("[A-Za-z0-9._+~-][A-Za-z0-9._+~ -]{0,254}");

    private GenericNames() {}

    public static String name(String s) { return check(s, NAME, "package_name"); }

    public static String version(String s) { return check(s, VERSION, "package_version"); }

    public static String fileName(String s) { return check(s, FILE, "file_name"); }

    private static String check(String s, Pattern p, String what) {
        // ".." anywhere would let a path walk upwards once joined; GitLab refuses it too
        if (s == null || !p.matcher(s).matches() || s.contains("..") || s.equals(".") || s.endsWith(" ")) {
            throw new DepotException.Invalid(what + " is invalid");
        }
        return s;
    }
}
