package depot.it.oci;

import static org.assertj.core.api.Assertions.assertThat;

import depot.it.support.Api;
import depot.it.support.Backend;
import depot.it.support.OciRequests;
import depot.it.support.TestServer;
import depot.it.support.World;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A tag cleanup policy set through GitLab's {@code container_expiration_policy_attributes}: its dry run lists exactly
 * the tags GitLab's rules remove (keep the newest N, keep names matching the keep pattern, remove only old tags
 * matching the pattern), and running it deletes those and no others.
 */
class OciCleanupPolicyTest {
    private static final long DAY = 86_400_000L;

    @Test
    void the_preview_lists_what_the_policy_removes_and_the_run_removes_exactly_that() throws Exception {
        try (TestServer server = new TestServer(Backend.SQLITE)) {
            World world = new World(server);
            long project = world.project(world.group("acme", "private"), "app", "private");
            World.Person dev = world.user("dev");
            world.member("projects", project, dev.id(), 30);
            Api root = server.root();
            String repo = "acme/app/web";
            OciRequests.image(root, repo, "stable", "s");
            OciRequests.image(root, repo, "v1", "1");
            server.advanceClock(DAY);
            OciRequests.image(root, repo, "v2", "2");
            server.advanceClock(DAY);
            OciRequests.image(root, repo, "v3", "3");
            server.advanceClock(8 * DAY);
            OciRequests.image(root, repo, "v4", "4");
            server.advanceClock(DAY);
            OciRequests.image(root, repo, "v5", "5");
            server.advanceClock(DAY);

            Api.Response bad = root.put("/api/v4/projects/" + project, Map.of("container_expiration_policy_attributes",
                    Map.of("name_regex", "v(")));
            Api.Response set = root.put("/api/v4/projects/" + project, Map.of("container_expiration_policy_attributes",
                    Map.of("enabled", true, "keep_n", 2, "older_than", "7d", "name_regex", "v.*", "name_regex_keep", "v1")));
            Api.Response preview = root.get("/api/v4/projects/" + project + "/registry/cleanup_policy/preview");
            List<String> before = tags(root, repo);
            Api.Response refused = dev.api(server).get("/api/v4/projects/" + project + "/registry/cleanup_policy/preview");
            Api.Response run = root.send(root.request("/api/v4/projects/" + project + "/registry/cleanup_policy/run")
                    .POST(java.net.http.HttpRequest.BodyPublishers.noBody()));

            assertThat(bad.status()).isEqualTo(400);
            assertThat(set.status()).as(set.body()).isEqualTo(200);
            JsonNode policy = set.json().get("container_expiration_policy");
            assertThat(policy.get("keep_n").asInt()).isEqualTo(2);
            assertThat(policy.get("enabled").asBoolean()).isTrue();
            assertThat(names(preview.json())).containsExactly("v3", "v2");
            assertThat(preview.json().get(0).get("repository").asString()).isEqualTo(repo);
            assertThat(before).containsExactly("stable", "v1", "v2", "v3", "v4", "v5");
            assertThat(refused.status()).isEqualTo(403);
            assertThat(names(run.json())).containsExactly("v3", "v2");
            assertThat(tags(root, repo)).containsExactly("stable", "v1", "v4", "v5");
        }
    }

    private static List<String> tags(Api api, String repo) {
        List<String> out = new ArrayList<>();
        api.get("/v2/" + repo + "/tags/list").json().get("tags").forEach(t -> out.add(t.asString()));
        return out;
    }

    private static List<String> names(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(t -> out.add(t.get("tag").asString()));
        return out;
    }
}
