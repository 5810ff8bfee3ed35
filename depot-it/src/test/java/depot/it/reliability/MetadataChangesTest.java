package depot.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import depot.core.model.Package;
import depot.core.packages.PackageService;
import depot.it.support.Backend;
import depot.it.support.TestServer;
import depot.it.support.World;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A change of a package's metadata outside a publish (an npm deprecation, a Maven plugin's prefix) runs under the
 * package's lock on the metadata as stored then: concurrent changes each keep what the others wrote.
 */
class MetadataChangesTest {
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    @Test
    void concurrent_changes_of_one_packages_metadata_lose_none() throws Exception {
        try (TestServer server = new TestServer(Backend.SQLITE)) {
            World world = new World(server);
            long project = world.project(world.group("acme", "private"), "app", "private");
            assertThat(server.root().putBytes("/api/v4/projects/" + project + "/packages/generic/lib/1.0.0/a.bin",
                    new byte[] {1}).status()).isEqualTo(201);
            PackageService packages = server.services().packageService();
            Package pkg = server.services().reads().find(project, "generic", "lib", "1.0.0").orElseThrow();
            int writers = 24;
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<Package>> done = new ArrayList<>();
                for (int i = 0; i < writers; i++) {
                    String key = "k" + i;
                    done.add(pool.submit(() -> packages.changeMetadata(pkg, stored -> {
                        ObjectNode meta = stored == null ? JSON.createObjectNode() : (ObjectNode) JSON.readTree(stored);
                        meta.put(key, true);
                        return JSON.writeValueAsString(meta);
                    })));
                }
                for (Future<Package> f : done) f.get();
            } finally {
                pool.shutdown();
            }
            JsonNode meta = JSON.readTree(server.services().reads().get(pkg.id()).orElseThrow().metadata());
            for (int i = 0; i < writers; i++) assertThat(meta.has("k" + i)).as("change k" + i).isTrue();
        }
    }
}
