package depot.it.rubygems;

import static org.assertj.core.api.Assertions.assertThat;

import depot.core.model.Package;
import depot.format.rubygems.RubygemsFormat;
import depot.http.FormatContext;
import depot.http.PackageDetails;
import depot.it.support.Backend;
import depot.it.support.TestServer;
import depot.it.support.World;
import org.junit.jupiter.api.Test;

/** What the detail page shows of a gem: its specification, platforms, dependencies and install snippets. */
class RubygemsDetailsTest {
    @Test
    void shows_the_gemspec_and_snippets_for_gem_bundler_and_push() throws Exception {
        try (TestServer server = new TestServer(Backend.SQLITE)) {
            World world = new World(server);
            long project = world.project(world.group("acme", "private"), "gems", "private");
            String gems = "/api/v4/projects/" + project + "/packages/rubygems";
            assertThat(Gems.push(server.root(), gems, Gems.gem(Gems.spec("shiny", "1.2.0", "ruby", "base"))).status())
                    .isEqualTo(200);
            assertThat(Gems.push(server.root(), gems, Gems.gem(Gems.spec("shiny", "1.2.0", "java", "base"))).status())
                    .isEqualTo(200);
            long id = server.root().get("/api/v4/projects/" + project + "/packages?package_type=rubygems").json()
                    .get(0).get("id").asLong();
            Package pkg = server.services().packages().get(id).orElseThrow();
            FormatContext ctx = server.formatContext("https://depot.example");

            PackageDetails d = new RubygemsFormat().details(pkg, server.services().reads().files(id), ctx);

            assertThat(d.metadata()).contains(new PackageDetails.Row("name", "shiny"),
                    new PackageDetails.Row("version", "1.2.0"), new PackageDetails.Row("summary", "shiny for the tests"),
                    new PackageDetails.Row("homepage", "https://example.com/shiny"),
                    new PackageDetails.Row("authors", "Depot Tests"), new PackageDetails.Row("licenses", "MIT"),
                    new PackageDetails.Row("platforms", "ruby, java"));
            assertThat(d.dependencies()).containsExactly(new PackageDetails.Dependency("base", ">= 0", ""));
            assertThat(d.snippets()).extracting(PackageDetails.Snippet::title)
                    .containsExactly("gem install", "Gemfile", "bundle config", "~/.gem/credentials (gem push)");
            String url = "https://depot.example/api/v4/projects/" + project + "/packages/rubygems";
            assertThat(d.snippets().get(0).code()).isEqualTo("gem install shiny --version 1.2.0 --clear-sources --source "
                    + url.replace("://", "://__token__:${DEPOT_TOKEN}@") + "/");
            assertThat(d.snippets().get(1).code()).startsWith("source \"" + url + "/\"\n");
            assertThat(d.snippets().get(2).code()).contains("BUNDLE_DEPOT__EXAMPLE=");
        }
    }
}
