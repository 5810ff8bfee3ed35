package depot.it.rubygems;

import static org.assertj.core.api.Assertions.assertThat;

import depot.it.support.Api;
import depot.it.support.Backend;
import depot.it.support.TestServer;
import depot.it.support.World;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Which gem a group or the instance serves when several projects of a group push one name: the first publisher's,
 * whatever is pushed later (a later push, even of the same version, must not shadow it); versions read as
 * Gem::Version reads them, so no file name is another gem's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RubygemsNamesTest {
    private TestServer server;
    private Api root;
    private long first;
    private long second;

    @BeforeAll
    void setUp() throws Exception {
        server = new TestServer(Backend.SQLITE);
        World world = new World(server);
        long group = world.group("acme", "private");
        first = world.project(group, "first", "private");
        second = world.project(group, "second", "private");
        root = server.root();
    }

    @AfterAll
    void tearDown() throws Exception {
        server.close();
    }

    private String gems(long project) { return "/api/v4/projects/" + project + "/packages/rubygems"; }

    @Test
    void a_later_push_of_a_name_in_another_project_does_not_shadow_the_first() {
        byte[] original = Gems.gem("shared", "1.0.0");
        byte[] twin = Gems.gem(Gems.spec("shared", "1.0.0", "ruby", null).replace("shared for the tests", "evil twin"));
        assertThat(Gems.push(root, gems(first), original).status()).isEqualTo(200);
        assertThat(Gems.push(root, gems(second), twin).status()).isEqualTo(200);
        assertThat(Gems.push(root, gems(second), Gems.gem("shared", "9.0.0")).status()).isEqualTo(200);
        // names are unique ignoring case within a project
        assertThat(Gems.push(root, gems(second), Gems.gem("Shared", "8.0.0")).status()).isEqualTo(409);

        for (String mount : new String[] {"/api/v4/groups/acme/-/packages/rubygems", "/api/v4/packages/rubygems"}) {
            assertThat(root.get(mount + "/info/shared").body()).as(mount)
                    .isEqualTo("---\n1.0.0 |checksum:" + Gems.sha256(original) + "\n");
            assertThat(root.get(mount + "/versions").body()).as(mount).contains("\nshared 1.0.0 ").doesNotContain("9.0.0");
            assertThat(root.get(mount + "/gems/shared-1.0.0.gem").body()).as(mount)
                    .isEqualTo(root.get(gems(first) + "/gems/shared-1.0.0.gem").body());
            assertThat(root.get(mount + "/gems/shared-9.0.0.gem").status()).as(mount).isEqualTo(404);
            assertThat(root.get(mount + "/api/v1/versions/shared.json").json()).as(mount).hasSize(1);
        }
        // the second project's own mount serves its own gems
        assertThat(root.get(gems(second) + "/info/shared").body()).contains("9.0.0");

        // once the first publisher's package is gone, the name is the next one's
        long id = root.get("/api/v4/projects/" + first + "/packages?package_type=rubygems&package_name=shared").json()
                .get(0).get("id").asLong();
        assertThat(root.delete("/api/v4/projects/" + first + "/packages/" + id).status()).isEqualTo(204);
        assertThat(root.get("/api/v4/groups/acme/-/packages/rubygems/info/shared").body())
                .contains("1.0.0 |checksum:" + Gems.sha256(twin)).contains("9.0.0");
    }

    @Test
    void a_version_with_a_dash_is_read_as_gem_version_reads_it_and_platforms_start_with_a_letter() {
        assertThat(Gems.push(root, gems(first), Gems.gem("foo-2", "1.0.0")).status()).isEqualTo(200);
        Api.Response dashed = Gems.push(root, gems(first), Gems.gem("foo", "2-1.0.0"));
        assertThat(dashed.body()).isEqualTo("Successfully registered gem: foo (2.pre.1.0.0)");
        assertThat(root.get(gems(first) + "/gems/foo-2.pre.1.0.0.gem").status()).isEqualTo(200);
        assertThat(root.get(gems(first) + "/info/foo-2").body()).contains("1.0.0 |checksum:");
        assertThat(root.get(gems(first) + "/quick/Marshal.4.8/foo-2-1.0.0.gemspec.rz").status()).isEqualTo(200);
        Api.Response platform = Gems.push(root, gems(first), Gems.gem(Gems.spec("foo", "2", "1.0.0", null)));
        assertThat(platform.status()).isEqualTo(400);
        assertThat(platform.body()).contains("invalid platform");
        Api.Response java = Gems.push(root, gems(first), Gems.gem(Gems.spec("foo", "2", "java", null)));
        assertThat(java.body()).isEqualTo("Successfully registered gem: foo (2-java)");
    }
}
