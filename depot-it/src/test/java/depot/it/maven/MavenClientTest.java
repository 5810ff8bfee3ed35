package depot.it.maven;

import static org.assertj.core.api.Assertions.assertThat;

import depot.it.support.Api;
import depot.it.support.Backend;
import depot.it.support.TestServer;
import depot.it.support.Tools;
import depot.it.support.World;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real mvn deploys to a project and resolves from the project, group and instance endpoints. */
class MavenClientTest {
    @TempDir Path dir;

    @Test
    void mvn_deploys_releases_and_snapshots_and_resolves_them_at_every_scope() throws Exception {
        Path mvn = Tools.require("mvn", "apt-get install maven");
        try (TestServer server = new TestServer(Backend.SQLITE)) {
            World world = new World(server);
            long group = world.group("acme", "private");
            long project = world.project(group, "lib", "private");
            Path settings = dir.resolve("settings.xml");
            Files.writeString(settings, "<settings><servers><server><id>depot</id><configuration><httpHeaders>"
                    + "<property><name>Private-Token</name><value>" + TestServer.ROOT_TOKEN + "</value></property>"
                    + "</httpHeaders></configuration></server></servers></settings>");
            Files.writeString(dir.resolve("empty.xml"), "<settings/>");
            // plugins come once into a repository kept between runs; Depot's artifacts are deleted before each resolve
            Path repo = Path.of("target", "m2").toAbsolutePath();
            Path jar = jar(dir.resolve("hello.jar"), "release");
            Path snapshotJar = jar(dir.resolve("hello-snapshot.jar"), "snapshot");
            String projectUrl = server.url() + "/api/v4/projects/" + project + "/packages/maven";

            deploy(mvn, settings, repo, jar, "1.0.0", projectUrl);
            deploy(mvn, settings, repo, snapshotJar, "2.0-SNAPSHOT", projectUrl);

            for (String url : List.of(projectUrl, server.url() + "/api/v4/groups/acme/-/packages/maven",
                    server.url() + "/api/v4/packages/maven")) {
                deleteRecursively(repo.resolve("com/acme"));
                resolve(mvn, settings, repo, "com.acme:hello:1.0.0", url);
                assertThat(repo.resolve("com/acme/hello/1.0.0/hello-1.0.0.jar")).as(url).hasSameBinaryContentAs(jar);
            }
            deleteRecursively(repo.resolve("com/acme"));
            resolve(mvn, settings, repo, "com.acme:hello:2.0-SNAPSHOT", projectUrl);
            assertThat(repo.resolve("com/acme/hello/2.0-SNAPSHOT/hello-2.0-SNAPSHOT.jar")).hasSameBinaryContentAs(snapshotJar);

            Api.Response metadata = server.root().get("/api/v4/projects/" + project
                    + "/packages/maven/com/acme/hello/maven-metadata.xml");
            Api.Response anonymous = server.anonymous().get("/api/v4/projects/" + project
                    + "/packages/maven/com/acme/hello/1.0.0/hello-1.0.0.jar");
            Api.Response mismatch = server.root().putBytes("/api/v4/projects/" + project
                    + "/packages/maven/com/acme/hello/1.0.0/hello-1.0.0.jar.sha1", "0000".getBytes(StandardCharsets.UTF_8));
            Api.Response badPom = server.root().putBytes("/api/v4/projects/" + project
                    + "/packages/maven/com/acme/bad/1.0/bad-1.0.pom",
                    "<!DOCTYPE p [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><project>&x;</project>".getBytes(StandardCharsets.UTF_8));
            Api.Response etagged = server.root().get("/api/v4/projects/" + project
                    + "/packages/maven/com/acme/hello/maven-metadata.xml");
            Api.Response notModified = server.root().send(server.root().request("/api/v4/projects/" + project
                    + "/packages/maven/com/acme/hello/maven-metadata.xml").header("If-None-Match", etagged.header("ETag")).GET());
            Api.Response traversal = server.root().putBytes("/api/v4/projects/" + project
                    + "/packages/maven/com/acme/..%2F..%2Fx/1.0.0/x.jar", new byte[] {1});

            assertThat(metadata.body()).contains("<release>1.0.0</release>").contains("<version>2.0-SNAPSHOT</version>");
            assertThat(anonymous.status()).isEqualTo(401);
            assertThat(anonymous.header("WWW-Authenticate")).startsWith("Basic realm=");
            assertThat(mismatch.status()).isEqualTo(400);
            assertThat(mismatch.body()).contains("checksum mismatch");
            assertThat(traversal.status()).isEqualTo(400);
            assertThat(badPom.status()).isEqualTo(400);
            assertThat(server.root().get("/api/v4/projects/" + project + "/packages/maven/com/acme/bad/1.0/bad-1.0.pom")
                    .status()).isEqualTo(404);
            assertThat(etagged.header("Last-Modified")).isNotBlank();
            assertThat(notModified.status()).isEqualTo(304);
            assertThat(server.root().get("/api/v4/projects/" + project + "/packages?package_type=maven").json())
                    .hasSize(2);
        }
    }

    private void deploy(Path mvn, Path settings, Path repo, Path jar, String version, String url) throws Exception {
        Tools.ok(dir, Map.of(), maven(mvn, settings, repo,
                "org.apache.maven.plugins:maven-deploy-plugin:3.1.1:deploy-file", "-Dfile=" + jar,
                "-DgroupId=com.acme", "-DartifactId=hello", "-Dversion=" + version, "-Dpackaging=jar",
                "-DrepositoryId=depot", "-Durl=" + url));
    }

    private void resolve(Path mvn, Path settings, Path repo, String artifact, String url) throws Exception {
        Tools.ok(dir, Map.of(), maven(mvn, settings, repo, "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:get",
                "-Dartifact=" + artifact, "-Dtransitive=false", "-DremoteRepositories=depot::default::" + url));
    }

    private List<String> maven(Path mvn, Path settings, Path repo, String... args) {
        List<String> c = new ArrayList<>(List.of(mvn.toString(), "-B", "-q", "-s", settings.toString(), "-gs",
                dir.resolve("empty.xml").toString(), "-Dmaven.repo.local=" + repo));
        c.addAll(List.of(args));
        return c;
    }

    private static Path jar(Path file, String content) throws Exception {
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(file))) {
            out.putNextEntry(new JarEntry("hello.txt"));
            out.write(content.getBytes(StandardCharsets.UTF_8));
        }
        return file;
    }

    private static void deleteRecursively(Path p) throws Exception {
        if (!Files.exists(p)) return;
        try (var s = Files.walk(p)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
