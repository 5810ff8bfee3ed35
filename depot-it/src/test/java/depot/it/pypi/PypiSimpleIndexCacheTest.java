package depot.it.pypi;

import static org.assertj.core.api.Assertions.assertThat;

import depot.it.support.Api;
import depot.it.support.Backend;
import depot.it.support.PypiUploads;
import depot.it.support.TestServer;
import depot.it.support.World;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The simple index answers from a rendering cached by the projects' change counters: what one caller was shown must
 * never reach a caller who may read other projects, a published or deleted name shows at once, and a rendering keeps
 * the form of the URL it was asked at. Each read below follows one that filled the cache with another answer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PypiSimpleIndexCacheTest {
    private static final String JSON = "application/vnd.pypi.simple.v1+json";
    private TestServer server;
    private Api root;
    private Api anonymous;
    private String group;
    private long open;
    private long closed;

    @BeforeAll
    void setUp() throws Exception {
        server = new TestServer(Backend.SQLITE);
        World world = new World(server);
        long groupId = world.group("pyc", "public");
        open = world.project(groupId, "open", "public");
        closed = world.project(groupId, "closed", "private");
        root = server.root();
        anonymous = server.anonymous();
        group = "/api/v4/groups/" + groupId + "/-/packages/pypi/simple";
        upload(open, "shown", "1.0");
        upload(closed, "secret", "1.0");
    }

    @AfterAll
    void tearDown() throws Exception {
        server.close();
    }

    @Test
    void a_group_index_never_shows_one_caller_what_another_may_read() {
        for (String accept : List.of("text/html", JSON)) {
            // given: the caller who may read both projects filled the cache first
            Api.Response all = get(root, group, accept, null);
            assertThat(all.body()).as(accept).contains("shown", "secret");

            // when: a caller who may read only the public project asks, also with the first caller's tag
            Api.Response some = get(anonymous, group, accept, null);
            Api.Response revalidated = get(anonymous, group, accept, all.header("ETag"));

            // then
            assertThat(some.status()).as(some.body()).isEqualTo(200);
            assertThat(some.body()).as(accept).contains("shown").doesNotContain("secret");
            assertThat(revalidated.status()).as(accept + ": another caller's tag").isEqualTo(200);
            assertThat(revalidated.body()).as(accept).doesNotContain("secret");
            assertThat(get(root, group, accept, null).body()).as(accept + " again").contains("secret");
        }
    }

    @Test
    void a_published_or_deleted_name_shows_at_once_at_every_scope() {
        String project = "/api/v4/projects/" + open + "/packages/pypi/simple";
        for (String accept : List.of("text/html", JSON)) {
            String name = accept.equals(JSON) ? "fresh-json" : "fresh-html";
            // given: every reader's rendering is cached
            for (Api caller : List.of(root, anonymous)) {
                assertThat(get(caller, group, accept, null).body()).doesNotContain(name);
                assertThat(get(caller, project, accept, null).body()).doesNotContain(name);
            }

            // when
            upload(open, name, "1.0");

            // then
            for (Api caller : List.of(root, anonymous)) {
                assertThat(get(caller, group, accept, null).body()).as(accept).contains(name);
                assertThat(get(caller, project, accept, null).body()).as(accept).contains(name);
            }

            // and when it goes again
            long id = root.get("/api/v4/projects/" + open + "/packages?package_type=pypi&package_name=" + name)
                    .json().get(0).get("id").asLong();
            assertThat(root.delete("/api/v4/projects/" + open + "/packages/" + id).status()).isEqualTo(204);
            assertThat(get(anonymous, group, accept, null).body()).as(accept + " after delete").doesNotContain(name);
            assertThat(get(root, project, accept, null).body()).as(accept + " after delete").doesNotContain(name);
        }
    }

    @Test
    void a_rendering_keeps_the_form_of_the_url_it_was_asked_at() {
        String byId = "/api/v4/projects/" + open + "/packages/pypi";
        String byPath = "/api/v4/projects/pyc%2Fopen/packages/pypi";
        for (String accept : List.of("text/html", JSON)) {
            assertThat(get(root, byId + "/simple/shown", accept, null).body()).contains(byId + "/files/");
            Api.Response page = get(root, byPath + "/simple/shown", accept, null);
            assertThat(page.body()).as(accept).contains(byPath + "/files/").doesNotContain(byId + "/files/");
            assertThat(get(root, byId + "/simple", accept, null).header("ETag")).as(accept)
                    .isNotEqualTo(get(root, byPath + "/simple", accept, null).header("ETag"));
        }
    }

    private static Api.Response get(Api caller, String path, String accept, String ifNoneMatch) {
        var request = caller.request(path).header("Accept", accept);
        if (ifNoneMatch != null) request.header("If-None-Match", ifNoneMatch);
        return caller.send(request.GET());
    }

    private void upload(long project, String name, String version) {
        byte[] wheel = PypiUploads.wheel(name, version);
        Api.Response r = PypiUploads.upload(root, "/api/v4/projects/" + project + "/packages/pypi",
                PypiUploads.fields(name, version, wheel), name.replace('-', '_') + "-" + version + "-py3-none-any.whl",
                wheel);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }
}
