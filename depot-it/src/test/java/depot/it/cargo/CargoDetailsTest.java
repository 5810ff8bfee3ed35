package depot.it.cargo;

import static org.assertj.core.api.Assertions.assertThat;

import depot.core.model.Package;
import depot.format.cargo.CargoFormat;
import depot.http.FormatContext;
import depot.http.PackageDetails;
import depot.it.support.Backend;
import depot.it.support.TestServer;
import depot.it.support.World;
import org.junit.jupiter.api.Test;

/** What the detail page shows of a crate: its metadata, features, dependencies and the cargo setup. */
class CargoDetailsTest {
    @Test
    void shows_features_dependencies_and_the_cargo_setup() throws Exception {
        try (TestServer server = new TestServer(Backend.SQLITE)) {
            World world = new World(server);
            long project = world.project(world.group("acme", "private"), "rust", "private");
            String cargo = "/api/v4/projects/" + project + "/packages/cargo";
            String json = "{\"name\":\"shiny\",\"vers\":\"1.2.0\",\"deps\":[{\"name\":\"base\",\"version_req\":\"^0.1\","
                    + "\"features\":[],\"optional\":true,\"default_features\":true,\"target\":null,\"kind\":\"normal\"}],"
                    + "\"features\":{\"fancy\":[\"dep:base\"]},\"description\":\"Shiny things\",\"license\":\"MIT\","
                    + "\"rust_version\":\"1.70\"}";
            assertThat(Crates.publish(server.root(), cargo, Crates.body(json, Crates.crate("shiny", "1.2.0"))).status())
                    .isEqualTo(200);
            long id = server.root().get("/api/v4/projects/" + project + "/packages?package_type=cargo").json()
                    .get(0).get("id").asLong();
            Package pkg = server.services().packages().get(id).orElseThrow();
            FormatContext ctx = server.formatContext("https://depot.example");

            PackageDetails d = new CargoFormat().details(pkg, server.services().reads().files(id), ctx);

            assertThat(d.metadata()).contains(new PackageDetails.Row("name", "shiny"),
                    new PackageDetails.Row("version", "1.2.0"), new PackageDetails.Row("description", "Shiny things"),
                    new PackageDetails.Row("license", "MIT"), new PackageDetails.Row("rust-version", "1.70"),
                    new PackageDetails.Row("features", "fancy = [\"dep:base\"]"));
            assertThat(d.dependencies()).containsExactly(new PackageDetails.Dependency("base", "^0.1", "optional"));
            String url = "https://depot.example/api/v4/projects/" + project + "/packages/cargo";
            assertThat(d.snippets()).extracting(PackageDetails.Snippet::title).containsExactly("cargo add",
                    ".cargo/config.toml", "Cargo.toml", "cargo login (or CARGO_REGISTRIES_DEPOT_TOKEN in CI)");
            assertThat(d.snippets().get(1).code()).contains("index = \"sparse+" + url + "/index/\"");
        }
    }
}
