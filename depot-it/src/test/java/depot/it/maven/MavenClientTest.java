package depot.it.maven;

import static org.assertj.core.api.Assertions.assertThat;

import depot.it.support.Api;
import depot.it.support.Backend;
import depot.it.support.MavenCentral;
import depot.it.support.TestServer;
import depot.it.support.Tools;
import depot.it.support.World;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/** The real mvn deploys to a project and resolves from the project, group and instance endpoints. */
class MavenClientTest {
    @TempDir Path dir;

    @Test
    void mvn_deploys_releases_and_snapshots_and_resolves_them_at_every_scope() throws Exception {
        MavenCentral.mvn();   // fails under CI, skips elsewhere, when mvn is missing
        try (TestServer server = new TestServer(Backend.SQLITE)) {
            World world = new World(server);
            long group = world.group("acme", "private");
            long project = world.project(group, "lib", "private");
            Path settings = settings();
            // plugins come once into a repository kept between runs; Depot's artifacts are deleted before each resolve
            Path repo = MavenCentral.SEED;
            Path jar = jar(dir.resolve("hello.jar"), "release");
            Path snapshotJar = jar(dir.resolve("hello-snapshot.jar"), "snapshot");
            String projectUrl = server.url() + "/api/v4/projects/" + project + "/packages/maven";

            deploy(settings, repo, jar, "1.0.0", projectUrl);
            deploy(settings, repo, snapshotJar, "2.0-SNAPSHOT", projectUrl);

            for (String url : List.of(projectUrl, server.url() + "/api/v4/groups/acme/-/packages/maven",
                    server.url() + "/api/v4/packages/maven")) {
                Tools.deleteTree(repo.resolve("com/acme"));
                resolve(settings, repo, "com.acme:hello:1.0.0", url);
                assertThat(repo.resolve("com/acme/hello/1.0.0/hello-1.0.0.jar")).as(url).hasSameBinaryContentAs(jar);
            }
            Tools.deleteTree(repo.resolve("com/acme"));
            resolve(settings, repo, "com.acme:hello:2.0-SNAPSHOT", projectUrl);
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

    /**
     * On the SQLite stack only: what the multi-module build adds (the reactor, transitive resolution) is the client's,
     * and the test above deploys and resolves releases and snapshots at every scope on PostgreSQL and S3 too.
     */
    @Test
    @DisabledIfSystemProperty(named = "depot.it.stack", matches = "postgres-s3")
    void mvn_deploy_of_a_multi_module_project_releases_and_snapshots_resolves_transitively() throws Exception {
        MavenCentral.mvn();   // fails under CI, skips elsewhere, when mvn is missing
        try (TestServer server = new TestServer(Backend.SQLITE)) {
            World world = new World(server);
            long project = world.project(world.group("multi", "private"), "app", "private");
            Path settings = settings();
            Path repo = MavenCentral.SEED;
            String url = server.url() + "/api/v4/projects/" + project + "/packages/maven";
            Path build = dir.resolve("build");

            for (String version : List.of("1.0.0", "1.1.0-SNAPSHOT", "1.1.0-SNAPSHOT")) {
                writeProject(build, version, url);
                Tools.ok(build, Map.of(), maven(settings, repo, "deploy", "-DskipTests"));
            }
            Tools.deleteTree(repo.resolve("com/multi"));
            MavenCentral.seedDependencyPlugin(dir);
            List<String> scopes = List.of(url, server.url() + "/api/v4/groups/multi/-/packages/maven",
                    server.url() + "/api/v4/packages/maven");
            for (String scope : scopes) {
                for (String version : List.of("1.0.0", "1.1.0-SNAPSHOT")) {
                    Path fresh = resolveOffline(scope, version);
                    assertThat(fresh.resolve("com/multi/app/" + version + "/app-" + version + ".jar")).as(scope)
                            .hasSameBinaryContentAs(build.resolve("app/target/app-" + version + ".jar"));
                    assertThat(fresh.resolve("com/multi/core/" + version + "/core-" + version + ".jar")).as(scope)
                            .hasSameBinaryContentAs(build.resolve("core/target/core-" + version + ".jar"));
                }
            }
            Api.Response snapshotMetadata = server.root().get("/api/v4/projects/" + project
                    + "/packages/maven/com/multi/core/1.1.0-SNAPSHOT/maven-metadata.xml");

            assertThat(snapshotMetadata.body()).contains("<buildNumber>2</buildNumber>");
            assertThat(server.root().get("/api/v4/projects/" + project + "/packages?package_type=maven&per_page=100")
                    .json()).hasSize(6);
        }
    }

    private void writeProject(Path root, String version, String url) throws Exception {
        String parent = "<project xmlns=\"http://maven.apache.org/POM/4.0.0\"><modelVersion>4.0.0</modelVersion>"
                + "<groupId>com.multi</groupId><artifactId>parent</artifactId><version>" + version + "</version>"
                + "<packaging>pom</packaging><modules><module>core</module><module>app</module></modules>"
                + "<properties><maven.compiler.release>17</maven.compiler.release>"
                + "<project.build.sourceEncoding>UTF-8</project.build.sourceEncoding></properties>"
                + "<build><pluginManagement><plugins><plugin><groupId>org.apache.maven.plugins</groupId>"
                + "<artifactId>maven-compiler-plugin</artifactId><version>3.13.0</version></plugin>"
                + "<plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-deploy-plugin</artifactId>"
                + "<version>3.1.1</version></plugin></plugins></pluginManagement></build>"
                + "<distributionManagement><repository><id>depot</id><url>" + url + "</url></repository>"
                + "<snapshotRepository><id>depot</id><url>" + url + "</url></snapshotRepository>"
                + "</distributionManagement></project>";
        Files.createDirectories(root.resolve("core/src/main/java/multi"));
        Files.createDirectories(root.resolve("app/src/main/java/multi/app"));
        Files.writeString(root.resolve("pom.xml"), parent);
        Files.writeString(root.resolve("core/pom.xml"), module("core", version, ""));
        Files.writeString(root.resolve("app/pom.xml"), module("app", version, "<dependencies><dependency>"
                + "<groupId>com.multi</groupId><artifactId>core</artifactId><version>" + version
                + "</version></dependency></dependencies>"));
        Files.writeString(root.resolve("core/src/main/java/multi/Core.java"),
                "package multi; public class Core { public static String hi() { return \"hi\"; } }");
        Files.writeString(root.resolve("app/src/main/java/multi/app/App.java"),
                "package multi.app; public class App { public static void main(String[] a) { "
                        + "System.out.println(multi.Core.hi()); } }");
    }

    private static String module(String name, String version, String extra) {
        return "<project xmlns=\"http://maven.apache.org/POM/4.0.0\"><modelVersion>4.0.0</modelVersion>"
                + "<parent><groupId>com.multi</groupId><artifactId>parent</artifactId><version>" + version
                + "</version></parent><artifactId>" + name + "</artifactId>" + extra + "</project>";
    }

    /**
     * {@code mvn dependency:resolve} of a project depending on com.multi:app, with a fresh local repository and every
     * repository but Depot mirrored to the file:// seed: the only network peer is Depot.
     */
    private Path resolveOffline(String url, String version) throws Exception {
        Path consumer = Files.createTempDirectory(dir, "consumer-");
        Files.writeString(consumer.resolve("pom.xml"), MavenCentral.pom("<dependency><groupId>com.multi</groupId>"
                + "<artifactId>app</artifactId><version>" + version + "</version></dependency>"));
        Path fresh = consumer.resolve("repo");
        Tools.ok(consumer, Map.of(), MavenCentral.command(dir, MavenCentral.offlineSettings(consumer, url,
                TestServer.ROOT_TOKEN), fresh, MavenCentral.DEPENDENCY_PLUGIN + ":resolve"));
        return fresh;
    }

    /** settings.xml sending the root token as a Private-Token header, and an empty global settings file. */
    private Path settings() throws Exception {
        Path settings = dir.resolve("settings.xml");
        Files.writeString(settings, "<settings><servers><server><id>depot</id><configuration><httpHeaders>"
                + "<property><name>Private-Token</name><value>" + TestServer.ROOT_TOKEN + "</value></property>"
                + "</httpHeaders></configuration></server></servers></settings>");
        return settings;
    }

    private void deploy(Path settings, Path repo, Path jar, String version, String url) throws Exception {
        Tools.ok(dir, Map.of(), maven(settings, repo,
                "org.apache.maven.plugins:maven-deploy-plugin:3.1.1:deploy-file", "-Dfile=" + jar,
                "-DgroupId=com.acme", "-DartifactId=hello", "-Dversion=" + version, "-Dpackaging=jar",
                "-DrepositoryId=depot", "-Durl=" + url));
    }

    private void resolve(Path settings, Path repo, String artifact, String url) throws Exception {
        Tools.ok(dir, Map.of(), maven(settings, repo, MavenCentral.DEPENDENCY_PLUGIN + ":get",
                "-Dartifact=" + artifact, "-Dtransitive=false", "-DremoteRepositories=depot::default::" + url));
    }

    private List<String> maven(Path settings, Path repo, String... args) throws Exception {
        return MavenCentral.command(dir, settings, repo, args);
    }

    private static Path jar(Path file, String content) throws Exception {
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(file))) {
            out.putNextEntry(new JarEntry("hello.txt"));
            out.write(content.getBytes(StandardCharsets.UTF_8));
        }
        return file;
    }
}
