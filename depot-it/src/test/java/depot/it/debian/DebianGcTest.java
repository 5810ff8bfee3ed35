package depot.it.debian;

import static org.assertj.core.api.Assertions.assertThat;

import depot.core.packages.Maintenance;
import depot.it.support.Api;
import depot.it.support.Backend;
import depot.it.support.TestServer;
import depot.it.support.World;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * gc and the Debian indexes: a snapshot older than the grace period and not among the three newest of its
 * distribution is dropped, and the blob sweep then removes the index files only it named; the newest snapshots, and
 * every file their Release names, stay.
 */
class DebianGcTest {
    private static final Pattern PACKAGES = Pattern.compile("^ ([0-9a-f]{64}) +[0-9]+ main/binary-amd64/Packages$", Pattern.MULTILINE);

    private static String packagesHash(Api root, String debian) {
        Matcher m = PACKAGES.matcher(root.get(debian + "dists/stable/InRelease").body());
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void gc_drops_old_snapshots_and_their_files_and_keeps_the_newest(Backend backend) throws Exception {
        try (TestServer server = new TestServer(backend)) {
            World world = new World(server);
            long project = world.project(world.group("acme", "private"), "debs", "private");
            Api root = server.root();
            String packages = "/api/v4/projects/" + project + "/packages/";
            String debian = packages + "debian/";
            List<String> hashes = new ArrayList<>();
            for (int v = 0; v < 6; v++) {
                Api.Response r = Debs.upload(root, packages, "p.deb", "stable", Debs.simple("gcpkg", "1." + v, "amd64", new byte[] {(byte) v}));
                assertThat(r.status()).as(r.body()).isEqualTo(201);
                hashes.add(packagesHash(root, debian));
            }
            String byHash = debian + "dists/stable/main/binary-amd64/by-hash/SHA256/";
            assertThat(root.get(byHash + hashes.get(0)).status()).isEqualTo(200);
            server.advanceClock(2 * 3_600_000L);

            Maintenance.GcResult result = server.services().maintenance().gc(3_600_000L, p -> { });

            assertThat(result.parts().get("Debian indexes").get("old index snapshots")).isGreaterThanOrEqualTo(3);
            assertThat(root.get(byHash + hashes.get(0)).status()).isEqualTo(404);
            assertThat(server.services().blobs().size(hashes.get(0))).isEmpty();
            String newest = hashes.get(hashes.size() - 1);
            assertThat(packagesHash(root, debian)).isEqualTo(newest);
            assertThat(root.get(byHash + newest).status()).isEqualTo(200);
            assertThat(root.get(debian + "dists/stable/main/binary-amd64/Packages").body()).contains("Version: 1.5\n");
        }
    }
}
