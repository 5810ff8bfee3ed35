package depot.it.cargo;

import static org.assertj.core.api.Assertions.assertThat;

import depot.it.support.Api;
import depot.it.support.Backend;
import depot.it.support.TestServer;
import depot.it.support.World;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A crate name belongs to one project: another project of the group cannot publish it in any spelling, so the group
 * and instance indexes give every reader the same crate; protection rules see both spellings; a public project's
 * index answers 404, not 401, for a crate that is not there (cargo reads it without a token before publishing).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CargoNamesTest {
    private TestServer server;
    private World world;
    private Api root;
    private long core;
    private long apps;
    private long pub;

    @BeforeAll
    void setUp() throws Exception {
        server = new TestServer(Backend.SQLITE);
        world = new World(server);
        root = server.root();
        long group = world.group("acme", "private");
        core = world.project(group, "core", "private");
        apps = world.project(group, "apps", "private");
        pub = world.project(world.group("oss", "public"), "pub", "public");
    }

    @AfterAll
    void tearDown() throws Exception {
        server.close();
    }

    private String cargo(long project) { return "/api/v4/projects/" + project + "/packages/cargo"; }

    @Test
    void one_name_one_project_and_the_same_crate_for_every_reader() {
        assertThat(Crates.publish(root, cargo(core), "base-util", "0.1.0").status()).isEqualTo(200);
        Api.Response respelt = Crates.publish(root, cargo(apps), "base_util", "0.2.0");
        assertThat(respelt.status()).isEqualTo(409);
        assertThat(respelt.json().get("errors").get(0).get("detail").asString())
                .contains("crate `base_util` is published by another project of this group");
        World.Person appsOnly = world.user("apps-dev", "api");
        world.member("projects", apps, appsOnly.id(), 30);
        String groupIndex = "/api/v4/groups/acme/-/packages/cargo/index/ba/se/base-util";
        assertThat(root.get(groupIndex).body()).contains("\"vers\":\"0.1.0\"");
        assertThat(appsOnly.api(server).get(groupIndex).status()).isEqualTo(404);
        assertThat(appsOnly.api(server).get("/api/v4/packages/cargo/index/ba/se/base-util").status()).isEqualTo(404);
    }

    @Test
    void a_protection_rule_sees_both_spellings() {
        Api.Response rule = root.post("/api/v4/projects/" + core + "/packages/protection/rules", Map.of(
                "package_name_pattern", "guard-*", "package_type", "cargo", "minimum_access_level_for_push", "maintainer"));
        assertThat(rule.status()).as(rule.body()).isEqualTo(201);
        World.Person dev = world.user("core-dev", "api");
        world.member("projects", core, dev.id(), 30);
        Api.Response r = Crates.publish(dev.api(server), cargo(core), "guard_one", "0.1.0");
        assertThat(r.status()).as(r.body()).isEqualTo(403);
        assertThat(Crates.publish(root, cargo(core), "guard-one", "0.1.0").status()).isEqualTo(200);
    }

    @Test
    void a_public_index_answers_404_for_a_crate_that_is_not_there() {
        Api anonymous = server.anonymous();
        assertThat(anonymous.get(cargo(pub) + "/index/config.json").json().get("auth-required").asBoolean()).isFalse();
        assertThat(anonymous.get(cargo(pub) + "/index/no/ne/nonexist").status()).isEqualTo(404);
        assertThat(anonymous.get("/api/v4/groups/oss/-/packages/cargo/index/no/ne/nonexist").status()).isEqualTo(404);
        assertThat(Crates.publish(root, cargo(pub), "pubcrate", "0.1.0").status()).isEqualTo(200);
        assertThat(anonymous.get(cargo(pub) + "/index/pu/bc/pubcrate").status()).isEqualTo(200);
        // config.json keeps the request's form (a path stays a path), so cargo sends the token to the same URLs
        assertThat(root.get("/api/v4/projects/acme%2Fcore/packages/cargo/index/config.json").body()).isEqualTo(
                "{\"dl\":\"" + server.url() + "/api/v4/projects/acme%2Fcore/packages/cargo/api/v1/crates\",\"api\":\""
                        + server.url() + "/api/v4/projects/acme%2Fcore/packages/cargo\",\"auth-required\":true}");
        assertThat(anonymous.get("/api/v4/groups/oss/-/packages/cargo/index/config.json").body()).isEqualTo(
                "{\"dl\":\"" + server.url() + "/api/v4/groups/oss/-/packages/cargo/api/v1/crates\",\"api\":\""
                        + server.url() + "/api/v4/groups/oss/-/packages/cargo\",\"auth-required\":false}");
    }
}
