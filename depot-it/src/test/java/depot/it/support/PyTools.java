package depot.it.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Pinned Python tools, each in its own virtual environment under target/py-tools, installed from the machine's Python
 * package index once per checkout (a marker file says the install finished).
 */
public final class PyTools {
    static final Path TOOLS = Path.of("target", "py-tools").toAbsolutePath();

    private PyTools() {}

    /** The venv named {@code name} with {@code specs} installed ({@code pkg==version} each); its directory. */
    public static synchronized Path venv(String name, String... specs) throws Exception {
        Path python = Tools.require("python3", "apt-get install python3 python3-venv");
        Path venv = TOOLS.resolve(name);
        Path marker = venv.resolve("ready");
        if (Files.exists(marker)) return venv;
        Files.createDirectories(TOOLS);
        Tools.ok(TOOLS, Map.of(), List.of(python.toString(), "-m", "venv", "--clear", venv.toString()));
        if (specs.length > 0) {
            List<String> install = new ArrayList<>(List.of(venv.resolve("bin/pip").toString(), "install", "-q"));
            install.addAll(List.of(specs));
            Tools.Result r = Tools.run(TOOLS, Map.of("PIP_DISABLE_PIP_VERSION_CHECK", "1"), install);
            if (r.exit() != 0) Tools.unavailable(String.join(" ", specs) + " could not be installed with pip: " + r.stderr());
        }
        Files.writeString(marker, "");
        return venv;
    }

    /**
     * A folder of distributions {@code pip download} fetched from the machine's package index with {@code args}
     * (requirements and options), once per checkout: real packages for a test's own index to serve.
     */
    public static synchronized Path download(String name, String... args) throws Exception {
        Path into = TOOLS.resolve("downloads").resolve(name);
        Path marker = TOOLS.resolve("downloads").resolve(name + ".ready");
        if (Files.exists(marker)) return into;
        Tools.deleteTree(into);
        Files.createDirectories(into);
        List<String> command = new ArrayList<>(List.of(venv("pip-default").resolve("bin/pip").toString(), "download",
                "-q", "-d", into.toString()));
        command.addAll(List.of(args));
        Tools.Result r = Tools.run(TOOLS, Map.of("PIP_DISABLE_PIP_VERSION_CHECK", "1"), command);
        if (r.exit() != 0) Tools.unavailable(String.join(" ", args) + " could not be downloaded with pip: " + r.stderr());
        Files.writeString(marker, "");
        return into;
    }

    /**
     * The unpacked source distribution of {@code spec} (its tests ship there, not in the wheel), fetched with the
     * venv's pip; the directory that holds its files.
     */
    public static synchronized Path sdist(Path venv, String spec) throws Exception {
        String dirName = spec.replace("==", "-");
        Path into = TOOLS.resolve("sdist").resolve(dirName);
        Path marker = into.resolve("ready");
        if (!Files.exists(marker)) {
            Path download = TOOLS.resolve("sdist").resolve(dirName + ".download");
            Files.createDirectories(download);
            Tools.Result r = Tools.run(TOOLS, Map.of("PIP_DISABLE_PIP_VERSION_CHECK", "1"), List.of(
                    venv.resolve("bin/pip").toString(), "download", "-q", "--no-deps", "--no-binary", ":all:",
                    "-d", download.toString(), spec));
            if (r.exit() != 0) Tools.unavailable("the sdist of " + spec + " could not be downloaded: " + r.stderr());
            Path archive;
            try (var files = Files.list(download)) {
                archive = files.filter(f -> f.toString().endsWith(".tar.gz")).findFirst().orElseThrow();
            }
            Files.createDirectories(into);
            Tools.ok(into, Map.of(), List.of("tar", "xzf", archive.toString(), "--strip-components=1", "-C", into.toString()));
            Files.writeString(marker, "");
        }
        return into;
    }
}
