package depot.it.maven;

import static org.assertj.core.api.Assertions.assertThat;

import depot.http.HttpAuth;
import depot.it.support.Api;
import depot.it.support.Backend;
import depot.it.support.MavenCentral;
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

/**
 * coursier and the sbt launcher: clients that send credentials only after a {@code 401} with a Basic challenge.
 * Both are fetched from Maven Central by the real mvn once per checkout; caches live under target/ and are keyed by
 * the test server's random port, so nothing Depot serves is ever found in them. One stack: they speak the Maven
 * protocol MavenClientTest proves on both (the challenge, Basic, PUT and GET of files).
 */
@depot.it.support.OneStack
class ScalaClientsTest {
    static final String COURSIER = "io.get-coursier:coursier-cli_2.13:2.1.24";
    static final String SBT_LAUNCHER = "org.scala-sbt:sbt-launch:1.12.14";

    @TempDir Path dir;

    @Test
    void coursier_fetches_from_a_private_project_and_group_with_basic_after_a_challenge() throws Exception {
        String classpath = MavenCentral.classpath(dir, COURSIER);
        try (TestServer server = new TestServer(Backend.SQLITE)) {
            World world = new World(server);
            long project = world.project(world.group("acme", "private"), "lib", "private");
            World.Person reader = world.user("reader", "read_api");
            world.member("projects", project, reader.id(), 20);
            byte[] jar = upload(server, project, "com/acme/lib/1.0.0/lib-1.0.0");

            Path fetched = coursier(classpath, server, "reader:" + reader.token(),
                    server.url() + "/api/v4/projects/" + project + "/packages/maven", "com.acme:lib:1.0.0");
            Path fromGroup = coursier(classpath, server, "reader:" + reader.token(),
                    server.url() + "/api/v4/groups/acme/-/packages/maven", "com.acme:lib:1.0.0");
            Tools.Result anonymous = Tools.run(dir, Map.of("COURSIER_CACHE", dir.resolve("anonymous").toString()),
                    coursierCommand(classpath, server.url() + "/api/v4/packages/maven", "com.acme:lib:1.0.0"));

            assertThat(fetched).hasBinaryContent(jar);
            assertThat(fromGroup).hasBinaryContent(jar);
            assertThat(anonymous.exit()).isNotZero();
            assertThat(anonymous.stderr() + anonymous.stdout()).contains("unauthorized").contains(HttpAuth.REALM);
        }
    }

    @Test
    void sbt_resolves_a_dependency_from_depot_and_publishes_to_a_project() throws Exception {
        Path launcher = MavenCentral.artifact(dir, SBT_LAUNCHER);
        String coursierClasspath = MavenCentral.classpath(dir, COURSIER);
        try (TestServer server = new TestServer(Backend.SQLITE)) {
            World world = new World(server);
            long project = world.project(world.group("scala", "private"), "greeter", "private");
            String url = server.url() + "/api/v4/projects/" + project + "/packages/maven/";
            upload(server, project, "com/acme/lib/1.0.0/lib-1.0.0");
            Path build = writeBuild(url, server);

            Tools.Result sbt = Tools.ok(build, Map.of(), sbtCommand(launcher, url, "publish"));
            Path published = build.resolve("target/scala-2.13/greeter_2.13-0.1.0.jar");
            Path fetched = coursier(coursierClasspath, server, "u:" + TestServer.ROOT_TOKEN,
                    server.url() + "/api/v4/packages/maven", "--intransitive", "com.acme:greeter_2.13:0.1.0");
            Api.Response files = server.root().get("/api/v4/projects/" + project + "/packages?package_name=greeter");
            Api.Response metadata = server.root().get("/api/v4/projects/" + project
                    + "/packages/maven/com/acme/greeter_2.13/maven-metadata.xml");

            assertThat(sbt.stdout()).contains("published greeter");
            assertThat(fetched).hasSameBinaryContentAs(published);
            assertThat(files.json()).hasSize(1);
            long packageId = files.json().get(0).get("id").asLong();
            assertThat(server.root().get("/api/v4/projects/" + project + "/packages/" + packageId + "/package_files")
                    .json().findValuesAsString("file_name")).contains("greeter_2.13-0.1.0.pom",
                    "greeter_2.13-0.1.0.jar", "greeter_2.13-0.1.0-sources.jar", "greeter_2.13-0.1.0-javadoc.jar");
            // sbt uploads no maven-metadata.xml: Depot renders it from the database
            assertThat(metadata.body()).contains("<release>0.1.0</release>");
        }
    }

