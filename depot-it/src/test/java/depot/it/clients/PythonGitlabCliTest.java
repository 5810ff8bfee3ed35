package depot.it.clients;

import static org.assertj.core.api.Assertions.assertThat;

import depot.it.support.Api;
import depot.it.support.Backend;
import depot.it.support.TestServer;
import depot.it.support.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The real python-gitlab CLI (Debian gitlab-cli) against Depot, unchanged. */
class PythonGitlabCliTest {
    @TempDir Path dir;

    @Test
    void creates_a_group_and_project_then_uploads_lists_downloads_and_deletes_a_generic_package() throws Exception {
        Path cli = Tools.require("python-gitlab", "apt-get install gitlab-cli");
        try (TestServer server = new TestServer(Backend.SQLITE)) {
            Map<String, String> env = Map.of("HOME", dir.toString(), "GITLAB_URL", server.url(),
                    "GITLAB_PRIVATE_TOKEN", TestServer.ROOT_TOKEN);
            byte[] data = new byte[300_000];
            new Random(42).nextBytes(data);
            Files.write(dir.resolve("payload.bin"), data);

            JsonNode group = json(Tools.ok(dir, env, cmd(cli, "group", "create", "--name", "CLI", "--path", "cli")));
            JsonNode project = json(Tools.ok(dir, env, cmd(cli, "project", "create", "--name", "tool",
                    "--namespace-id", group.get("id").asString())));
            String pid = project.get("id").asString();
            Tools.ok(dir, env, cmd(cli, "generic-package", "upload", "--project-id", pid, "--package-name", "hello",
                    "--package-version", "1.0.0", "--file-name", "payload.bin", "--path", "payload.bin"));
            JsonNode listed = json(Tools.ok(dir, env, cmd(cli, "project-package", "list", "--project-id", pid)));
            Tools.Result download = Tools.ok(dir, env, List.of(cli.toString(), "generic-package", "download",
                    "--project-id", "cli/tool", "--package-name", "hello", "--package-version", "1.0.0",
                    "--file-name", "payload.bin"));
            String packageId = listed.get(0).get("id").asString();
            Tools.ok(dir, env, cmd(cli, "project-package", "delete", "--project-id", pid, "--id", packageId));
            JsonNode after = json(Tools.ok(dir, env, cmd(cli, "project-package", "list", "--project-id", pid)));

            assertThat(project.get("path_with_namespace").asString()).isEqualTo("cli/tool");
            assertThat(listed).hasSize(1);
            assertThat(listed.get(0).get("name").asString()).isEqualTo("hello");
            assertThat(listed.get(0).get("package_type").asString()).isEqualTo("generic");
            assertThat(Files.readAllBytes(download.stdoutFile())).isEqualTo(data);
            assertThat(after).isEmpty();
            assertThat(download.stderr()).doesNotContain("differs from the user-provided base URL");
        }
    }

    @Test
    void lists_gets_and_deletes_container_registry_repositories_and_tags() throws Exception {
        Path cli = Tools.require("python-gitlab", "apt-get install gitlab-cli");
        try (TestServer server = new TestServer(Backend.SQLITE)) {
            Map<String, String> env = Map.of("HOME", dir.toString(), "GITLAB_URL", server.url(),
                    "GITLAB_PRIVATE_TOKEN", TestServer.ROOT_TOKEN);
            depot.it.support.World world = new depot.it.support.World(server);
            String pid = String.valueOf(world.project(world.group("cli", "private"), "tool", "private"));
            for (String tag : List.of("v1", "v2", "v3", "v4")) {
                depot.it.support.OciRequests.image(server.root(), "cli/tool/web", tag, tag);
            }

            JsonNode repos = json(Tools.ok(dir, env, cmd(cli, "project-registry-repository", "list", "--project-id", pid)));
            String rid = repos.get(0).get("id").asString();
            JsonNode tags = json(Tools.ok(dir, env, cmd(cli, "project-registry-tag", "list", "--project-id", pid,
                    "--repository-id", rid)));
            JsonNode v1 = json(Tools.ok(dir, env, cmd(cli, "project-registry-tag", "get", "--project-id", pid,
                    "--repository-id", rid, "--name", "v1")));
            Tools.ok(dir, env, cmd(cli, "project-registry-tag", "delete", "--project-id", pid, "--repository-id", rid,
                    "--name", "v2"));
            Tools.ok(dir, env, cmd(cli, "project-registry-tag", "delete-in-bulk", "--project-id", pid,
                    "--repository-id", rid, "--name", "web", "--name-regex-delete", "v.*", "--name-regex-keep", "v1",
                    "--keep-n", "1"));
            JsonNode after = json(Tools.ok(dir, env, cmd(cli, "project-registry-tag", "list", "--project-id", pid,
                    "--repository-id", rid)));

            assertThat(repos).hasSize(1);
            assertThat(repos.get(0).get("path").asString()).isEqualTo("cli/tool/web");
            assertThat(repos.get(0).get("location").asString()).isEqualTo("127.0.0.1:" + server.port() + "/cli/tool/web");
            assertThat(names(tags)).containsExactly("v1", "v2", "v3", "v4");
            assertThat(v1.get("digest").asString()).startsWith("sha256:");
            assertThat(v1.get("total_size").asLong()).isPositive();
            assertThat(names(after)).containsExactly("v1", "v4");
        }
    }

    private static List<String> names(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(t -> out.add(t.get("name").asString()));
        return out;
    }

    private static List<String> cmd(Path cli, String... args) {
        List<String> c = new ArrayList<>(List.of(cli.toString(), "-o", "json"));
        c.addAll(List.of(args));
        return c;
    }

    private static JsonNode json(Tools.Result r) {
        return Api.JSON.readTree(r.stdout());
    }
}
