package depot.format.pypi;

import depot.core.error.DepotException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A distribution file name: a wheel ({@code name-version(-build)?-python-abi-platform.whl}, PEP 427) or an sdist
 * ({@code name-version.tar.gz} or {@code .zip}, PEP 625). Names compare in their PEP 503 normal form.
 */
public record Distribution(String fileName, String name, String version, Kind kind) {
    public enum Kind { WHEEL, SDIST_TAR, SDIST_ZIP }

    private static final Pattern WHEEL = Pattern.compile(
            "([A-Za-z0-9](?:[A-Za-z0-9._]*[A-Za-z0-9])?)-([A-Za-z0-9_.!+]+)(?:-\\d[A-Za-z0-9_.]*)?-[A-Za-z0-9_.]+"
                    + "-[A-Za-z0-9_.]+-[A-Za-z0-9_.]+\\.whl");
    private static final Pattern SDIST = Pattern.compile(
            "([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)-([0-9][A-Za-z0-9_.!+-]*)\\.(tar\\.gz|zip)");
    private static final Pattern NORMALIZE = Pattern.compile("[-_.]+");

    public static Distribution parse(String fileName) {
        return parse(fileName, null);
    }

    /**
     * Parses a file name; for an sdist, whose name and version are both allowed a {@code -}, the split is taken
     * after the prefix that normalises to {@code expectedName} when there is one.
     */
    public static Distribution parse(String fileName, String expectedName) {
        if (fileName == null || fileName.length() > 255 || fileName.contains("/") || fileName.contains("\\")
                || fileName.contains("..")) {
            throw new DepotException.Invalid("invalid distribution file name: " + fileName);
        }
        Matcher w = WHEEL.matcher(fileName);
        if (w.matches()) return new Distribution(fileName, w.group(1), w.group(2), Kind.WHEEL);
        Matcher s = SDIST.matcher(fileName);
        if (s.matches()) {
            Kind kind = s.group(3).equals("zip") ? Kind.SDIST_ZIP : Kind.SDIST_TAR;
            String stem = fileName.substring(0, fileName.length() - s.group(3).length() - 1);
            if (expectedName != null) {
                for (int i = stem.indexOf('-'); i > 0; i = stem.indexOf('-', i + 1)) {
                    if (normalize(stem.substring(0, i)).equals(normalize(expectedName))) {
                        return new Distribution(fileName, stem.substring(0, i), stem.substring(i + 1), kind);
                    }
                }
            }
            return new Distribution(fileName, s.group(1), s.group(2), kind);
        }
        throw new DepotException.Invalid("not a wheel or sdist file name: " + fileName);
    }

    /** PEP 503: lower case, runs of {@code -_.} become one {@code -}. */
    public static String normalize(String name) {
        return NORMALIZE.matcher(name).replaceAll("-").toLowerCase(Locale.ROOT);
    }

    private static final Pattern VALID_NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?");

    /** A project name as PEP 508 allows it; anything else (slashes, dots only, traversal) is refused. */
    public static String requireValidName(String name) {
        if (name == null || name.length() > 200 || !VALID_NAME.matcher(name).matches()) {
            throw new DepotException.Invalid("invalid project name: " + name);
        }
        return name;
    }
}
