package depot.it.ops;

import static org.assertj.core.api.Assertions.assertThat;

import depot.it.go.Modules;
import depot.it.support.Api;
import depot.it.support.Backend;
import depot.it.support.TestServer;
import depot.it.support.World;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * HEAD answers what GET answers, without the body: the same status (a 404 for what is not there, a 401 without
 * credentials), and for a file its length and ETag. (The router used to answer an empty 200 to any HEAD whose path
 * some GET route pattern matched, before any check ran.)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HeadRequestsTest {
    private TestServer server;
    private long project;

    @BeforeAll
    void setUp() throws Exception {
        server = new TestServer(Backend.SQLITE);
        World world = new World(server);
        project = world.project(world.group("acme", "private"), "lib", "private");
        assertThat(server.root().putBytes("/api/v4/projects/" + project + "/packages/generic/tool/1.0/tool.bin",
                new byte[1234]).status()).isEqualTo(201);
        assertThat(Modules.upload(server.root(), "/api/v4/projects/" + project + "/packages/go", "depot.test/head",
                "v1.0.0", Modules.simple("depot.test/head", "v1.0.0")).status()).isEqualTo(201);
    }

    @AfterAll
    void tearDown() throws Exception {
        server.close();
    }

    @Test
    void head_answers_as_get_does_without_the_body() {
        String go = "/api/v4/projects/" + project + "/packages/go/depot.test/head/@v/";
        List<String> paths = List.of("/totally/random", "/api/v4/user", "/api/v4/projects/" + project,
                "/api/v4/projects/" + project + "/packages/generic/tool/1.0/tool.bin",
                "/api/v4/projects/" + project + "/packages/generic/tool/1.0/absent.bin",
                go + "v1.0.0.zip", go + "v9.9.9.zip", go + "list", "/api/v4/packages/npm/nothing-here", "/acme/lib/-/packages");
        for (Api api : List.of(server.root(), server.anonymous())) {
            for (String path : paths) {
                Api.Response get = api.get(path);
                Api.Response head = api.head(path);
                assertThat(head.status()).as("HEAD " + path).isEqualTo(get.status());
                assertThat(head.body()).as("HEAD " + path).isEmpty();
            }
        }
        Api.Response file = server.root().head("/api/v4/projects/" + project + "/packages/generic/tool/1.0/tool.bin");
        assertThat(file.header("Content-Length")).isEqualTo("1234");
        assertThat(file.header("ETag")).isEqualTo(server.root().get("/api/v4/projects/" + project
                + "/packages/generic/tool/1.0/tool.bin").header("ETag"));
        assertThat(server.root().head(go + "v1.0.0.zip").header("Content-Length"))
                .isEqualTo(server.root().get(go + "v1.0.0.zip").header("Content-Length")).isNotNull();
    }
}
