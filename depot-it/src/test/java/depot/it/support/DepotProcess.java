package depot.it.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One Depot process: the packaged jar, at a small heap, with its settings in the environment (DEPOT_*), a data
 * directory and a log file. It can be killed with SIGKILL and started again on the same data.
 */
public final class DepotProcess implements AutoCloseable {
    private final int port;
    private final Path dataDir;
    private final Path log;
    private final Map<String, String> env;
    private Process process;

    public DepotProcess(int port, Path dataDir, Path log, Map<String, String> env) {
        this.port = port;
        this.dataDir = dataDir;
        this.log = log;
        this.env = env;
    }

    public int port() { return port; }

    public String url() { return "http://127.0.0.1:" + port; }

    public Api api(String token) { return new Api(url(), "Private-Token", token); }

    public void start() throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command("serve", "--port", String.valueOf(port),
                "--data-dir", dataDir.toString()))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().put("DEPOT_PASSWORD_HASH_COST", TestServer.PASSWORD_HASH_COST);
        pb.environment().put("DEPOT_SIGNING_KEY_BITS", TestServer.SIGNING_KEY_BITS);
        pb.environment().putAll(env);
        process = pb.start();
    }

    /** SIGKILL, as a crash or an OOM killer would. */
    public void kill() throws InterruptedException {
        if (process == null) return;
        process.destroyForcibly();
        process.waitFor(20, TimeUnit.SECONDS);
    }

    /** SIGTERM, as a service manager or Ctrl-C stops it; returns at once. */
    public void signalStop() {
        process.destroy();
    }

    /** Whether the process ended within {@code seconds}. */
    public boolean awaitExit(int seconds) throws InterruptedException {
        return process.waitFor(seconds, TimeUnit.SECONDS);
    }

    public void awaitReady() throws Exception {
        Api probe = new Api(url(), null, null);
        for (int i = 0; i < 600; i++) {
            if (!process.isAlive()) throw new AssertionError("Depot died: " + Files.readString(log));
            try {
                if (probe.get("/-/readiness").status() == 200) return;
            } catch (RuntimeException notYet) {
                // still starting
            }
            Thread.sleep(100);
        }
        throw new AssertionError("Depot did not start: " + Files.readString(log));
    }

    /** Runs a depot command (gc, fsck …) on this process's data, with its settings. */
    public Tools.Result cli(String... args) throws Exception {
        Map<String, String> e = new HashMap<>(env);
        e.put("DEPOT_DATA_DIR", dataDir.toString());
        return Tools.run(log.getParent(), e, command(args));
    }

    /** {@code java -Xmx256m -jar depot.jar args…}, with the jar this build packaged. */
    public static List<String> command(String... args) {
        Path jar = Path.of("..", "depot-server", "target", "depot.jar").toAbsolutePath().normalize();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", jar.toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    public static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}
