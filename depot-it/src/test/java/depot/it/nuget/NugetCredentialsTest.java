package depot.it.nuget;

import static org.assertj.core.api.Assertions.assertThat;

import depot.it.support.Api;
import depot.it.support.Backend;
import depot.it.support.NugetTools;
import depot.it.support.TestServer;
import depot.it.support.World;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every credential kind the way NuGet clients send it: {@code X-NuGet-ApiKey} carrying a personal, deploy or CI job
 * token for pushes and deletes, and HTTP Basic with any token as the password for reads, after a Basic challenge.
 */
class NugetCredentialsTest {
    @Test
    void api_keys_of_every_token_kind_push_and_basic_reads_after_a_challenge() throws Exception {
        try (TestServer server = new TestServer(Backend.SQLITE)) {
            World world = new World(server);
            long project = world.project(world.group("acme", "private"), "dotnet", "private");
            World.Person dev = world.user("dev");
            world.member("projects", project, dev.id(), 30);
            var deploy = world.deployToken("projects", project, "read_package_registry", "write_package_registry");
            String job = world.job(project, dev.id()).get("token").asString();
            String feed = "/api/v4/projects/" + project + "/packages/nuget";

            Map<String, String> keys = Map.of("personal", dev.token(), "deploy", deploy.get("token").asString(),
                    "job", job);
            for (var key : keys.entrySet()) {
                Api api = server.as("X-NuGet-ApiKey", key.getValue());
                Api.Response r = NugetTools.push(api, feed + "/", "package.nupkg", NugetTools.nupkg("K.nuspec",
                        NugetTools.nuspec("Keyed." + key.getKey(), "1.0.0", ""), Map.of()));
                assertThat(r.status()).as(key.getKey() + ": " + r.body()).isEqualTo(201);
            }
            Api.Response forged = NugetTools.push(server.as("X-NuGet-ApiKey", "dpat-not-a-real-token"), feed + "/",
                    "package.nupkg", NugetTools.nupkg("F.nuspec", NugetTools.nuspec("Forged", "1.0.0", ""), Map.of()));
            assertThat(forged.status()).isEqualTo(401);

            Api.Response challenge = server.anonymous().get(feed + "/index.json");
            assertThat(challenge.status()).isEqualTo(401);
            assertThat(challenge.header("WWW-Authenticate")).startsWith("Basic realm=");
            Map<String, String> basic = Map.of("dev", dev.token(), deploy.get("username").asString(),
                    deploy.get("token").asString(), "gitlab-ci-token", job);
            for (var login : basic.entrySet()) {
                String pair = Base64.getEncoder().encodeToString((login.getKey() + ":" + login.getValue()).getBytes());
                Api api = server.as("Authorization", "Basic " + pair);
                assertThat(api.get(feed + "/download/keyed.personal/index.json").status()).as(login.getKey())
                        .isEqualTo(200);
            }
            // a reporter's key reads but cannot push
            World.Person reporter = world.user("reporter");
            world.member("projects", project, reporter.id(), 20);
            Api.Response refused = NugetTools.push(server.as("X-NuGet-ApiKey", reporter.token()), feed + "/",
                    "package.nupkg", NugetTools.nupkg("R.nuspec", NugetTools.nuspec("Reported", "1.0.0", ""), Map.of()));
            assertThat(refused.status()).isEqualTo(403);
            assertThat(server.as("X-NuGet-ApiKey", reporter.token()).get(feed + "/query?q=keyed").json()
                    .get("totalHits").asInt()).isEqualTo(3);
        }
    }
}
