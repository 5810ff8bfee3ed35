package depot.it.rpm;

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
 * gc and the RPM repodata: a snapshot older than the grace period and not among the three newest of its repository
 * is dropped, and the blob sweep then removes the metadata files only it named; the newest snapshot and every file
 * its repomd.xml names stay.
 */
class RpmGcTest {
    private static final Pattern PRIMARY = Pattern.compile("href=\"(repodata/([0-9a-f]{64})-primary\\.xml\\.gz)\"");

    private static Matcher primary(Api root, String rpm) {
        Matcher m = PRIMARY.matcher(root.get(rpm + "repodata/repomd.xml").body());
        assertThat(m.find()).isTrue();
        return m;
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void gc_drops_old_snapshots_and_their_files_and_keeps_the_newest(Backend backend) throws Exception {
        try (TestServer server = new TestServer(backend)) {
            World world = new World(server);
            long project = world.project(world.group("acme", "private"), "rpms", "private");
            Api root = server.root();
            String packages = "/api/v4/projects/" + project + "/packages/";
            String rpm = packages + "rpm/";
            List<String> files = new ArrayList<>();
            List<String> hashes = new ArrayList<>();
            for (int v = 0; v < 6; v++) {
                Api.Response r = Rpms.upload(root, packages, "p.rpm", Rpms.simple("gcpkg", "1." + v, new byte[] {(byte) v}));
                assertThat(r.status()).as(r.body()).isEqualTo(201);
                Matcher m = primary(root, rpm);
                files.add(m.group(1));
                hashes.add(m.group(2));
            }
            assertThat(root.get(rpm + files.get(0)).status()).isEqualTo(200);
            server.advanceClock(2 * 3_600_000L);

            Maintenance.GcResult result = server.services().maintenance().gc(3_600_000L, p -> { });

            assertThat(result.parts().get("RPM repodata").get("old repodata snapshots")).isGreaterThanOrEqualTo(3);
            assertThat(root.get(rpm + files.get(0)).status()).isEqualTo(404);
            assertThat(server.services().blobs().size(hashes.get(0))).isEmpty();
            int newest = files.size() - 1;
            assertThat(primary(root, rpm).group(1)).isEqualTo(files.get(newest));
            assertThat(root.get(rpm + files.get(newest)).status()).isEqualTo(200);
        }
    }
}
