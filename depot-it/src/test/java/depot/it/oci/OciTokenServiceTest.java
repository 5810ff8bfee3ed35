package depot.it.oci;

import static org.assertj.core.api.Assertions.assertThat;

import depot.it.support.Api;
import depot.it.support.Backend;
import depot.it.support.OciRequests;
import depot.it.support.TestServer;
import depot.it.support.World;
import java.net.http.HttpRequest;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * The token service: GET with Basic and the OAuth2 POST form both issue tokens; a token grants only the scopes it was
 * issued for, expires after 15 minutes, stops working when the credential behind it is revoked, and cannot be forged.
 */
class OciTokenServiceTest {

    @Test
    void tokens_are_scoped_short_lived_revocable_and_signed() throws Exception {
        try (TestServer server = new TestServer(Backend.SQLITE)) {
            World world = new World(server);
            long project = world.project(world.group("acme", "private"), "app", "private");
            World.Person dev = world.user("dev", "read_registry", "write_registry");
            world.member("projects", project, dev.id(), 30);
            OciRequests.image(server.root(), "acme/app", "v1", "one");
            String manifest = "/v2/acme/app/manifests/v1";

            Api.Response pullOnly = OciRequests.token(server, "dev", dev.token(), "repository:acme/app:pull");
            Api.Response form = server.anonymous().send(server.anonymous().request("/jwt/auth")
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=password&service=container_registry"
                            + "&scope=" + OciRequests.enc("repository:acme/app:pull,push") + "&username=dev&password="
                            + dev.token())));
            Api.Response refresh = server.anonymous().send(server.anonymous().request("/jwt/auth")
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=refresh_token&refresh_token=x")));
            Api.Response wrong = OciRequests.token(server, "dev", "dpat-not-a-token-0000000000000000000", "repository:acme/app:pull");
            Api pull = bearer(server, pullOnly.json().get("token").asString());
            Api push = bearer(server, form.json().get("access_token").asString());
            Api.Response read = pull.get(manifest);
            Api.Response pushWithPullToken = pull.send(pull.request("/v2/acme/app/blobs/uploads/")
                    .POST(HttpRequest.BodyPublishers.noBody()));
            Api.Response pushWithPushToken = push.send(push.request("/v2/acme/app/blobs/uploads/")
                    .POST(HttpRequest.BodyPublishers.noBody()));
            String[] parts = pullOnly.json().get("token").asString().split("\\.");
            String forgedClaims = new String(Base64.getUrlDecoder().decode(parts[1])).replace("\"pull\"", "\"pull\",\"push\"");
            String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(forgedClaims.getBytes())
                    + "." + parts[2];
            Api.Response forgedPush = bearer(server, forged).send(bearer(server, forged).request("/v2/acme/app/blobs/uploads/")
                    .POST(HttpRequest.BodyPublishers.noBody()));
            server.advanceClock(16 * 60_000L);
            Api.Response expired = pull.get(manifest);
            Api.Response fresh = OciRequests.token(server, "dev", dev.token(), "repository:acme/app:pull");
            long tokenId = server.root().get("/api/v4/personal_access_tokens?user_id=" + dev.id()).json().get(0)
                    .get("id").asLong();
            assertThat(server.root().delete("/api/v4/personal_access_tokens/" + tokenId).status()).isEqualTo(204);
            Api.Response revoked = bearer(server, fresh.json().get("token").asString()).get(manifest);

            assertThat(pullOnly.status()).isEqualTo(200);
            assertThat(pullOnly.json().get("expires_in").asInt()).isEqualTo(900);
            assertThat(form.status()).as(form.body()).isEqualTo(200);
            assertThat(refresh.status()).isEqualTo(400);
            assertThat(wrong.status()).isEqualTo(401);
            assertThat(read.status()).isEqualTo(200);
            assertThat(pushWithPullToken.status()).isEqualTo(401);
            assertThat(pushWithPullToken.header("WWW-Authenticate")).contains("scope=\"repository:acme/app:pull,push\"");
            assertThat(pushWithPushToken.status()).isEqualTo(202);
            assertThat(forgedPush.status()).isEqualTo(401);
            assertThat(expired.status()).isEqualTo(401);
            assertThat(expired.json().get("errors").get(0).get("code").asString()).isEqualTo("UNAUTHORIZED");
            assertThat(fresh.status()).isEqualTo(200);
            assertThat(revoked.status()).isEqualTo(401);
        }
    }

    private static Api bearer(TestServer server, String token) {
        return server.as("Authorization", "Bearer " + token);
    }
}
