package depot.it.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Creates users, groups, projects, members and tokens through the REST API, as an admin would. */
public final class World {
    private final Api root;

    public World(TestServer server) {
        this(server.root());
    }

    /** A world built through any admin's API, e.g. a Depot process's. */
    public World(Api root) {
        this.root = root;
    }

    public record Person(long id, String username, String token) {
        public Api api(TestServer s) { return s.as("Private-Token", token); }
    }

    public Person user(String username, String... scopes) {
        Api.Response r = root.post("/api/v4/users", Map.of("username", username, "name", username,
                "email", username + "@example.com", "password", "password-" + username));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        long id = r.json().get("id").asLong();
        return new Person(id, username, token(id, scopes.length == 0 ? List.of("api") : List.of(scopes), null));
    }

    public String token(long userId, List<String> scopes, String expiresAt) {
        var body = new java.util.HashMap<String, Object>(Map.of("name", "t", "scopes", scopes));
        if (expiresAt != null) body.put("expires_at", expiresAt);
        Api.Response r = root.post("/api/v4/users/" + userId + "/personal_access_tokens", body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("token").asString();
    }

    public long group(String path, String visibility) {
        Api.Response r = root.post("/api/v4/groups", Map.of("name", path, "path", path, "visibility", visibility));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asLong();
    }

    public long subgroup(long parent, String path, String visibility) {
        Api.Response r = root.post("/api/v4/groups", Map.of("name", path, "path", path, "visibility", visibility,
                "parent_id", parent));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asLong();
    }

    public long project(long namespaceId, String path, String visibility) {
        Api.Response r = root.post("/api/v4/projects", Map.of("name", path, "path", path,
                "namespace_id", namespaceId, "visibility", visibility));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asLong();
    }

    public void member(String kind, long id, long userId, int level) {
        Api.Response r = root.post("/api/v4/" + kind + "/" + id + "/members",
                Map.of("user_id", userId, "access_level", level));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    public JsonNode deployToken(String kind, long id, String... scopes) {
        Api.Response r = root.post("/api/v4/" + kind + "/" + id + "/deploy_tokens",
                Map.of("name", "deploy", "scopes", List.of(scopes)));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
    }

    public JsonNode job(long projectId, long userId) {
        Api.Response r = root.post("/api/v4/projects/" + projectId + "/jobs", Map.of("user_id", userId,
                "pipeline_id", 77, "ref", "main", "sha", "0123456789abcdef0123456789abcdef01234567", "name", "publish"));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
    }
}
