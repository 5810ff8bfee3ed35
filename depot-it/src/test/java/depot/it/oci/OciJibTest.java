package depot.it.oci;

import static org.assertj.core.api.Assertions.assertThat;

import depot.it.support.Api;
import depot.it.support.Backend;
import depot.it.support.MavenCentral;
import depot.it.support.TestServer;
import depot.it.support.Tools;
import depot.it.support.World;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Jib (the Maven plugin, fetched from Maven Central into target/m2) builds a Java application on a base image it pulls
 * from Depot and pushes the result to Depot; the result's first layer is the base's, shared through the blob store.
 */
class OciJibTest {
    private static final String JIB = "com.google.cloud.tools:jib-maven-plugin:3.4.4:build";
    @TempDir Path dir;

    @Test
    void jib_pulls_its_base_from_depot_and_pushes_the_built_image() throws Exception {
        Path skopeo = Tools.require("skopeo", "apt-get install skopeo");
        try (TestServer server = new TestServer(Backend.SQLITE)) {
            World world = new World(server);
            long project = world.project(world.group("acme", "private"), "app", "private");
            World.Person dev = world.user("dev", "read_registry", "write_registry");
            world.member("projects", project, dev.id(), 30);
            String host = "127.0.0.1:" + server.port();
            Path policy = depot.it.support.OciLayouts.acceptAnything(dir);
            depot.it.support.OciLayouts.write(dir.resolve("base"), "1", 4096);
            Tools.ok(dir, Map.of(), List.of(skopeo.toString(), "--policy", policy.toString(), "copy",
                    "--dest-tls-verify=false", "--dest-creds", "dev:" + dev.token(), "oci:" + dir.resolve("base") + ":1",
                    "docker://" + host + "/acme/app/base:1"));
            Path app = Files.createDirectories(dir.resolve("app/src/main/java/hello")).getParent().getParent()
                    .getParent().getParent();
            Files.writeString(app.resolve("src/main/java/hello/Main.java"),
                    "package hello;\npublic class Main { public static void main(String[] a) { System.out.println(\"hi\"); } }\n");
            Files.writeString(app.resolve("pom.xml"), "<project xmlns=\"http://maven.apache.org/POM/4.0.0\">"
                    + "<modelVersion>4.0.0</modelVersion><groupId>com.acme</groupId><artifactId>hello</artifactId>"
                    + "<version>1.0</version><properties><maven.compiler.release>17</maven.compiler.release>"
                    + "<project.build.sourceEncoding>UTF-8</project.build.sourceEncoding></properties><build><plugins>"
                    + "<plugin><artifactId>maven-compiler-plugin</artifactId><version>3.13.0</version></plugin>"
                    + "</plugins></build></project>");

            Tools.ok(app, Map.of(), MavenCentral.command(dir, MavenCentral.empty(dir), MavenCentral.SEED, "package", JIB,
                    "-Djib.from.image=" + host + "/acme/app/base:1", "-Djib.to.image=" + host + "/acme/app/hello:1.0",
                    "-Djib.allowInsecureRegistries=true", "-DsendCredentialsOverHttp=true",
                    "-Djib.from.auth.username=dev", "-Djib.from.auth.password=" + dev.token(),
                    "-Djib.to.auth.username=dev", "-Djib.to.auth.password=" + dev.token()));
            JsonNode base = Api.JSON.readTree(Tools.ok(dir, Map.of(), List.of(skopeo.toString(), "inspect",
                    "--tls-verify=false", "--creds", "dev:" + dev.token(), "docker://" + host + "/acme/app/base:1"))
                    .stdout());
            JsonNode built = Api.JSON.readTree(Tools.ok(dir, Map.of(), List.of(skopeo.toString(), "inspect",
                    "--tls-verify=false", "--creds", "dev:" + dev.token(), "docker://" + host + "/acme/app/hello:1.0"))
                    .stdout());

            assertThat(built.get("Layers").size()).isGreaterThan(1);
            assertThat(built.get("Layers").get(0)).isEqualTo(base.get("Layers").get(0));
            assertThat(built.get("Architecture").asString()).isEqualTo("amd64");
        }
    }
}
