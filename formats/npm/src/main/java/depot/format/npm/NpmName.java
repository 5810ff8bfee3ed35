package depot.format.npm;

import depot.core.error.DepotException;
import java.util.regex.Pattern;

/**
 * An npm package name, {@code name} or {@code @scope/name}: lower case, URL-safe, at most 214 characters, never
 * starting with a dot or an underscore. Anything else (traversal, slashes, percent signs) is refused.
 */
public record NpmName(String scope, String bare) {
    private static final Pattern PART = Pattern.compile("[a-z0-9][a-z0-9._~-]*");

    public static NpmName parse(String raw) {
        String name = unescape(raw);
        if (name.length() > 214) throw new DepotException.Invalid("package name is longer than 214 characters");
        String scope = null;
        String bare = name;
        if (name.startsWith("@")) {
            int slash = name.indexOf('/');
            if (slash < 0) throw new DepotException.Invalid("invalid package name: " + raw);
            scope = name.substring(1, slash);
            bare = name.substring(slash + 1);
            if (!PART.matcher(scope).matches()) throw new DepotException.Invalid("invalid package scope: " + raw);
        }
        if (!PART.matcher(bare).matches() || bare.equals("node_modules") || bare.equals("favicon.ico")) {
            throw new DepotException.Invalid("invalid package name: " + raw);
        }
        return new NpmName(scope, bare);
    }

    /** npm escapes a scoped name's slash ({@code @scope%2fname}); the server may hand it over either way. */
    static String unescape(String path) {
        return path.replace("%2f", "/").replace("%2F", "/");
    }

    /** {@code @scope/name} or {@code name}: the package's name as npm writes it. */
    public String full() { return scope == null ? bare : "@" + scope + "/" + bare; }

    /** The name as it appears in a URL path segment, with the scope's slash escaped. */
    public String escaped() { return scope == null ? bare : "@" + scope + "%2f" + bare; }

    /** The tarball's file name: {@code name-version.tgz}, without the scope. */
    public String tarball(String version) { return bare + "-" + version + ".tgz"; }

    @Override
    public String toString() { return full(); }
}
