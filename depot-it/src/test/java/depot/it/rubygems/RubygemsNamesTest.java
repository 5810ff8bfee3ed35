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
 * A gem name belongs to one project, so a group or the instance serves the same gem to everyone who may read it
 * (another project's later push of the name, even of the same version, is refused, not merged or shadowing); versions
 * read as Gem::Version reads them, so no file name is another gem's.
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
    void a_name_belongs_to_one_project_and_the_group_serves_it_to_everyone() {
        byte[] original = Gems.gem("shared", "1.0.0");
        byte[] twin = Gems.gem(Gems.spec("shared", "1.0.0", "ruby", null).replace("shared for the tests", "evil twin"));
        assertThat(Gems.push(root, gems(first), original).status()).isEqualTo(200);
        // another project of the group cannot take the name (a group index is the same for everyone who reads it)
        Api.Response taken = Gems.push(root, gems(second), twin);
        assertThat(taken.status()).isEqualTo(409);
        assertThat(taken.body()).contains("gem shared is published by another project of this group");
        assertThat(Gems.push(root, gems(second), Gems.gem("Shared", "9.0.0")).status()).isEqualTo(409);

        for (String mount : new String[] {"/api/v4/groups/acme/-/packages/rubygems", "/api/v4/packages/rubygems"}) {
            assertThat(root.get(mount + "/info/shared").body()).as(mount)
                    .isEqualTo("---\n1.0.0 |checksum:" + Gems.sha256(original) + "\n");
            assertThat(root.get(mount + "/versions").body()).as(mount).contains("\nshared 1.0.0 ");
            assertThat(root.get(mount + "/gems/shared-1.0.0.gem").body()).as(mount)
                    .isEqualTo(root.get(gems(first) + "/gems/shared-1.0.0.gem").body());
        }
        // a reader of the second project only does not see the first's gem through the group, nor a gem of its own
        World world = new World(server);
        World.Person reader = world.user("second-reader", "api");
        world.member("projects", second, reader.id(), 20);
        assertThat(reader.api(server).get("/api/v4/groups/acme/-/packages/rubygems/info/shared").status()).isEqualTo(404);

        // once the first project's gem is gone, the name is free for the other
        long id = root.get("/api/v4/projects/" + first + "/packages?package_type=rubygems&package_name=shared").json()
                .get(0).get("id").asLong();
        assertThat(root.delete("/api/v4/projects/" + first + "/packages/" + id).status()).isEqualTo(204);
        assertThat(Gems.push(root, gems(second), twin).status()).isEqualTo(200);
        assertThat(root.get("/api/v4/groups/acme/-/packages/rubygems/info/shared").body())
                .contains("1.0.0 |checksum:" + Gems.sha256(twin));
    }

    @Test
    void a_version_with_a_dash_is_refused_in_a_gem_and_platforms_start_with_a_letter() {
        assertThat(Gems.push(root, gems(first), Gems.gem("foo-2", "1.0.0")).status()).isEqualTo(200);
        // RubyGems installs a gem by the version string of its metadata as it stands: foo 2-1.0.0 would go into the
        // folder of foo-2 1.0.0, so a - in a gem's own version is refused (gem build writes 2.pre.1.0.0)
        Api.Response dashed = Gems.push(root, gems(first), Gems.gem("foo", "2-1.0.0"));
        assertThat(dashed.status()).isEqualTo(400);
        assertThat(dashed.body()).contains("gem build writes it as 2.pre.1.0.0");
        assertThat(Gems.push(root, gems(first), Gems.gem("foo", "2.pre.1.0.0")).body())
                .isEqualTo("Successfully registered gem: foo (2.pre.1.0.0)");
        assertThat(root.get(gems(first) + "/gems/foo-2.pre.1.0.0.gem").status()).isEqualTo(200);
        // the yank form may spell it either way, as gem yank -v takes it
        assertThat(Gems.yank(root, gems(first), "foo", "2-1.0.0").body()).isEqualTo("Successfully deleted gem: foo (2.pre.1.0.0)");
        assertThat(root.get(gems(first) + "/info/foo-2").body()).contains("1.0.0 |checksum:");
        assertThat(root.get(gems(first) + "/quick/Marshal.4.8/foo-2-1.0.0.gemspec.rz").status()).isEqualTo(200);
        Api.Response platform = Gems.push(root, gems(first), Gems.gem(Gems.spec("foo", "2", "1.0.0", null)));
        assertThat(platform.status()).isEqualTo(400);
        assertThat(platform.body()).contains("invalid platform");
        Api.Response java = Gems.push(root, gems(first), Gems.gem(Gems.spec("foo", "2", "java", null)));
        assertThat(java.body()).isEqualTo("Successfully registered gem: foo (2-java)");
    }
}
