package depot.it.api;

import static org.assertj.core.api.Assertions.assertThat;

import depot.core.blob.FsBlobStore;
import depot.core.blob.S3BlobStore;
import depot.core.db.Database;
import depot.it.support.Backend;
import depot.it.support.TestServer;
import org.junit.jupiter.api.Test;

/** Which stack this run of the suite is on: SQLite and files, or (-Ddepot.it.stack=postgres-s3) PostgreSQL and S3. */
class StackTest {
    @Test
    void test_servers_run_on_the_stack_the_run_asks_for() throws Exception {
        try (TestServer server = new TestServer(Backend.SQLITE)) {
            if (TestServer.SCALE_OUT) {
                assertThat(server.services().blobs()).isInstanceOf(S3BlobStore.class);
                assertThat(server.services().database().dialect()).isEqualTo(Database.Dialect.POSTGRES);
            } else {
                assertThat(server.services().blobs()).isInstanceOf(FsBlobStore.class);
                assertThat(server.services().database().dialect()).isEqualTo(Database.Dialect.SQLITE);
            }
            assertThat(server.root().get("/-/readiness").json().get("blob_store").get("status").asString())
                    .isEqualTo("ok");
        }
    }
}
