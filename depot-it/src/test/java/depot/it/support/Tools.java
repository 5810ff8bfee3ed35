package depot.it.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Finding and running real package clients. A missing client fails under CI=true and skips elsewhere. */
public final class Tools {
    private Tools() {}

    public static Path require(String command, String howToInstall) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir, command);
            if (Files.isExecutable(p)) return p;
        }
        unavailable(command + " is not installed (" + howToInstall + ")");
        return null;
    }

    /** Something a test needs is missing: a failure under CI=true (CI must provide it), a skip elsewhere. */
    public static void unavailable(String message) {
        if ("true".equals(System.getenv("CI"))) throw new AssertionError(message + "; CI must provide it (.ci/run)");
        Assumptions.abort(message + " — skipping this test");
    }

    public record Result(int exit, String stdout, String stderr, Path stdoutFile) {}

    /** Waits until {@code process} (a server the test started, logging to {@code log}) accepts on the port. */
    public static void awaitPort(Process process, int port, Path log, long timeoutMillis) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (true) {
            try (java.net.Socket ignored = new java.net.Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                if (!process.isAlive() || System.currentTimeMillis() > deadline) {
                    throw new AssertionError(log.getFileName() + ": the server did not start:\n" + Files.readString(log));
                }
                Thread.sleep(50);
            }
        }
    }

    /** Runs a command in {@code dir} with exactly the given extra environment; stdout goes to a file. */
    public static Result run(Path dir, Map<String, String> env, List<String> command) throws IOException,
            InterruptedException {
        Path out = Files.createTempFile(dir, "stdout-", ".bin");
        Path err = Files.createTempFile(dir, "stderr-", ".txt");
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + command);
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.ISO_8859_1),
                Files.readString(err, StandardCharsets.UTF_8), out);
    }

    /** Deletes a directory and everything under it; nothing when it does not exist. */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    public static Result ok(Path dir, Map<String, String> env, List<String> command) throws Exception {
        Result r = run(dir, env, command);
        assertThat(r.exit()).as("%s%nstdout: %s%nstderr: %s", command, r.stdout(), r.stderr()).isZero();
        return r;
    }
}
