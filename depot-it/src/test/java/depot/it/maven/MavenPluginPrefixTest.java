package depot.it.maven;

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

/**
 * A Maven plugin built and deployed by the real {@code mvn} runs as {@code mvn prefix:goal} from a setup whose only
 * remote is Depot: Maven finds the prefix in the groupId's maven-metadata.xml, which Depot builds from the plugin's
 * POM (packaging maven-plugin) and the goal prefix of its jar's plugin descriptor — at the project, group and
 * instance endpoints. One stack: the prefix is the Maven module's reading of metadata whose routes and queries
 * {@code MavenClientTest} runs on both.
 */
@depot.it.support.OneStack
class MavenPluginPrefixTest {
    @TempDir Path dir;

    @Test
    void a_deployed_plugin_runs_by_its_prefix_at_every_scope() throws Exception {
        MavenCentral.mvn();   // fails under CI, skips elsewhere, when mvn is missing
        try (TestServer server = new TestServer(Backend.SQLITE)) {
            World world = new World(server);
            long project = world.project(world.group("tools", "private"), "greeter", "private");
            String url = server.url() + "/api/v4/projects/" + project + "/packages/maven";
            Path build = dir.resolve("plugin");
            writePlugin(build, url);
            Path settings = dir.resolve("settings.xml");
            Files.writeString(settings, "<settings><servers><server><id>depot</id><configuration><httpHeaders>"
                    + "<property><name>Private-Token</name><value>" + TestServer.ROOT_TOKEN + "</value></property>"
                    + "</httpHeaders></configuration></server></servers></settings>");
            Tools.ok(build, Map.of(), MavenCentral.command(dir, settings, MavenCentral.SEED, "deploy", "-DskipTests"));
            // what Maven itself wrote for the groupId when it installed the plugin locally: the reference document
            String maven = Files.readString(MavenCentral.SEED.resolve("com/acme/plugins/maven-metadata-local.xml"));
            Tools.deleteTree(MavenCentral.SEED.resolve("com/acme/plugins"));

            Api.Response group = server.root().get("/api/v4/projects/" + project
                    + "/packages/maven/com/acme/plugins/maven-metadata.xml");
            assertThat(group.status()).as(group.body()).isEqualTo(200);
            assertThat(group.body()).contains("<prefix>greet</prefix>", "<artifactId>greeter-maven-plugin</artifactId>",
                    "<name>Greeter</name>");
            assertThat(plugins(group.body())).isEqualTo(plugins(maven));

            // Maven 3.8 adds plexus-utils 1.1 to a plugin that does not depend on it: the seed must hold it
            MavenCentral.artifact(dir, "org.codehaus.plexus:plexus-utils:1.1");
            for (String scope : List.of(url, server.url() + "/api/v4/groups/tools/-/packages/maven",
                    server.url() + "/api/v4/packages/maven")) {
                Path consumer = Files.createTempDirectory(dir, "consumer-");
                Tools.Result run = Tools.run(consumer, Map.of(), MavenCentral.command(dir, depotOnly(consumer, scope),
                        consumer.resolve("repo"), "greet:hello", "-Dwho=Depot"));
                assertThat(run.exit()).as(scope + ": " + run.stdout() + run.stderr()).isZero();
                assertThat(run.stdout()).as(scope).contains("Hello, Depot, from a plugin found by its prefix");
            }
        }
    }

    /**
     * Settings whose only remote is Depot (as repository and plugin repository); every other repository is mirrored
     * to the file:// seed, which holds no com.acme.plugins. The plugin's groupId is a plugin group.
     */
    private static Path depotOnly(Path work, String url) throws Exception {
        Path settings = work.resolve("settings.xml");
        Files.writeString(settings, "<settings><pluginGroups><pluginGroup>com.acme.plugins</pluginGroup></pluginGroups>"
                + "<mirrors><mirror><id>seed</id><mirrorOf>*,!depot</mirrorOf><url>" + MavenCentral.SEED.toUri()
                + "</url></mirror></mirrors>"
                + "<servers><server><id>depot</id><configuration><httpHeaders><property><name>Private-Token</name>"
                + "<value>" + TestServer.ROOT_TOKEN + "</value></property></httpHeaders></configuration></server></servers>"
                + "<profiles><profile><id>depot</id>"
                + "<repositories><repository><id>depot</id><url>" + url + "</url></repository></repositories>"
                + "<pluginRepositories><pluginRepository><id>depot</id><url>" + url + "</url></pluginRepository>"
                + "</pluginRepositories></profile></profiles>"
                + "<activeProfiles><activeProfile>depot</activeProfile></activeProfiles></settings>");
        return settings;
    }

    /** A plugin whose descriptor's goal prefix ("greet") differs from Maven's default for its artifactId ("greeter"). */
    private static void writePlugin(Path root, String url) throws Exception {
        Files.createDirectories(root.resolve("src/main/java/acme"));
        Files.writeString(root.resolve("pom.xml"), """
                <project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
                  <groupId>com.acme.plugins</groupId><artifactId>greeter-maven-plugin</artifactId><version>1.0.0</version>
                  <packaging>maven-plugin</packaging><name>Greeter</name>
                  <properties><maven.compiler.release>17</maven.compiler.release>
                    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding></properties>
                  <dependencies>
                    <dependency><groupId>org.apache.maven</groupId><artifactId>maven-plugin-api</artifactId>
                      <version>3.9.9</version><scope>provided</scope></dependency>
                    <dependency><groupId>org.apache.maven.plugin-tools</groupId><artifactId>maven-plugin-annotations</artifactId>
                      <version>3.13.1</version><scope>provided</scope></dependency>
                  </dependencies>
                  <build><plugins>
                    <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-plugin-plugin</artifactId>
                      <version>3.13.1</version><configuration><goalPrefix>greet</goalPrefix></configuration></plugin>
                    <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-compiler-plugin</artifactId>
                      <version>3.13.0</version></plugin>
                    <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-deploy-plugin</artifactId>
                      <version>3.1.1</version></plugin>
                  </plugins></build>
                  <distributionManagement><repository><id>depot</id><url>URL</url></repository></distributionManagement>
                </project>
                """.replace("URL", url));
        Files.writeString(root.resolve("src/main/java/acme/HelloMojo.java"), """
                package acme;

                import org.apache.maven.plugin.AbstractMojo;
                import org.apache.maven.plugins.annotations.Mojo;
                import org.apache.maven.plugins.annotations.Parameter;

                @Mojo(name = "hello", requiresProject = false)
                public class HelloMojo extends AbstractMojo {
                    @Parameter(property = "who", defaultValue = "world")
                    private String who;

                    @Override
                    public void execute() {
                        System.out.println("Hello, " + who + ", from a plugin found by its prefix");
                    }
                }
                """);
    }

    /** The {@code <plugins>} element of a metadata document, without whitespace between elements. */
    private static String plugins(String metadata) {
        int from = metadata.indexOf("<plugins>");
        int to = metadata.indexOf("</plugins>");
        assertThat(from).as(metadata).isNotNegative();
        return metadata.substring(from, to).replaceAll(">\\s+<", "><");
    }

}
