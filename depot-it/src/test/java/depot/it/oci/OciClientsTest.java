package depot.it.oci;

import static org.assertj.core.api.Assertions.assertThat;

import depot.it.support.Api;
import depot.it.support.Backend;
import depot.it.support.GoTools;
import depot.it.support.TestServer;
import depot.it.support.Tools;
import depot.it.support.World;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The container clients against a private project: skopeo copies both ways (a developer's token to push, a deploy
 * token to pull, a CI job token to list tags, a password to delete), podman logs in, pushes and pulls, buildah
 * pushes a two-platform index that skopeo copies back whole, and oras attaches an artifact that its discover command
 * finds through the referrers API.
 */
class OciClientsTest {
    @TempDir Path dir;

    @Test
    void skopeo_podman_buildah_and_oras_push_pull_list_delete_and_discover() throws Exception {
        Path skopeo = Tools.require("skopeo", "apt-get install skopeo");
        Path podman = Tools.require("podman", "apt-get install podman");
        Path buildah = Tools.require("buildah", "apt-get install buildah");
        Path oras = GoTools.oras();
        try (TestServer server = new TestServer(Backend.SQLITE)) {
            World world = new World(server);
            long group = world.group("acme", "private");
            long project = world.project(group, "app", "private");
            World.Person dev = world.user("dev", "write_registry");
            world.member("projects", project, dev.id(), 30);
            JsonNode deployToken = world.deployToken("projects", project, "read_registry");
            String deploy = deployToken.get("token").asString();
            String deployUser = deployToken.get("username").asString();
            String job = world.job(project, dev.id()).get("token").asString();
            String host = "127.0.0.1:" + server.port();
            Path policy = depot.it.support.OciLayouts.acceptAnything(dir);
            Map<String, String> env = containersEnv(host);

            // skopeo: push with a developer's token, pull with a deploy token, list with a job token
            String pushed = depot.it.support.OciLayouts.write(dir.resolve("layout"), "v1", 300000);
            Tools.ok(dir, env, List.of(skopeo.toString(), "--policy", policy.toString(), "copy", "--dest-tls-verify=false",
                    "--dest-creds", "dev:" + dev.token(), "oci:" + dir.resolve("layout") + ":v1",
                    "docker://" + host + "/acme/app/web:v1"));
            Tools.ok(dir, env, List.of(skopeo.toString(), "--policy", policy.toString(), "copy", "--src-tls-verify=false",
                    "--src-creds", deployUser + ":" + deploy, "docker://" + host + "/acme/app/web:v1",
                    "oci:" + dir.resolve("back") + ":v1"));
            JsonNode tags = Api.JSON.readTree(Tools.ok(dir, env, List.of(skopeo.toString(), "list-tags",
                    "--tls-verify=false", "--creds", "gitlab-ci-token:" + job, "docker://" + host + "/acme/app/web"))
                    .stdout());

            assertThat(blobNames(dir.resolve("back"))).isEqualTo(blobNames(dir.resolve("layout")));
            for (String blob : blobNames(dir.resolve("layout"))) {
                assertThat(Files.mismatch(dir.resolve("layout/blobs/sha256").resolve(blob),
                        dir.resolve("back/blobs/sha256").resolve(blob))).as(blob).isEqualTo(-1L);
            }
            assertThat(Files.readString(dir.resolve("back/index.json"))).contains(pushed);
            assertThat(tags.get("Tags").toString()).isEqualTo("[\"v1\"]");

            // podman: log in with a password, push a second tag, remove it locally and pull it back
            Tools.ok(dir, env, List.of(podman.toString(), "login", "--tls-verify=false", "-u", "root", "-p",
                    TestServer.ROOT_PASSWORD, host));
            Tools.ok(dir, env, List.of(podman.toString(), "pull", "--tls-verify=false", host + "/acme/app/web:v1"));
            Tools.ok(dir, env, List.of(podman.toString(), "tag", host + "/acme/app/web:v1", host + "/acme/app/web:v2"));
            Tools.ok(dir, env, List.of(podman.toString(), "push", "--tls-verify=false", host + "/acme/app/web:v2"));
            Tools.ok(dir, env, List.of(podman.toString(), "rmi", "-f", host + "/acme/app/web:v1", host + "/acme/app/web:v2"));
            Tools.ok(dir, env, List.of(podman.toString(), "pull", "--tls-verify=false", host + "/acme/app/web:v2"));
            String images = Tools.ok(dir, env, List.of(podman.toString(), "images", "--format", "{{.Repository}}:{{.Tag}}"))
                    .stdout();
            assertThat(images).contains(host + "/acme/app/web:v2");

            // buildah: a two-platform index, copied back whole by skopeo
            Files.writeString(dir.resolve("hello.txt"), "hello from buildah\n");
            Tools.ok(dir, env, List.of(buildah.toString(), "from", "--name", "work", "scratch"));
            Tools.ok(dir, env, List.of(buildah.toString(), "copy", "work", "hello.txt", "/hello.txt"));
            Tools.ok(dir, env, List.of(buildah.toString(), "commit", "work", host + "/acme/app/built:v1"));
            Tools.ok(dir, env, List.of(buildah.toString(), "push", "--tls-verify=false", host + "/acme/app/built:v1"));
            Tools.ok(dir, env, List.of(buildah.toString(), "manifest", "create", "multi"));
            Tools.ok(dir, env, List.of(buildah.toString(), "manifest", "add", "--arch", "amd64", "--os", "linux", "multi",
                    host + "/acme/app/built:v1"));
            Tools.ok(dir, env, List.of(buildah.toString(), "manifest", "add", "--arch", "arm64", "--os", "linux", "multi",
                    host + "/acme/app/web:v2"));
            Tools.ok(dir, env, List.of(buildah.toString(), "manifest", "push", "--tls-verify=false", "--all", "multi",
                    "docker://" + host + "/acme/app/multi:v1"));
            Tools.ok(dir, env, List.of(skopeo.toString(), "--policy", policy.toString(), "copy", "--all",
                    "--src-tls-verify=false", "--src-creds", deployUser + ":" + deploy, "docker://" + host + "/acme/app/multi:v1",
                    "oci:" + dir.resolve("multi") + ":v1"));
            JsonNode raw = Api.JSON.readTree(Tools.ok(dir, env, List.of(skopeo.toString(), "inspect", "--raw",
                    "--tls-verify=false", "--creds", deployUser + ":" + deploy, "docker://" + host + "/acme/app/multi:v1"))
                    .stdout());

            assertThat(raw.get("manifests")).hasSize(2);
            List<String> platforms = new ArrayList<>();
            raw.get("manifests").forEach(m -> platforms.add(m.get("platform").get("architecture").asString()));
            assertThat(platforms).containsExactlyInAnyOrder("amd64", "arm64");
            for (JsonNode m : raw.get("manifests")) {
                String hex = m.get("digest").asString().substring(7);
                assertThat(dir.resolve("multi/blobs/sha256").resolve(hex)).exists();
            }

            // oras: an artifact attached to the image, found through the referrers API
            Files.writeString(dir.resolve("sbom.json"), "{\"packages\":[]}");
            Tools.ok(dir, env, List.of(oras.toString(), "attach", "--plain-http", "-u", "dev", "-p", dev.token(),
                    "--artifact-type", "application/vnd.example.sbom+json", host + "/acme/app/web:v1", "sbom.json"));
            JsonNode discovered = Api.JSON.readTree(Tools.ok(dir, env, List.of(oras.toString(), "discover",
                    "--plain-http", "-u", deployUser, "-p", deploy, "--format", "json", host + "/acme/app/web:v1"))
                    .stdout());
            Api.Response referrers = server.root().get("/v2/acme/app/web/referrers/" + pushed
                    + "?artifactType=application/vnd.example.sbom%2Bjson");

            assertThat(discovered.get("referrers")).hasSize(1);
            assertThat(discovered.get("referrers").get(0).get("artifactType").asString())
                    .isEqualTo("application/vnd.example.sbom+json");
            assertThat(referrers.header("OCI-Filters-Applied")).isEqualTo("artifactType");
            assertThat(referrers.json().get("manifests")).hasSize(1);

            // skopeo delete with a password: the manifest is gone, the other tag of the repository stays
            Tools.ok(dir, env, List.of(skopeo.toString(), "delete", "--tls-verify=false", "--creds",
                    "root:" + TestServer.ROOT_PASSWORD, "docker://" + host + "/acme/app/built:v1"));
            Tools.Result gone = Tools.run(dir, env, List.of(skopeo.toString(), "inspect", "--tls-verify=false",
                    "--creds", "root:" + TestServer.ROOT_PASSWORD, "docker://" + host + "/acme/app/built:v1"));
            JsonNode catalog = server.root().get("/v2/_catalog").json();

            assertThat(gone.exit()).isNotZero();
            assertThat(gone.stderr()).contains("manifest unknown");
            assertThat(catalog.get("repositories").toString())
                    .isEqualTo("[\"acme/app/built\",\"acme/app/multi\",\"acme/app/web\"]");
        }
    }

    /** podman and buildah keep their images, settings and credentials under the test's directory. */
    private Map<String, String> containersEnv(String host) throws Exception {
        Path storage = Files.writeString(dir.resolve("storage.conf"), "[storage]\ndriver = \"vfs\"\ngraphroot = \""
                + dir.resolve("graph") + "\"\nrunroot = \"" + dir.resolve("run") + "\"\n");
        Path registries = Files.writeString(dir.resolve("registries.conf"),
                "[[registry]]\nlocation = \"" + host + "\"\ninsecure = true\n");
        Map<String, String> env = new HashMap<>();
        env.put("CONTAINERS_STORAGE_CONF", storage.toString());
        env.put("CONTAINERS_REGISTRIES_CONF", registries.toString());
        env.put("REGISTRY_AUTH_FILE", dir.resolve("auth.json").toString());
        env.put("HOME", dir.toString());
        env.put("XDG_RUNTIME_DIR", Files.createDirectories(dir.resolve("xdg")).toString());
        return env;
    }

    private static List<String> blobNames(Path layout) throws Exception {
        try (Stream<Path> files = Files.list(layout.resolve("blobs/sha256"))) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
