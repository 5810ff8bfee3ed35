package depot.it.api;

import static org.assertj.core.api.Assertions.assertThat;

import depot.it.support.Api;
import depot.it.support.Backend;
import depot.it.support.TestServer;
import depot.it.support.World;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/** The GitLab-shaped management API: users, tokens, groups, projects, members, deploy tokens, settings, ops. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ManagementApiTest {
    private TestServer server;
    private World world;
    private Api root;

    @BeforeAll
    void start() throws Exception {
        server = new TestServer(Backend.SQLITE);
        world = new World(server);
        root = server.root();
    }

    @AfterAll
    void stop() throws Exception {
        server.close();
    }

    @Test
    void the_current_user_and_version_answer() {
        JsonNode me = root.get("/api/v4/user").json();

        assertThat(me.get("username").asString()).isEqualTo("root");
        assertThat(me.get("is_admin").asBoolean()).isTrue();
        assertThat(root.get("/api/v4/version").json().get("version").asString()).isNotBlank();
        assertThat(server.anonymous().get("/api/v4/user").status()).isEqualTo(401);
    }

    /** A project in a subgroup is named with every ancestor, and times carry milliseconds, as GitLab writes them. */
    @Test
    void projects_in_subgroups_name_their_whole_namespace() {
        long top = world.group("outer", "private");
        long sub = world.subgroup(top, "inner", "private");
        world.project(sub, "deep", "private");
        JsonNode project = root.get("/api/v4/projects/outer%2Finner%2Fdeep").json();

        assertThat(project.get("name_with_namespace").asString()).isEqualTo("outer / inner / deep");
        assertThat(project.get("created_at").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    }

    @Test
    void passwords_work_over_basic_auth_and_are_stored_hashed() {
        String basic = java.util.Base64.getEncoder().encodeToString(("root:" + TestServer.ROOT_PASSWORD).getBytes());
        String wrong = java.util.Base64.getEncoder().encodeToString("root:nope".getBytes());
        String stored = server.services().identities().userByUsername("root").orElseThrow().passwordHash();

        assertThat(server.as("Authorization", "Basic " + basic).get("/api/v4/user").status()).isEqualTo(200);
        assertThat(server.as("Authorization", "Basic " + wrong).get("/api/v4/user").status()).isEqualTo(401);
        assertThat(stored).startsWith("$2").doesNotContain(TestServer.ROOT_PASSWORD);
    }

    @Test
    void tokens_are_shown_once_stored_as_digests_and_can_be_revoked() {
        var alice = world.user("alice");
        long tokenId = server.services().identities().personalTokens(alice.id()).get(0).id();
        String digest = server.services().database().jdbi().withHandle(h -> h.createQuery(
                "SELECT token_digest FROM personal_access_tokens WHERE id = :id").bind("id", tokenId)
                .mapTo(String.class).one());

        assertThat(digest).hasSize(64).isNotEqualTo(alice.token());
        assertThat(root.get("/api/v4/personal_access_tokens/" + tokenId).json().has("token")).isFalse();
        assertThat(alice.api(server).get("/api/v4/user").status()).isEqualTo(200);

        assertThat(root.delete("/api/v4/personal_access_tokens/" + tokenId).status()).isEqualTo(204);

        assertThat(alice.api(server).get("/api/v4/user").status()).isEqualTo(401);
    }

    @Test
    void scopes_narrow_what_a_token_may_do() {
        var reader = world.user("reader", "read_api");

        assertThat(reader.api(server).get("/api/v4/user").status()).isEqualTo(200);
        assertThat(reader.api(server).post("/api/v4/groups", Map.of("name", "x", "path", "x")).status()).isEqualTo(403);
    }

    @Test
    void blocked_users_cannot_authenticate() {
        var bob = world.user("bob");
        assertThat(root.post("/api/v4/users/" + bob.id() + "/block", Map.of()).status()).isEqualTo(201);

        assertThat(bob.api(server).get("/api/v4/user").status()).isEqualTo(401);

        root.post("/api/v4/users/" + bob.id() + "/unblock", Map.of());
        assertThat(bob.api(server).get("/api/v4/user").status()).isEqualTo(200);
    }

    @Test
    void groups_nest_and_are_found_by_path() {
        long top = world.group("org", "internal");
        long sub = world.subgroup(top, "team", "internal");
        long project = world.project(sub, "svc", "internal");

        assertThat(root.get("/api/v4/groups/org%2Fteam").json().get("id").asLong()).isEqualTo(sub);
        assertThat(root.get("/api/v4/groups/" + top + "/subgroups").json()).hasSize(1);
        assertThat(root.get("/api/v4/groups/" + top + "/projects?include_subgroups=true").json()).hasSize(1);
        assertThat(root.get("/api/v4/projects/org%2Fteam%2Fsvc").json().get("id").asLong()).isEqualTo(project);
        assertThat(root.post("/api/v4/groups", Map.of("name", "org", "path", "org")).status()).isEqualTo(409);
    }

    @Test
    void group_membership_is_inherited_by_subgroups_and_projects() {
        var carol = world.user("carol");
        long top = world.group("inherit", "private");
        long sub = world.subgroup(top, "deep", "private");
        long project = world.project(sub, "app", "private");
        world.member("groups", top, carol.id(), 30);

        Api.Response put = carol.api(server).putBytes(
                "/api/v4/projects/" + project + "/packages/generic/x/1.0.0/x.bin", new byte[] {1});
        Api.Response delete = carol.api(server).delete("/api/v4/projects/" + project);

        assertThat(put.status()).isEqualTo(201);
        assertThat(delete.status()).isEqualTo(403);
    }

    @Test
    void members_are_added_edited_and_removed() {
        var dave = world.user("dave");
        long project = world.project(world.group("team-members", "private"), "p", "private");
        String base = "/api/v4/projects/" + project + "/members";

        assertThat(root.post(base, Map.of("user_id", dave.id(), "access_level", 20)).status()).isEqualTo(201);
        assertThat(root.post(base, Map.of("user_id", dave.id(), "access_level", 20)).status()).isEqualTo(409);
        assertThat(root.put(base + "/" + dave.id(), Map.of("access_level", 40)).json().get("access_level").asInt()).isEqualTo(40);
        assertThat(root.get(base).json()).hasSize(1);
        assertThat(dave.api(server).put(base + "/" + dave.id(), Map.of("access_level", 50)).status()).isEqualTo(403);
        assertThat(root.delete(base + "/" + dave.id()).status()).isEqualTo(204);
        assertThat(dave.api(server).get("/api/v4/projects/" + project).status()).isEqualTo(404);
    }

    @Test
    void deploy_tokens_are_listed_without_secret_and_revoked() {
        long project = world.project(world.group("deploys", "private"), "p", "private");
        JsonNode token = world.deployToken("projects", project, "read_package_registry");
        String basic = java.util.Base64.getEncoder().encodeToString(
                (token.get("username").asString() + ":" + token.get("token").asString()).getBytes());
        Api deploy = server.as("Authorization", "Basic " + basic);
        String list = "/api/v4/projects/" + project + "/packages";

        assertThat(deploy.get(list).status()).isEqualTo(200);
        assertThat(root.get("/api/v4/projects/" + project + "/deploy_tokens").json().get(0).has("token")).isFalse();
        assertThat(root.delete("/api/v4/projects/" + project + "/deploy_tokens/" + token.get("id").asLong()).status())
                .isEqualTo(204);
        assertThat(deploy.get(list).status()).isEqualTo(401);
    }

    @Test
    void group_deploy_tokens_read_every_project_of_the_group() {
        long group = world.group("gdeploy", "private");
        long project = world.project(world.subgroup(group, "inner", "private"), "p", "private");
        JsonNode token = world.deployToken("groups", group, "read_package_registry");
        root.putBytes("/api/v4/projects/" + project + "/packages/generic/g/1.0.0/g.bin", new byte[] {9});

        Api deploy = server.as("Deploy-Token", token.get("token").asString());

        assertThat(deploy.get("/api/v4/projects/" + project + "/packages/generic/g/1.0.0/g.bin").status()).isEqualTo(200);
        assertThat(deploy.get("/api/v4/groups/" + group + "/packages").json()).hasSize(1);
    }

    @Test
    void a_project_path_can_change_and_the_old_path_stops_answering() {
        long group = world.group("moving", "private");
        long project = world.project(group, "old", "private");
        world.project(group, "taken", "private");
        root.putBytes("/api/v4/projects/" + project + "/packages/generic/m/1.0.0/m.bin", new byte[] {7});

        Api.Response moved = root.put("/api/v4/projects/" + project, Map.of("path", "new"));
        Api.Response clash = root.put("/api/v4/projects/" + project, Map.of("path", "taken"));
        Api.Response bad = root.put("/api/v4/projects/" + project, Map.of("path", "../x"));

        assertThat(moved.status()).isEqualTo(200);
        assertThat(moved.json().get("path_with_namespace").asString()).isEqualTo("moving/new");
        assertThat(clash.status()).isEqualTo(400);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(root.get("/api/v4/projects/moving%2Fnew/packages/generic/m/1.0.0/m.bin").status()).isEqualTo(200);
        assertThat(root.get("/api/v4/projects/moving%2Fold/packages/generic/m/1.0.0/m.bin").status()).isEqualTo(404);
        assertThat(root.get("/api/v4/projects/" + project + "/packages/generic/m/1.0.0/m.bin").status()).isEqualTo(200);
    }

    @Test
    void packages_can_be_switched_off_per_project_and_for_the_instance() {
        long project = world.project(world.group("switch", "private"), "p", "private");
        String file = "/api/v4/projects/" + project + "/packages/generic/s/1.0.0/s.bin";
        root.putBytes(file, new byte[] {1});

        root.put("/api/v4/projects/" + project, Map.of("packages_enabled", false));
        int whenProjectOff = root.get(file).status();
        root.put("/api/v4/projects/" + project, Map.of("packages_enabled", true));
        root.put("/api/v4/application/settings", Map.of("packages_enabled", false));
        int whenInstanceOff = root.get(file).status();
        root.put("/api/v4/application/settings", Map.of("packages_enabled", true));

        assertThat(whenProjectOff).isEqualTo(404);
        assertThat(whenInstanceOff).isEqualTo(404);
        assertThat(root.get(file).status()).isEqualTo(200);
    }

    @Test
    void deleting_a_group_deletes_its_subgroups_projects_and_packages() {
        long group = world.group("temporary", "private");
        long project = world.project(world.subgroup(group, "x", "private"), "p", "private");
        root.putBytes("/api/v4/projects/" + project + "/packages/generic/t/1.0.0/t.bin", new byte[] {1});

        assertThat(root.delete("/api/v4/groups/" + group).status()).isEqualTo(202);

        assertThat(root.get("/api/v4/groups/temporary%2Fx").status()).isEqualTo(404);
        assertThat(root.get("/api/v4/projects/" + project).status()).isEqualTo(404);
    }

    @Test
    void users_and_projects_lists_paginate() {
        for (String n : List.of("p1", "p2", "p3")) world.project(world.group("paged-" + n, "public"), n, "public");

        Api.Response page = root.get("/api/v4/projects?per_page=2&search=paged");

        assertThat(page.json()).hasSize(2);
        assertThat(page.header("X-Total")).isEqualTo("3");
        assertThat(server.anonymous().get("/api/v4/projects?search=paged").json()).hasSize(3);
    }

    @Test
    void health_readiness_and_metrics_answer() {
        root.get("/api/v4/user");
        Api anon = server.anonymous();

        assertThat(anon.get("/-/health").status()).isEqualTo(200);
        assertThat(anon.get("/-/readiness").json().get("status").asString()).isEqualTo("ok");
        String metrics = anon.get("/-/metrics").body();
        assertThat(metrics).contains("depot_http_requests_total").contains("format=\"api\"")
                .contains("depot_http_request_duration_seconds");
        assertThat(root.get("/api/v4/user").header("X-Request-Id")).isNotBlank();
    }
}
