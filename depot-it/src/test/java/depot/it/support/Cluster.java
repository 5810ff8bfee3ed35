package depot.it.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Depot processes (the packaged jar) sharing one PostgreSQL database and one S3 bucket, started together, with
 * nginx in front of them: the reference deployment on loopback. Used by the cluster test and the cluster benchmark.
 */
public final class Cluster implements AutoCloseable {
    public static final String TOKEN = "dpat-cluster-root-token-000000000000";
    private final Path dir;
    private final List<DepotProcess> nodes = new ArrayList<>();
    private final Map<String, String> env = new ConcurrentHashMap<>();
    private final int lbPort;
    private Process nginx;

    /** Starts {@code size} nodes together on a new database and bucket, then nginx. */
    public Cluster(Path dir, int size, Map<String, String> settings) throws Exception {
        this.dir = dir;
        Path nginxBin = Tools.require("nginx", "apt-get install nginx-light");
        env.put("DEPOT_DATABASE_URL", Backend.POSTGRES.newDatabaseUrl());
        ObjectStore.newBucket().forEach((k, v) -> env.put("DEPOT_" + k.toUpperCase(), v));
        env.put("DEPOT_INITIAL_ROOT_TOKEN", TOKEN);
        env.put("DEPOT_INITIAL_ROOT_PASSWORD", "cluster-password-1");
        lbPort = DepotProcess.freePort();
        env.put("DEPOT_EXTERNAL_URL", "http://127.0.0.1:" + lbPort);
        settings.forEach((k, v) -> env.put("DEPOT_" + k.toUpperCase(), v));
        for (int i = 0; i < size; i++) {
            int port = DepotProcess.freePort();
            nodes.add(new DepotProcess(port, dir.resolve("node-" + port), dir.resolve("node-" + i + ".log"), env));
        }
        for (DepotProcess n : nodes) n.start(); // together, on a new database: migrations and seeding must not collide
        for (DepotProcess n : nodes) n.awaitReady();
        nginx = startNginx(nginxBin);
    }

    public List<DepotProcess> nodes() { return nodes; }

    public DepotProcess node(int i) { return nodes.get(i); }

    /** The balancer, with the root token. */
    public Api lb() { return new Api(lbUrl(), "Private-Token", TOKEN); }

    public String lbUrl() { return "http://127.0.0.1:" + lbPort; }

    /** The environment every node runs with (DEPOT_* settings). */
    public Map<String, String> env() { return env; }

    /** Runs a depot command (gc, fsck …) with the nodes' configuration. */
    public Tools.Result cli(String... args) throws Exception {
        Path home = Files.createDirectories(dir.resolve("cli"));
        Map<String, String> e = new java.util.HashMap<>(env);
        e.put("DEPOT_DATA_DIR", home.toString());
        return Tools.ok(home, e, DepotProcess.command(args));
    }

    private Process startNginx(Path nginxBin) throws Exception {
        Path conf = dir.resolve("nginx");
        Files.createDirectories(conf.resolve("logs"));
        StringBuilder upstream = new StringBuilder();
        for (DepotProcess n : nodes) upstream.append("    server 127.0.0.1:").append(n.port()).append(" max_fails=1 fail_timeout=5s;\n");
        Files.writeString(conf.resolve("nginx.conf"), """
                daemon off;
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log %1$s/logs/error.log warn;
                events { worker_connections 1024; }
                http {
                  access_log off;
                  client_body_temp_path %1$s/body;
                  proxy_temp_path %1$s/proxy;
                  fastcgi_temp_path %1$s/fastcgi;
                  uwsgi_temp_path %1$s/uwsgi;
                  scgi_temp_path %1$s/scgi;
                  upstream depot {
                %2$s    keepalive 32;
                  }
                  server {
                    listen 127.0.0.1:%3$d;
                    client_max_body_size 0;
                    proxy_request_buffering off;
                    proxy_buffering off;
                    proxy_http_version 1.1;
                    location / {
                      proxy_pass http://depot;
                      proxy_set_header Connection "";
                      proxy_set_header Host $http_host;
                      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                      proxy_next_upstream error timeout http_502 http_503;
                    }
                  }
                }
                """.formatted(conf, upstream, lbPort));
        Process p = new ProcessBuilder(nginxBin.toString(), "-c", conf.resolve("nginx.conf").toString(), "-p",
                conf.toString()).redirectErrorStream(true).redirectOutput(dir.resolve("nginx.log").toFile()).start();
        Api probe = new Api(lbUrl(), null, null);
        for (int i = 0; i < 100; i++) {
            try {
                if (probe.get("/-/health").status() == 200) return p;
            } catch (RuntimeException notYet) {
                // nginx is still starting
            }
            Thread.sleep(100);
        }
        throw new AssertionError("nginx did not start: " + Files.readString(dir.resolve("nginx.log")));
    }

    @Override
    public void close() throws Exception {
        for (DepotProcess n : nodes) n.kill();
        if (nginx != null) {
            nginx.destroy(); // SIGTERM: the master stops its workers (SIGKILL would leave them running)
            if (!nginx.waitFor(20, TimeUnit.SECONDS)) nginx.destroyForcibly();
        }
    }
}
