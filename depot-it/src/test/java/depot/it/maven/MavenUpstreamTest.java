package depot.it.maven;

import static org.assertj.core.api.Assertions.assertThat;

import depot.it.support.Api;
import depot.it.support.Backend;
import depot.it.support.MavenCentral;
import depot.it.support.TestServer;
import depot.it.support.Tools;
import depot.it.support.World;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * mvn resolving, through a group, a project whose dependencies live only upstream: nginx on loopback serves a Maven
 * repository of real artifacts (commons-text and what it needs, fetched once per checkout by mvn), and the build
 * resolves again with nginx gone. A jar whose bytes do not match its .sha1 is refused with nothing kept; coordinates
 * a project of the group has are never read from an upstream.
 */
// one stack: the PostgreSQL + S3 paths of upstreams (rows, fetched blobs) run there in PypiUpstreamTest and
// NpmUpstreamTest; this class adds mvn and Maven's merge, which read the same rows
@depot.it.support.OneStack
class MavenUpstreamTest {
    private static final String DEPENDENCY = "org.apache.commons:commons-text:1.12.0";
    @TempDir Path dir;

    @Test
    void mvn_resolves_dependencies_that_live_only_upstream_and_again_when_the_upstream_is_gone() throws Exception {
        Path nginx = Tools.require("nginx", "apt-get install nginx-light");
        Path repository = upstreamRepository();
        // nginx's workers may run as another user (nobody): the repositories live outside the test's private folder
        Path badRoot = Path.of("target", "maven-upstream-tampered").toAbsolutePath();
        Path badRepository = Files.createDirectories(badRoot.resolve("org/acme/tampered/1.0"));
        Files.writeString(badRepository.resolve("tampered-1.0.jar"), "not the bytes the checksum names");
        Files.writeString(badRepository.resolve("tampered-1.0.jar.sha1"), "0".repeat(40) + "\n");
        Files.writeString(badRepository.resolve("tampered-1.0.pom"), "<project/>");
        try (TestServer server = new TestServer(Backend.SQLITE, Map.of("upstream_local_network", "true"))) {
            Process upstream = nginx(nginx, "good", repository);
            Process bad = nginx(nginx, "bad", badRoot);
            try {
                World world = new World(server);
                long group = world.group("builds", "private");
                long app = world.project(group, "app", "private");
                String good = "http://127.0.0.1:" + upstream.port;
                long id = server.root().post("/api/v4/groups/" + group + "/-/upstreams", Map.of("package_type", "maven",
                        "name", "loopback nginx", "url", good, "metadata_cache_validity_hours", 0)).json().get("id").asLong();
                server.root().post("/api/v4/groups/" + group + "/-/upstreams", Map.of("package_type", "maven",
                        "url", "http://127.0.0.1:" + bad.port));
                JsonNode deploy = world.deployToken("groups", group, "read_package_registry");

                assertThat(resolve(server, "/api/v4/groups/builds/-/packages/maven", "first", null))
                        .as("through the group's path, with a personal token").isTrue();
                JsonNode entries = server.root().get("/api/v4/groups/" + group + "/-/upstreams/" + id
                        + "/cache_entries?per_page=100").json();
                List<String> paths = new ArrayList<>();
                for (JsonNode e : entries) paths.add(e.get("relative_path").asString());
                assertThat(paths).contains("org/apache/commons/commons-text/1.12.0/commons-text-1.12.0.jar",
                        "org/apache/commons/commons-lang3/3.14.0/commons-lang3-3.14.0.jar",
                        "org/apache/commons/commons-text/1.12.0/commons-text-1.12.0.jar.sha1");

                String mount = "/api/v4/groups/builds/-/packages/maven/org/apache/commons/";
                assertThat(server.root().get(mount + "commons-lang3/maven-metadata.xml").body())
                        .contains("<version>3.14.0</version>");

                upstream.process.destroy();
                assertThat(upstream.process.waitFor(20, TimeUnit.SECONDS)).isTrue();
                assertThat(resolve(server, "/api/v4/groups/" + group + "/-/packages/maven", "second", deploy))
                        .as("through the group's id, with a deploy token, the upstream gone").isTrue();
                Api.Response pom = server.root().get("/api/v4/groups/builds/-/packages/maven/org/apache/commons/"
                        + "commons-text/1.12.0/commons-text-1.12.0.pom.sha1");
                assertThat(pom.status()).isEqualTo(200);
                assertThat(pom.header("X-Depot-Upstream-Cache")).isEqualTo("stale");

                Api.Response tampered = server.root().get("/api/v4/groups/builds/-/packages/maven/org/acme/tampered/1.0/"
                        + "tampered-1.0.jar");
                assertThat(tampered.status()).isEqualTo(502);
                assertThat(tampered.body()).contains("SHA-1").contains("nothing was cached");

                // the group's own versions: listed beside the upstream's (its cached copy, the upstream gone), and a
                // version the group has is never fetched
                byte[] jar = "a local jar".getBytes(java.nio.charset.StandardCharsets.UTF_8);
                String own = "/api/v4/projects/" + app + "/packages/maven/org/apache/commons/";
                assertThat(server.root().putBytes(own + "commons-lang3/9.9/commons-lang3-9.9.jar", jar).status())
                        .isBetween(200, 201);
                assertThat(server.root().putBytes(own + "commons-text/1.12.0/commons-text-1.12.0.jar", jar).status())
                        .isBetween(200, 201);
                String merged = server.root().get(mount + "commons-lang3/maven-metadata.xml").body();
                assertThat(merged).contains("<version>3.14.0</version>").contains("<version>9.9</version>")
                        .contains("<latest>9.9</latest>");
                assertThat(server.root().get(mount + "commons-lang3/maven-metadata.xml.sha1").body())
                        .isEqualTo(sha1(merged.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                assertThat(server.root().get(mount + "commons-text/1.12.0/commons-text-1.12.0.jar").body())
                        .as("a version a project of the group has").isEqualTo("a local jar");
                assertThat(server.root().get(mount + "commons-lang3/3.14.0/commons-lang3-3.14.0.jar").status())
                        .as("another version, from the cache").isEqualTo(200);
            } finally {
                upstream.process.destroy();
                bad.process.destroy();
            }
        }
    }

    private static String sha1(byte[] bytes) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-1").digest(bytes));
    }

    /** mvn resolves the dependency from {@code mount} into a new local repository; whether the build passed. */
    private boolean resolve(TestServer server, String mount, String round, JsonNode deploy) throws Exception {
        Path work = Files.createDirectories(dir.resolve(round));
        Files.writeString(work.resolve("pom.xml"), MavenCentral.pom("<dependency><groupId>org.apache.commons</groupId>"
                + "<artifactId>commons-text</artifactId><version>1.12.0</version></dependency>"));
        Path settings = MavenCentral.offlineSettings(work, server.url() + mount, TestServer.ROOT_TOKEN);
        if (deploy != null) {
            Files.writeString(settings, Files.readString(settings).replaceFirst(
                    "<configuration>.*</configuration>", "<username>" + deploy.get("username").asString()
                            + "</username><password>" + deploy.get("token").asString() + "</password>"));
        }
        MavenCentral.seedDependencyPlugin(dir);
        Tools.Result r = Tools.run(work, Map.of(), MavenCentral.command(work, settings,
                Files.createDirectories(work.resolve("repo")), MavenCentral.DEPENDENCY_PLUGIN + ":resolve"));
        assertThat(r.exit()).as(r.stderr() + Files.readString(r.stdoutFile())).isZero();
        return Files.exists(work.resolve("repo/org/apache/commons/commons-text/1.12.0/commons-text-1.12.0.jar"))
                && Files.exists(work.resolve("repo/org/apache/commons/commons-lang3/3.14.0/commons-lang3-3.14.0.jar"));
    }

    /** A Maven repository of real artifacts: what mvn fetched for the dependency, kept between runs. */
    private Path upstreamRepository() throws Exception {
        Path repository = Path.of("target", "m2-upstream").toAbsolutePath();
        Path marker = repository.resolve(".ready");
        if (!Files.exists(marker)) {
            Path work = Files.createDirectories(dir.resolve("seed-upstream"));
            Tools.ok(work, Map.of(), MavenCentral.command(work, MavenCentral.empty(work), repository,
                    MavenCentral.DEPENDENCY_PLUGIN + ":get", "-Dartifact=" + DEPENDENCY));
            // a local repository keeps no maven-metadata.xml of a release; a remote one has one per artifact
            for (String artifact : List.of("org/apache/commons/commons-lang3", "org/apache/commons/commons-text")) {
                Path folder = repository.resolve(artifact);
                StringBuilder versions = new StringBuilder();
                try (var children = Files.list(folder)) {
                    children.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted()
                            .forEach(v -> versions.append("<version>").append(v).append("</version>"));
                }
                String id = artifact.substring(artifact.lastIndexOf('/') + 1);
                byte[] xml = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<metadata><groupId>org.apache.commons</groupId>"
                        + "<artifactId>" + id + "</artifactId><versioning><versions>" + versions
                        + "</versions><lastUpdated>20240101000000</lastUpdated></versioning></metadata>\n")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
                Files.write(folder.resolve("maven-metadata.xml"), xml);
                Files.writeString(folder.resolve("maven-metadata.xml.sha1"), sha1(xml));
            }
            Files.writeString(marker, "");
        }
        return repository;
    }

    private record Process(java.lang.Process process, int port) {}

    private Process nginx(Path nginx, String name, Path root) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path conf = Files.createDirectories(dir.resolve("nginx-" + name));
        Files.createDirectories(conf.resolve("logs"));
        Files.writeString(conf.resolve("nginx.conf"), """
                daemon off;
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log %1$s/logs/error.log warn;
                events { worker_connections 64; }
                http {
                  access_log off;
                  client_body_temp_path %1$s/body;
                  proxy_temp_path %1$s/proxy;
                  fastcgi_temp_path %1$s/fastcgi;
                  uwsgi_temp_path %1$s/uwsgi;
                  scgi_temp_path %1$s/scgi;
                  server {
                    listen 127.0.0.1:%2$d;
                    root %3$s;
                  }
                }
                """.formatted(conf, port, root));
        java.lang.Process p = new ProcessBuilder(nginx.toString(), "-p", conf.toString(), "-c", conf.resolve("nginx.conf")
                .toString()).redirectErrorStream(true).redirectOutput(conf.resolve("out.log").toFile()).start();
        Tools.awaitPort(p, port, conf.resolve("out.log"), 20_000);
        return new Process(p, port);
    }
}
