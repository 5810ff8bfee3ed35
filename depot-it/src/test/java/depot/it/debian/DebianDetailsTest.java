package depot.it.debian;

import static org.assertj.core.api.Assertions.assertThat;

import depot.core.model.Package;
import depot.format.debian.DebianFormat;
import depot.http.FormatContext;
import depot.http.PackageDetails;
import depot.it.support.Backend;
import depot.it.support.TestServer;
import depot.it.support.World;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the detail page shows of a Debian package: its control fields, where it is published, and the apt setup. */
class DebianDetailsTest {
    @Test
    void shows_control_fields_placement_and_the_apt_setup() throws Exception {
        try (TestServer server = new TestServer(Backend.SQLITE)) {
            World world = new World(server);
            long project = world.project(world.group("acme", "private"), "debs", "private");
            String packages = "/api/v4/projects/" + project + "/packages/";
            byte[] deb = Debs.deb("Package: acme-tool\nVersion: 2:1.4-1\nArchitecture: arm64\nMaintainer: Acme <dev@acme.test>\n"
                    + "Depends: libc6 (>= 2.34)\nSection: utils\nHomepage: https://acme.test\nDescription: the tool\n long.\n",
                    Map.of("./f", new byte[] {1}));
            assertThat(Debs.upload(server.root(), packages, "tool.deb", "bookworm", deb).status()).isEqualTo(201);
            long id = server.root().get(packages + "?package_type=debian").json().get(0).get("id").asLong();
            Package pkg = server.services().packages().get(id).orElseThrow();
            FormatContext ctx = server.formatContext("https://depot.example");

            PackageDetails d = new DebianFormat().details(pkg, server.services().reads().files(id), ctx);

            assertThat(d.metadata()).contains(new PackageDetails.Row("Package", "acme-tool"),
                    new PackageDetails.Row("Version", "2:1.4-1"), new PackageDetails.Row("Architecture", "arm64"),
                    new PackageDetails.Row("Depends", "libc6 (>= 2.34)"), new PackageDetails.Row("Homepage", "https://acme.test"),
                    new PackageDetails.Row("published in", "acme-tool_1.4-1_arm64.deb: bookworm / main / arm64"));
            String mount = "https://depot.example/api/v4/projects/" + project + "/packages/debian";
            assertThat(d.snippets()).extracting(PackageDetails.Snippet::title).containsExactly(
                    "the distribution's signing key", "/etc/apt/sources.list.d/depot.sources",
                    "or in /etc/apt/sources.list.d/depot.list", "/etc/apt/auth.conf.d/depot.conf (chmod 0600)",
                    "install", "upload another build");
            assertThat(d.snippets().get(0).code()).contains("/api/v4/projects/" + project + "/debian_distributions/bookworm/key.asc");
            assertThat(d.snippets().get(1).code()).contains("URIs: " + mount + "\nSuites: bookworm\nComponents: main\nSigned-By: ");
            assertThat(d.snippets().get(3).code()).isEqualTo("machine depot.example/api/v4/projects/" + project
                    + "/packages/debian login <username> password <token>");
            assertThat(d.snippets().get(4).code()).contains("apt-get install acme-tool=2:1.4-1");
        }
    }
}
