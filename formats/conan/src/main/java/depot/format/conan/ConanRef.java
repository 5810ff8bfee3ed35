package depot.format.conan;

import depot.core.error.DepotException;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A recipe reference as it appears in Conan's URLs: {@code name/version/user/channel}, where Conan 2 recipes
 * without user and channel send {@code _} for both. Every piece is checked against Conan's own grammar (Conan 1
 * allowed upper case, so it is allowed here), which also keeps them free of separators and traversal.
 */
record ConanRef(String name, String version, String user, String channel) {
    static final String NONE = "_";
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_][a-zA-Z0-9_+.-]{1,100}");
    private static final Pattern VERSION = Pattern.compile("[a-zA-Z0-9_][a-zA-Z0-9_+.-]{0,100}");
    private static final Pattern REVISION = Pattern.compile("[a-zA-Z0-9]{1,64}");
    /** The files a recipe revision and a package revision may hold; nothing else is stored. */
    static final Set<String> RECIPE_FILES =
            Set.of("conanfile.py", "conanmanifest.txt", "conan_export.tgz", "conan_sources.tgz");
    static final Set<String> PACKAGE_FILES = Set.of("conaninfo.txt", "conanmanifest.txt", "conan_package.tgz");

    static ConanRef of(String name, String version, String user, String channel) {
        require(NAME, name, "recipe name");
        require(VERSION, version, "recipe version");
        if (!user.equals(NONE)) require(NAME, user, "recipe user");
        if (!channel.equals(NONE)) require(NAME, channel, "recipe channel");
        if (user.equals(NONE) != channel.equals(NONE)) {
            throw new DepotException.Invalid("a recipe reference has both a user and a channel, or neither");
        }
        return new ConanRef(name, version, user, channel);
    }

    static String revision(String value, String what) {
        require(REVISION, value, what);
        return value;
    }

    static String recipeFile(String file) {
        if (!RECIPE_FILES.contains(file)) throw new DepotException.Invalid("a recipe revision holds no file " + quoted(file)
                + "; allowed: conanfile.py, conanmanifest.txt, conan_export.tgz, conan_sources.tgz");
        return file;
    }

    static String packageFile(String file) {
        if (!PACKAGE_FILES.contains(file)) throw new DepotException.Invalid("a package revision holds no file "
                + quoted(file) + "; allowed: conaninfo.txt, conanmanifest.txt, conan_package.tgz");
        return file;
    }

    boolean hasUserChannel() { return !user.equals(NONE); }

    /** The key the recipe is stored under: one package row per name, version, user and channel. */
    String key() { return name + "@" + user + "/" + channel; }

    /** Conan's own spelling: {@code name/version@user/channel}, or {@code name/version}. */
    @Override
    public String toString() {
        return hasUserChannel() ? name + "/" + version + "@" + user + "/" + channel : name + "/" + version;
    }

    /** The URL path of the reference, as Conan builds it. */
    String path() { return name + "/" + version + "/" + user + "/" + channel; }

    private static void require(Pattern pattern, String value, String what) {
        if (value == null || !pattern.matcher(value).matches()) {
            throw new DepotException.Invalid("invalid " + what + ": " + quoted(value));
        }
    }

    private static String quoted(String value) {
        if (value == null) return "(none)";
        String shown = value.length() > 80 ? value.substring(0, 80) + "…" : value;
        return "'" + shown.replaceAll("[\\p{Cntrl}]", "?") + "'";
    }
}