    /** PUTs a jar and its pom (no dependencies) under {@code base}; returns the jar's bytes. */
    private static byte[] upload(TestServer server, long project, String base) throws java.io.IOException {
        String prefix = "/api/v4/projects/" + project + "/packages/maven/" + base;
        String[] gav = base.split("/");
        String pom = "<project><modelVersion>4.0.0</modelVersion><groupId>com.acme</groupId><artifactId>"
                + gav[2] + "</artifactId><version>" + gav[3] + "</version></project>";
        byte[] jar = jar(base);
        assertThat(server.root().putBytes(prefix + ".pom", pom.getBytes(StandardCharsets.UTF_8)).status())
                .isEqualTo(201);
        assertThat(server.root().putBytes(prefix + ".jar", jar).status()).isEqualTo(201);
        return jar;
    }

    private static byte[] jar(String content) throws java.io.IOException {
        var bytes = new java.io.ByteArrayOutputStream();
        try (JarOutputStream out = new JarOutputStream(bytes)) {
            out.putNextEntry(new JarEntry("content.txt"));
            out.write(content.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    private Path coursier(String classpath, TestServer server, String credentials, String repository,
            String... args) throws Exception {
        Path cache = dir.resolve("coursier-" + Math.abs(repository.hashCode()));
        Tools.Result r = Tools.ok(dir, Map.of("COURSIER_CACHE", cache.toString(),
                "COURSIER_CREDENTIALS", "127.0.0.1 " + credentials), coursierCommand(classpath, repository, args));
        List<String> lines = Files.readAllLines(r.stdoutFile());
        assertThat(lines).as(r.stderr()).hasSize(1);
        return Path.of(lines.get(0).trim());
    }

    private static List<String> coursierCommand(String classpath, String repository, String... args) {
        List<String> c = new ArrayList<>(List.of(java(), "-cp", classpath, "coursier.cli.Coursier", "fetch",
                "--no-default", "-r", repository));
        c.addAll(List.of(args));
        return c;
    }

    private Path writeBuild(String url, TestServer server) throws Exception {
        Path build = Files.createDirectories(dir.resolve("greeter"));
        Files.createDirectories(build.resolve("project"));
        Files.createDirectories(build.resolve("src/main/scala"));
        Files.writeString(build.resolve("project/build.properties"), "sbt.version=1.12.14\n");
        Files.writeString(build.resolve("build.sbt"), String.join("\n",
                "organization := \"com.acme\"",
                "name := \"greeter\"",
                "version := \"0.1.0\"",
                "scalaVersion := \"2.13.16\"",
                "libraryDependencies += \"com.acme\" % \"lib\" % \"1.0.0\"",
                "publishTo := Some(\"depot\" at \"" + url + "\")",
                // the realm must be the one in Depot's WWW-Authenticate challenge
                "credentials += Credentials(\"" + HttpAuth.REALM + "\", \"127.0.0.1\", \"u\", \""
                        + TestServer.ROOT_TOKEN + "\")",
                ""));
        Files.writeString(build.resolve("src/main/scala/Greeter.scala"),
                "object Greeter { def hi: String = \"hi\" }\n");
        return build;
    }

    /** The launcher with Depot first among its repositories; sbt itself and Scala come from Maven Central. */
    private List<String> sbtCommand(Path launcher, String url, String... commands) throws Exception {
        Path cache = Files.createDirectories(Path.of("target", "sbt").toAbsolutePath());
        Path repositories = dir.resolve("repositories");
        Files.writeString(repositories, "[repositories]\n  depot: " + url + "\n  maven-central\n");
        List<String> c = new ArrayList<>(List.of(java(), "-Xmx1g",
                "-Dsbt.repository.config=" + repositories, "-Dsbt.override.build.repos=true",
                "-Dsbt.boot.directory=" + cache.resolve("boot"), "-Dsbt.coursier.home=" + cache.resolve("coursier"),
                "-Dsbt.ivy.home=" + dir.resolve("ivy"), "-Dsbt.global.base=" + dir.resolve("sbt-global"),
                "-Dsbt.server.forcestart=false", "-Dsbt.log.noformat=true", "-Dsbt.supershell=false", "-Dsbt.ci=true",
                "-jar", launcher.toString()));
        c.addAll(List.of(commands));
        return c;
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
