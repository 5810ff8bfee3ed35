package depot.it.cargo;

import depot.it.support.Tools;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine's cargo: on the PATH, or where rustup puts it. */
final class CargoTools {
    private CargoTools() {}

    /** rustup's toolchains stay where they are when a test moves HOME and CARGO_HOME. */
    static java.util.Map<String, String> toolchain() {
        String rustup = System.getenv("RUSTUP_HOME");
        Path home = rustup != null ? Path.of(rustup) : Path.of(System.getProperty("user.home"), ".rustup");
        return Files.isDirectory(home) ? java.util.Map.of("RUSTUP_HOME", home.toString()) : java.util.Map.of();
    }

    static Path cargo() {
        Path rustup = Path.of(System.getProperty("user.home"), ".cargo", "bin", "cargo");
        if (Files.isExecutable(rustup)) return rustup;
        return Tools.require("cargo", "rustup, or apt-get install cargo (1.68 or later for sparse registries)");
    }
}
