package depot.it.db;

import static org.assertj.core.api.Assertions.assertThat;

import depot.it.support.Api;
import depot.it.support.Backend;
import depot.it.support.TestServer;
import depot.it.support.World;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * Lists ordered by version use the version sort key, on the suite's stack: new rows get it when published, and rows
 * from before it existed get it at start.
 */
class VersionOrderTest {
    @Test
    void lists_sort_versions_as_versions_and_old_rows_get_their_key() throws Exception {
        try (TestServer server = new TestServer(Backend.SQLITE)) {
            World world = new World(server);
            long project = world.project(world.group("vo", "private"), "p", "private");
            Api root = server.root();
            for (String v : List.of("1.10.0", "2.0.0-rc.1", "1.9.3", "10.0.0", "1.2.0", "2.0.0")) {
                assertThat(root.putBytes("/api/v4/projects/" + project + "/packages/generic/lib/" + v + "/f.bin",
                        new byte[] {1}).status()).isEqualTo(201);
            }
            List<String> expected = List.of("1.2.0", "1.9.3", "1.10.0", "2.0.0-rc.1", "2.0.0", "10.0.0");
            assertThat(versions(root, project)).isEqualTo(expected);

            // as an earlier release left them: no key
            int cleared = server.services().database().jdbi().withHandle(h ->
                    h.createUpdate("UPDATE packages SET version_order = NULL").execute());
            assertThat(cleared).isEqualTo(6);
            assertThat(depot.core.db.VersionOrderFill.fill(server.services().database().jdbi())).isEqualTo(6);
            assertThat(depot.core.db.VersionOrderFill.fill(server.services().database().jdbi())).isZero();
            assertThat(versions(root, project)).isEqualTo(expected);
        }
    }

    private static List<String> versions(Api root, long project) {
        return StreamSupport.stream(root.get("/api/v4/projects/" + project
                        + "/packages?order_by=version&sort=asc&per_page=100").json().spliterator(), false)
                .map(p -> p.get("version").asString()).toList();
    }
}
