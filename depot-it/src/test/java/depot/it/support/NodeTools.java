package depot.it.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The JavaScript package managers the npm tests drive: npm itself from PATH; yarn 1, yarn 4 and pnpm installed by
 * that npm, at pinned versions, into {@code target/node-tools} once per checkout.
 */
public final class NodeTools {
    public static final String YARN1 = "yarn@1.22.22";
    public static final String YARN4 = "@yarnpkg/cli-dist@4.18.1";
    public static final String PNPM = "pnpm@12.4.2";
    private static final Path DIR = Path.of("target", "node-tools").toAbsolutePath();

    private NodeTools() {}

    public static Path npm() {
        Tools.require("node", "apt-get install nodejs");
        return Tools.require("npm", "apt-get install npm");
    }

    public static Path node() {
        return Tools.require("node", "apt-get install nodejs");
    }

    /** Installs the pinned clients unless they are there; returns the directory holding node_modules. */
    public static synchronized Path installed() throws Exception {
        Path marker = DIR.resolve("installed-" + (YARN1 + YARN4 + PNPM).hashCode());
        if (Files.exists(marker)) return DIR;
        Files.createDirectories(DIR);
        Files.writeString(DIR.resolve("package.json"), "{\"name\":\"depot-test-tools\",\"private\":true}");
        Tools.ok(DIR, Map.of(), List.of(npm().toString(), "install", "--no-audit", "--no-fund", "--ignore-scripts",
                "-E", YARN1, YARN4, PNPM));
        Files.writeString(marker, "");
        return DIR;
    }

    public static final String VERDACCIO = "6.8.0";

    /**
     * Verdaccio (the upstream registry of the pull-through tests), installed with this npm into its own folder once
     * per checkout, with the overrides CLIENTS.md gives; its launcher.
     */
    public static synchronized Path verdaccio() throws Exception {
        Path home = Path.of("target", "node-verdaccio-" + VERDACCIO).toAbsolutePath();
        Path marker = home.resolve("installed");
        if (!Files.exists(marker)) {
            Files.createDirectories(home);
            Files.writeString(home.resolve("package.json"), "{\"name\":\"depot-test-verdaccio\",\"private\":true,"
                    + "\"dependencies\":{\"verdaccio\":\"" + VERDACCIO + "\"},\"overrides\":{\"node-fetch@cjs\":\"2.7.0\","
                    + "\"verdaccio-audit\":{\"node-fetch\":\"2.7.0\"}}}");
            Tools.Result r = Tools.run(home, Map.of(), List.of(npm().toString(), "install", "--no-audit", "--no-fund",
                    "--ignore-scripts"));
            if (r.exit() != 0) Tools.unavailable("verdaccio " + VERDACCIO + " could not be installed with npm: " + r.stderr());
            Files.writeString(marker, "");
        }
        return home.resolve("node_modules/.bin/verdaccio");
    }

    /**
     * Tarballs of real packages ({@code name@version} each), fetched with {@code npm pack} from the machine's npm
     * registry once per checkout into the folder named {@code name}; the folder.
     */
    public static synchronized Path packed(String name, String... specs) throws Exception {
        Path into = DIR.resolve("packed").resolve(name);
        Path marker = DIR.resolve("packed").resolve(name + ".ready");
        if (Files.exists(marker)) return into;
        Tools.deleteTree(into);
        Files.createDirectories(into);
        List<String> command = new java.util.ArrayList<>(List.of(npm().toString(), "pack", "--pack-destination",
                into.toString()));
        command.addAll(List.of(specs));
        Tools.Result r = Tools.run(into, Map.of(), command);
        if (r.exit() != 0) Tools.unavailable(String.join(" ", specs) + " could not be fetched with npm pack: " + r.stderr());
        Files.writeString(marker, "");
        return into;
    }

    public static List<String> yarn1() throws Exception {
        return List.of(node().toString(), installed().resolve("node_modules/yarn/bin/yarn.js").toString());
    }

    public static List<String> yarn4() throws Exception {
        return List.of(node().toString(), installed().resolve("node_modules/@yarnpkg/cli-dist/bin/yarn.js").toString());
    }

    public static List<String> pnpm() throws Exception {
        return List.of(node().toString(), installed().resolve("node_modules/pnpm/bin/pnpm.mjs").toString());
    }
}
