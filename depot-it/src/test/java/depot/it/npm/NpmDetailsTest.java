package depot.it.npm;

import static org.assertj.core.api.Assertions.assertThat;

import depot.core.model.Package;
import depot.format.npm.NpmFormat;
import depot.http.FormatContext;
import depot.http.PackageDetails;
import depot.it.support.Backend;
import depot.it.support.NpmDocs;
import depot.it.support.TestServer;
import depot.it.support.World;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** What the detail page and the packages API show of an npm package: metadata rows, tags, install snippets. */
class NpmDetailsTest {
    @Test
    void shows_name_version_tags_dependencies_and_snippets_for_npm_yarn_and_pnpm() throws Exception {
        try (TestServer server = new TestServer(Backend.SQLITE)) {
            World world = new World(server);
            long project = world.project(world.group("acme", "private"), "web", "private");
            String json = "{\"name\":\"@acme/ui\",\"version\":\"2.1.0\",\"description\":\"buttons\",\"license\":\"MIT\","
                    + "\"dependencies\":{\"left-pad\":\"^1.3.0\"}}";
            String doc = NpmDocs.publish("@acme/ui", "2.1.0", NpmDocs.tarball(json))
                    .replace("\"version\":\"2.1.0\",\"dist\"", "\"version\":\"2.1.0\",\"description\":\"buttons\","
                            + "\"license\":\"MIT\",\"dependencies\":{\"left-pad\":\"^1.3.0\"},\"dist\"");
            String base = "/api/v4/projects/" + project + "/packages/npm/";
            assertThat(server.root().put(base + "@acme%2fui", doc).status()).isEqualTo(201);
            assertThat(server.root().put(base + "-/package/@acme%2fui/dist-tags/stable", "\"2.1.0\"").status())
                    .isEqualTo(200);
            JsonNode listed = server.root().get("/api/v4/projects/" + project + "/packages?package_type=npm").json();
            long id = listed.get(0).get("id").asLong();
            Package pkg = server.services().packages().get(id).orElseThrow();
            FormatContext ctx = server.formatContext("https://depot.example");

            PackageDetails d = new NpmFormat().details(pkg, List.of(), ctx);

            assertThat(listed.get(0).get("tags").findValuesAsString("name")).containsExactly("latest", "stable");
            assertThat(d.metadata()).contains(new PackageDetails.Row("name", "@acme/ui"),
                    new PackageDetails.Row("version", "2.1.0"), new PackageDetails.Row("dist-tags", "latest, stable"),
                    new PackageDetails.Row("description", "buttons"), new PackageDetails.Row("license", "MIT"));
            assertThat(d.dependencies()).containsExactly(new PackageDetails.Dependency("left-pad", "^1.3.0", ""));
            assertThat(d.snippets()).extracting(PackageDetails.Snippet::title).containsExactly(".npmrc", "npm", "yarn", "pnpm");
            assertThat(d.snippets().get(0).code()).isEqualTo(
                    "@acme:registry=https://depot.example/api/v4/projects/" + project + "/packages/npm/\n"
                            + "//depot.example/api/v4/projects/" + project + "/packages/npm/:_authToken=${DEPOT_TOKEN}");
            assertThat(d.snippets().get(1).code()).isEqualTo("npm install @acme/ui@2.1.0");
        }
    }
}
