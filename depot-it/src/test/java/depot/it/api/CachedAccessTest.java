package depot.it.api;

import static org.assertj.core.api.Assertions.assertThat;

import depot.it.support.Api;
import depot.it.support.Backend;
import depot.it.support.TestServer;
import depot.it.support.World;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Requests read users, tokens, projects, memberships, settings and package rows from caches kept while the database's
 * change counters stand still. Each case here warms those caches with a read that succeeds, changes one thing, and
 * expects the very next request to see the change — including a change written straight to the database, as another
 * node or the CLI would make it, which no in-process invalidation could notice.
 */
class CachedAccessTest {
    private static final byte[] BYTES = "cached bytes\n".getBytes(StandardCharsets.UTF_8);

    private static String file(long project, String name) {
        return "/api/v4/projects/" + project + "/packages/generic/" + name + "/1.0.0/f.txt";
    }

    /** Two successful reads: the first fills the caches, the second is served from them. */
    private static void warm(Api api, String path) {
        for (int i = 0; i < 2; i++) {
            Api.Response r = api.get(path);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void every_change_takes_effect_at_the_next_request(Backend backend) throws Exception {
        try (TestServer server = new TestServer(backend)) {
            World world = new World(server);
            Api root = server.root();
            long group = world.group("cache", "private");
            long project = world.project(group, "app", "private");
            assertThat(root.putBytes(file(project, "pkg"), BYTES).status()).isEqualTo(201);
            String path = file(project, "pkg");

            // a revoked personal access token
            World.Person dev = world.user("dev", "read_api");
            world.member("projects", project, dev.id(), 20);
            warm(dev.api(server), path);
            long tokenId = dev.api(server).get("/api/v4/personal_access_tokens/self").json().get("id").asLong();
            assertThat(root.delete("/api/v4/personal_access_tokens/" + tokenId).status()).isEqualTo(204);
            assertThat(dev.api(server).get(path).status()).isEqualTo(401);

            // a token that revokes itself (one that leaked): refused at once in every form, Basic auth included
            World.Person leaked = world.user("leaked", "read_api");
            world.member("projects", project, leaked.id(), 20);
            Api basic = server.as("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                    ("leaked:" + leaked.token()).getBytes(StandardCharsets.UTF_8)));
            warm(leaked.api(server), path);
            warm(basic, path);
            assertThat(leaked.api(server).delete("/api/v4/personal_access_tokens/self").status()).isEqualTo(204);
            assertThat(leaked.api(server).get(path).status()).isEqualTo(401);
            assertThat(basic.get(path).status()).isEqualTo(401);
            assertThat(leaked.api(server).delete("/api/v4/personal_access_tokens/self").status()).isEqualTo(401);

            // a member removed from the project, by project path as well as id
            World.Person reporter = world.user("reporter", "read_api");
            world.member("projects", project, reporter.id(), 20);
            String byPath = path.replace("/projects/" + project + "/", "/projects/cache%2Fapp/");
            warm(reporter.api(server), path);
            warm(reporter.api(server), byPath);
            assertThat(root.delete("/api/v4/projects/" + project + "/members/" + reporter.id()).status()).isEqualTo(204);
            assertThat(reporter.api(server).get(path).status()).isEqualTo(404);
            assertThat(reporter.api(server).get(byPath).status()).isEqualTo(404);

            // a blocked user
            World.Person blocked = world.user("blocked", "read_api");
            world.member("groups", group, blocked.id(), 20);
            warm(blocked.api(server), path);
            assertThat(root.post("/api/v4/users/" + blocked.id() + "/block", Map.of()).status()).isEqualTo(201);
            assertThat(blocked.api(server).get(path).status()).isEqualTo(401);
            // blocking ends the user's browser sessions: an unblock gives back the tokens, not the sessions
            World.Person browsing = world.user("browsing", "read_api");
            String session = signIn(server, "browsing", "password-browsing");
            assertThat(page(server, session)).contains("<span class=\"who\">browsing</span>");
            assertThat(root.post("/api/v4/users/" + browsing.id() + "/block", Map.of()).status()).isEqualTo(201);
            assertThat(page(server, session)).doesNotContain("<span class=\"who\">browsing</span>");
            assertThat(root.post("/api/v4/users/" + browsing.id() + "/unblock", Map.of()).status()).isEqualTo(201);
            assertThat(page(server, session)).doesNotContain("<span class=\"who\">browsing</span>");
            assertThat(browsing.api(server).get("/api/v4/user").status()).isEqualTo(200);
            assertThat(page(server, signIn(server, "browsing", "password-browsing")))
                    .contains("<span class=\"who\">browsing</span>");

            // a revoked deploy token
            var deploy = world.deployToken("projects", project, "read_package_registry");
            Api deployApi = server.as("Deploy-Token", deploy.get("token").asString());
            warm(deployApi, path);
            assertThat(root.delete("/api/v4/projects/" + project + "/deploy_tokens/" + deploy.get("id").asLong())
                    .status()).isEqualTo(204);
            assertThat(deployApi.get(path).status()).isEqualTo(401);
            // only a personal access token can revoke itself this way
            var other = world.deployToken("projects", project, "read_package_registry");
            assertThat(server.as("Deploy-Token", other.get("token").asString())
                    .delete("/api/v4/personal_access_tokens/self").status()).isEqualTo(401);

            // a project made private again after anonymous readers used it
            assertThat(root.put("/api/v4/projects/" + project, Map.of("visibility", "public")).status()).isEqualTo(200);
            assertThat(root.put("/api/v4/groups/" + group, Map.of("visibility", "public")).status()).isEqualTo(200);
            warm(server.anonymous(), path);
            assertThat(root.put("/api/v4/projects/" + project, Map.of("visibility", "private")).status()).isEqualTo(200);
            assertThat(server.anonymous().get(path).status()).isEqualTo(401);

            // a deleted package: its file is gone at once
            warm(root, path);
            long packageId = root.get("/api/v4/projects/" + project + "/packages?package_name=pkg").json().get(0)
                    .get("id").asLong();
            assertThat(root.delete("/api/v4/projects/" + project + "/packages/" + packageId).status()).isEqualTo(204);
            assertThat(root.get(path).status()).isEqualTo(404);

            // a newer upload of the same file name is what the next download serves
            assertThat(root.putBytes(file(project, "again"), BYTES).status()).isEqualTo(201);
            warm(root, file(project, "again"));
            byte[] newer = "newer bytes\n".getBytes(StandardCharsets.UTF_8);
            assertThat(root.putBytes(file(project, "again"), newer).status()).isEqualTo(201);
            assertThat(root.get(file(project, "again")).body()).isEqualTo("newer bytes\n");

            // a token revoked in the database by someone else (another node, the CLI, an operator's SQL)
            World.Person outside = world.user("outside", "read_api");
            world.member("projects", project, outside.id(), 20);
            warm(outside.api(server), file(project, "again"));
            server.services().database().jdbi().useHandle(h -> h.createUpdate(
                    "UPDATE personal_access_tokens SET revoked = TRUE WHERE user_id = :u").bind("u", outside.id())
                    .execute());
            assertThat(outside.api(server).get(file(project, "again")).status()).isEqualTo(401);

            // a membership removed in the database by someone else
            World.Person member = world.user("member", "read_api");
            world.member("projects", project, member.id(), 20);
            warm(member.api(server), file(project, "again"));
            server.services().database().jdbi().useHandle(h -> h.createUpdate(
                    "DELETE FROM members WHERE user_id = :u").bind("u", member.id()).execute());
            assertThat(member.api(server).get(file(project, "again")).status()).isEqualTo(404);
        }
    }

    /** A browser session of {@code username} from the sign-in form: its cookie. */
    private static String signIn(TestServer server, String username, String password) {
        Api browser = server.anonymous();
        Api.Response r = browser.send(browser.request("/users/sign_in")
                .header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", "depot_csrf=abc")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("csrf_token=abc&username=" + username
                        + "&password=" + password)));
        return r.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("depot_session="))
                .findFirst().orElseThrow(() -> new AssertionError("no session: " + r.status() + " " + r.body()))
                .split(";")[0];
    }

    private static String page(TestServer server, String session) {
        Api browser = server.anonymous();
        return browser.send(browser.request("/").header("Cookie", session).GET()).body();
    }
}
