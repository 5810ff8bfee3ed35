package depot.format.npm;

import depot.core.error.DepotException;

/**
 * What a request path below an npm mount names: a package ({@code @scope%2fname}, {@code @scope/name} or
 * {@code name}), and optionally a tarball ({@code /-/file}) and a revision ({@code /-rev/rev}). Tarball paths may
 * repeat the scope ({@code @scope/name/-/@scope/name-1.0.0.tgz}, as the registry writes them) or not.
 */
public record NpmPath(NpmName name, String tarball, String rev) {

    public static NpmPath parse(String raw) {
        String path = NpmName.unescape(raw);
        if (path.startsWith("/")) path = path.substring(1);
        String rev = null;
        int revAt = path.lastIndexOf("/-rev/");
        if (revAt >= 0) {
            rev = path.substring(revAt + "/-rev/".length());
            path = path.substring(0, revAt);
        }
        String tarball = null;
        int dash = path.lastIndexOf("/-/");
        if (dash >= 0) {
            String file = path.substring(dash + 3);
            path = path.substring(0, dash);
            // npm unpublish sends the tarball's whole path again after the registry's; the last name is the file
            tarball = file.substring(file.lastIndexOf('/') + 1);
            if (!tarball.endsWith(".tgz") || file.contains("..") || file.contains("\\")) {
                throw new DepotException.Invalid("invalid tarball name: " + file);
            }
        }
        return new NpmPath(NpmName.parse(packagePart(path, tarball != null)), tarball, rev);
    }

    /**
     * The package name at the end of a path: {@code @scope/name} or {@code name}. Only a tarball path may carry more
     * in front (the registry's own path, which npm unpublish repeats); it is dropped.
     */
    private static String packagePart(String path, boolean prefixAllowed) {
        String[] parts = path.split("/", -1);
        int n = parts.length;
        if (n >= 2 && parts[n - 2].startsWith("@") && (n == 2 || prefixAllowed)) return parts[n - 2] + "/" + parts[n - 1];
        if (n == 1 || prefixAllowed) return parts[n - 1];
        throw new DepotException.Invalid("invalid package path: " + path);
    }

    /** The version a tarball name carries, given the package: {@code name-1.2.3.tgz} is 1.2.3. */
    public String tarballVersion() {
        String prefix = name.bare() + "-";
        if (tarball == null || !tarball.startsWith(prefix)) throw new DepotException.NotFound("tarball not found");
        return tarball.substring(prefix.length(), tarball.length() - ".tgz".length());
    }
}
