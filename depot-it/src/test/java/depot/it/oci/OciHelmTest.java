package depot.it.oci;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import depot.it.support.Api;
import depot.it.support.Backend;
import depot.it.support.TestServer;
import depot.it.support.World;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Helm 3 (the real Helm library through helm-java, from Maven Central) logs in to Depot, pushes a chart as an OCI
 * artifact and renders it back from {@code oci://}. Its logins and caches live under depot-it/target/helm (see the
 * Surefire environment in the pom).
 */
class OciHelmTest {
    @TempDir Path dir;

    @Test
    void helm_logs_in_pushes_a_chart_and_renders_it_from_oci() throws Exception {
        try (TestServer server = new TestServer(Backend.SQLITE)) {
            World world = new World(server);
            long project = world.project(world.group("acme", "private"), "charts", "private");
            World.Person dev = world.user("dev", "read_registry", "write_registry");
            world.member("projects", project, dev.id(), 30);
            String host = "127.0.0.1:" + server.port();
            Helm.create().withName("hello").withDir(dir).call();
            new Helm(dir.resolve("hello")).packageIt().withDestination(dir).call();
            Path chart;
            try (Stream<Path> files = Files.list(dir)) {
                chart = files.filter(p -> p.getFileName().toString().endsWith(".tgz")).findFirst().orElseThrow();
            }

            Helm.registry().login().withHost(host).withUsername("dev").withPassword(dev.token()).plainHttp().call();
            Helm.push().withChart(chart).withRemote(URI.create("oci://" + host + "/acme/charts")).plainHttp().call();
            String rendered = Helm.template("oci://" + host + "/acme/charts/hello").withVersion("0.1.0").withName("demo")
                    .plainHttp().call();
            Api.Response tags = server.root().get("/v2/acme/charts/hello/tags/list");

            assertThat(tags.json().get("tags").get(0).asString()).isEqualTo("0.1.0");
            assertThat(rendered).contains("name: demo-hello");
            assertThat(server.root().get("/v2/acme/charts/hello/manifests/0.1.0").json().get("config").get("mediaType")
                    .asString()).isEqualTo("application/vnd.cncf.helm.config.v1+json");
        }
    }
}
