package depot.it.rpm;

import static org.assertj.core.api.Assertions.assertThat;

import depot.core.model.Package;
import depot.format.rpm.RpmFormat;
import depot.format.rpm.RpmWriter;
import depot.http.FormatContext;
import depot.http.PackageDetails;
import depot.it.support.Backend;
import depot.it.support.TestServer;
import depot.it.support.World;
import org.junit.jupiter.api.Test;

/** What the detail page shows of an RPM: NEVRA, dependencies, changelog and files, and the dnf setup. */
class RpmDetailsTest {
    @Test
    void shows_nevra_dependencies_changelog_files_and_the_dnf_setup() throws Exception {
        try (TestServer server = new TestServer(Backend.SQLITE)) {
            World world = new World(server);
            long project = world.project(world.group("acme", "private"), "rpms", "private");
            String packages = "/api/v4/projects/" + project + "/packages/";
            byte[] rpm = RpmWriter.minimal("acme-tool", "1.4", "2.el9", "aarch64").int32(1003, 3)
                    .strings(1049, "rpmlib(CompressedFileNames)", "acme-lib").int32(1048, (1 << 24) | 12, 12)
                    .strings(1050, "3.0.4-1", "2.0").strings(1047, "acme-tool").int32(1112, 8).strings(1113, "3:1.4-2.el9")
                    .strings(1117, "acme-tool", "acme.conf").strings(1118, "/usr/bin/", "/etc/").int32(1116, 0, 1)
                    .int32(1080, 1_764_547_200).strings(1081, "Acme Dev <dev@acme.test> - 1.4-2").strings(1082, "- <b>bold</b> fix")
                    .build();
            assertThat(Rpms.upload(server.root(), packages, "tool.rpm", rpm).status()).isEqualTo(201);
            long id = server.root().get(packages + "?package_type=rpm").json().get(0).get("id").asLong();
            Package pkg = server.services().packages().get(id).orElseThrow();
            assertThat(pkg.version()).isEqualTo("3:1.4-2.el9");
            FormatContext ctx = server.formatContext("https://depot.example");

            PackageDetails d = new RpmFormat().details(pkg, server.services().reads().files(id), ctx);

            assertThat(d.metadata()).contains(new PackageDetails.Row("NEVRA", "acme-tool-3:1.4-2.el9.aarch64"),
                    new PackageDetails.Row("License", "MIT"), new PackageDetails.Row("Requires", "acme-lib >= 2.0"),
                    new PackageDetails.Row("Provides", "acme-tool = 3:1.4-2.el9"),
                    new PackageDetails.Row("Changelog", "* Mon Dec 01 2025 Acme Dev <dev@acme.test> - 1.4-2\n- <b>bold</b> fix"),
                    new PackageDetails.Row("Files (2)", "/usr/bin/acme-tool\n/etc/acme.conf"));
            String mount = "https://depot.example/api/v4/projects/" + project + "/packages/rpm";
            assertThat(d.snippets()).extracting(PackageDetails.Snippet::title).containsExactly(
                    "/etc/yum.repos.d/depot-" + project + ".repo", "or fetch it (then fill in the credentials, chmod 0600)",
                    "install", "upload another build");
            assertThat(d.snippets().get(0).code()).contains("baseurl=" + mount + "\n").contains("repo_gpgcheck=1\n")
                    .contains("gpgkey=" + mount + "/repodata/repomd.xml.key\n");
            assertThat(d.snippets().get(2).code()).isEqualTo("sudo dnf install acme-tool-1.4-2.el9");
            // the .repo file served is the snippet's, with the URL form of the request
            String served = server.root().get(packages + "rpm/depot-" + project + ".repo").body();
            assertThat(served).startsWith("[depot-" + project + "]\n").contains("baseurl=" + server.url() + packages + "rpm\n");
        }
    }
}
