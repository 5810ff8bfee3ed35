package depot.it.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * OCI clients and test suites written in Go, built by the machine's {@code go} from the Go module proxy at pinned
 * versions into {@code target/go-tools} once per checkout: oras, and the distribution-spec conformance suite.
 */
public final class GoTools {
    public static final String ORAS = "oras.land/oras/cmd/oras@v1.3.6";
    public static final String CONFORMANCE = "github.com/opencontainers/distribution-spec/conformance";
    public static final String CONFORMANCE_VERSION = "v0.0.0-20260831232431-97274622c111";
    private static final Path DIR = Path.of("target", "go-tools").toAbsolutePath();

    private GoTools() {}

    private static Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("GOPATH", DIR.resolve("gopath").toString());
        env.put("GOFLAGS", "-modcacherw");
        env.put("GOBIN", DIR.resolve("bin").toString());
        env.put("GOCACHE", DIR.resolve("cache").toString());
        return env;
    }

    public static Path oras() throws Exception {
        return oras(false);
    }

    /** oras, built {@code niced} at the lowest CPU priority (a build ahead of time: {@link Prefetch}). */
    static synchronized Path oras(boolean niced) throws Exception {
        Path bin = DIR.resolve("bin").resolve("oras");
        Path marker = DIR.resolve("built-" + ORAS.replaceAll("[^A-Za-z0-9.]", "_"));
        if (Files.exists(marker) && Files.isExecutable(bin)) return bin;
        Path go = Tools.require("go", "the machine's Go toolchain");
        Files.createDirectories(DIR);
        Tools.ok(DIR, env(), command(niced, go.toString(), "install", ORAS));
        Files.writeString(marker, "");
        return bin;
    }

    private static List<String> command(boolean niced, String... command) {
        List<String> c = new java.util.ArrayList<>(niced ? List.of("nice", "-n", "19") : List.of());
        c.addAll(List.of(command));
        return c;
    }

    /** The conformance suite compiled as a test binary ({@code go test -c} in a copy of its module). */
    public static Path conformance() throws Exception {
        return conformance(false);
    }

    static synchronized Path conformance(boolean niced) throws Exception {
        Path bin = DIR.resolve("bin").resolve("conformance.test");
        Path marker = DIR.resolve("built-conformance-" + CONFORMANCE_VERSION);
        if (Files.exists(marker) && Files.isExecutable(bin)) return bin;
        Path go = Tools.require("go", "the machine's Go toolchain");
        Files.createDirectories(DIR.resolve("bin"));
        Tools.Result download = Tools.ok(DIR, env(), command(niced, go.toString(), "mod", "download", "-json",
                CONFORMANCE + "@" + CONFORMANCE_VERSION));
        String json = Files.readString(download.stdoutFile());
        Path module = Path.of(Api.JSON.readTree(json).get("Dir").asString());
        Path src = DIR.resolve("conformance-src");
        Tools.deleteTree(src);
        try (Stream<Path> files = Files.walk(module)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path target = src.resolve(module.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(target);
                else Files.copy(p, target);
            }
        }
        Tools.ok(src, env(), command(niced, go.toString(), "test", "-c", "-o", bin.toString()));
        Files.writeString(marker, "");
        return bin;
    }
}
