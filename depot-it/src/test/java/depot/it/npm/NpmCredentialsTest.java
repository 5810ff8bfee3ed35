package depot.it.npm;

import static org.assertj.core.api.Assertions.assertThat;

import depot.it.support.Api;
import depot.it.support.Backend;
import depot.it.support.NpmDocs;
import depot.it.support.TestServer;
import depot.it.support.World;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** npm sends {@code Authorization: Bearer <_authToken>}; every kind of token works there, and Basic too. */
class NpmCredentialsTest {
    @Test
    void bearer_works_with_personal_deploy_and_job_tokens_and_basic_with_a_token_as_password() throws Exception {
        try (TestServer server = new TestServer(Backend.SQLITE)) {
            World world = new World(server);
            long project = world.project(world.group("acme", "private"), "web", "private");
            World.Person dev = world.user("dev", "write_package_registry");
            world.member("projects", project, dev.id(), 30);
            String job = world.job(project, dev.id()).get("token").asString();
            var deploy = world.deployToken("projects", project, "read_package_registry");
            String base = "/api/v4/projects/" + project + "/packages/npm/";
            Api asJob = server.as("Authorization", "Bearer " + job);
            Api asPat = server.as("Authorization", "Bearer " + dev.token());
            Api asDeploy = server.as("Authorization", "Bearer " + deploy.get("token").asString());
            Api basic = server.as("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    ("dev:" + dev.token()).getBytes(StandardCharsets.UTF_8)));

            Api.Response byJob = asJob.put(base + "@acme%2fci", NpmDocs.publish("@acme/ci", "1.0.0",
                    NpmDocs.tarball("@acme/ci", "1.0.0")));
            Api.Response byPat = asPat.put(base + "@acme%2fci", NpmDocs.publish("@acme/ci", "1.1.0",
                    NpmDocs.tarball("@acme/ci", "1.1.0")));
            Api.Response deployPublish = asDeploy.put(base + "@acme%2fci", NpmDocs.publish("@acme/ci", "1.2.0",
                    NpmDocs.tarball("@acme/ci", "1.2.0")));

            assertThat(byJob.status()).as(byJob.body()).isEqualTo(201);
            assertThat(byPat.status()).as(byPat.body()).isEqualTo(201);
            assertThat(deployPublish.status()).isEqualTo(403);
            for (Api api : new Api[] {asJob, asPat, asDeploy, basic}) {
                assertThat(api.get(base + "@acme%2fci").json().get("versions").propertyNames())
                        .containsExactly("1.0.0", "1.1.0");
            }
            assertThat(asJob.get(base + "-/whoami").json().get("username").asString()).isEqualTo("dev");
            assertThat(asDeploy.get(base + "-/whoami").json().get("username").asString())
                    .isEqualTo(deploy.get("username").asString());
            Api.Response anonymous = server.anonymous().get(base + "@acme%2fci");
            assertThat(anonymous.status()).isEqualTo(401);
            assertThat(anonymous.json().get("error").asString()).isNotBlank();
            assertThat(server.as("Authorization", "Bearer dpat-not-a-real-token-000000000000")
                    .get(base + "@acme%2fci").status()).isEqualTo(401);
        }
    }
}
