package depot.it.conan;

import static org.assertj.core.api.Assertions.assertThat;

import depot.it.support.Api;
import depot.it.support.Backend;
import depot.it.support.ConanTools;
import depot.it.support.TestServer;
import depot.it.support.Tools;
import depot.it.support.World;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The real Conan clients against Depot: Conan 2 (v2 API, revisions) publishes a header-only recipe and a binary
 * package, lists, searches, installs back from an empty cache and removes revisions, binaries and recipes; the
 * instance remote with deploy and CI job tokens; Conan 1 (v1 API, no revisions) uploads, installs, searches and
 * removes.
 */
class ConanClientsTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    @TempDir Path dir;

    @Test
    void conan2_uploads_revisions_and_binaries_installs_them_back_searches_and_removes() throws Exception {
        try (TestServer server = new TestServer(Backend.SQLITE)) {
            Team team = team(server);
            World world = team.world();
            long project = team.project();
            World.Person dev = team.dev();
            String remote = server.url() + "/api/v4/projects/" + project + "/packages/conan";
            ConanTools.Client conan = ConanTools.Client.conan2(dir.resolve("home"));
            conan.ok(dir, "remote", "add", "depot", remote);
            conan.ok(dir, "remote", "login", "depot", "dev", "-p", dev.token());

            Path hdr = ConanTools.headerRecipe(dir.resolve("hdr"), "1");
            Path tool = ConanTools.binaryRecipe(dir.resolve("tool"));
            conan.ok(dir, "create", hdr.toString());
            conan.ok(dir, "create", tool.toString(), "--user", "acme+cpp", "--channel", "stable");
            conan.ok(dir, "create", tool.toString(), "--user", "acme+cpp", "--channel", "stable", "-s", "build_type=Debug");
            conan.ok(dir, "upload", "*", "-r", "depot", "-c");
            // a second recipe revision of hdr
            ConanTools.headerRecipe(hdr, "2");
            conan.ok(dir, "create", hdr.toString());
            conan.ok(dir, "upload", "hdr/*", "-r", "depot", "-c");

            JsonNode revisions = listJson(conan, "hdr/1.0#*").path("depot").path("hdr/1.0").path("revisions");
            assertThat(revisions.size()).as(revisions.toString()).isEqualTo(2);
            JsonNode binaries = listJson(conan, "tool/2.1@acme+cpp/stable:*").path("depot")
                    .path("tool/2.1@acme+cpp/stable").path("revisions");
            List<String> buildTypes = new ArrayList<>();
            binaries.properties().iterator().next().getValue().path("packages").properties()
                    .forEach(p -> buildTypes.add(p.getValue().path("info").path("settings").path("build_type").asString()));
            assertThat(buildTypes).containsExactlyInAnyOrder("Release", "Debug");
            Api api = server.root();
            assertThat(api.get("/api/v4/projects/" + project + "/packages?package_type=conan").json())
                    .extracting(p -> p.get("name").asString()).containsExactlyInAnyOrder("hdr", "tool");

            // an empty cache installs everything back from Depot (binaries only: --build is not given)
            conan.ok(dir, "remove", "*", "-c");
            conan.ok(dir, "install", "--requires=tool/2.1@acme+cpp/stable", "--requires=hdr/1.0", "-r", "depot",
                    "-s", "build_type=Debug");
            assertThat(cached(conan, "tool.txt")).containsExactly("tool Debug shared=False\n");
            assertThat(cached(conan, "hdr.h")).containsExactly("#define HDR 2\n");

            JsonNode found = JSON.readTree(conan.ok(dir, "search", "*", "-r", "depot", "--format=json").stdout());
            List<String> refs = new ArrayList<>();
            found.path("depot").properties().forEach(p -> refs.add(p.getKey()));
            assertThat(refs).containsExactlyInAnyOrder("hdr/1.0", "tool/2.1@acme+cpp/stable");

            // removing needs a maintainer, as in GitLab: the developer is refused, then the older revision of hdr,
            // tool's binaries, and tool altogether go
            String older = oldest(revisions);
            Tools.Result refused = conan.run(dir, "remove", "hdr/1.0#" + older, "-r", "depot", "-c");
            assertThat(refused.exit()).isNotZero();
            assertThat(refused.stderr() + refused.stdout()).contains("403");
            World.Person lead = world.user("lead");
            world.member("projects", project, lead.id(), 40);
            conan.ok(dir, "remote", "login", "depot", "lead", "-p", lead.token());
            conan.ok(dir, "remove", "hdr/1.0#" + older, "-r", "depot", "-c");
            assertThat(listJson(conan, "hdr/1.0#*").path("depot").path("hdr/1.0").path("revisions").propertyNames())
                    .doesNotContain(older).hasSize(1);
            conan.ok(dir, "remove", "tool/2.1@acme+cpp/stable:*", "-r", "depot", "-c");
            JsonNode none = listJson(conan, "tool/2.1@acme+cpp/stable:*").path("depot").path("tool/2.1@acme+cpp/stable")
                    .path("revisions");
            assertThat(none.properties().iterator().next().getValue().path("packages").size()).isZero();
            conan.ok(dir, "remove", "tool/*", "-r", "depot", "-c");
            assertThat(api.get("/api/v4/projects/" + project + "/packages?package_type=conan").json())
                    .extracting(p -> p.get("name").asString()).containsExactly("hdr");
            Tools.Result gone = conan.run(dir, "install", "--requires=tool/2.1@acme+cpp/stable", "-r", "depot");
            assertThat(gone.exit()).isNotZero();
        }
    }

    @Test
    void instance_remote_finds_the_project_by_user_and_takes_deploy_and_job_tokens() throws Exception {
        try (TestServer server = new TestServer(Backend.SQLITE, java.util.Map.of("conan_instance_project", "acme/cpp"))) {
            Team team = team(server);
            World world = team.world();
            long project = team.project();
            World.Person dev = team.dev();
            JsonNode deploy = world.deployToken("projects", project, "read_package_registry", "write_package_registry");
            String job = world.job(project, dev.id()).get("token").asString();
            String instance = server.url() + "/api/v4/packages/conan";

            ConanTools.Client publisher = ConanTools.Client.conan2(dir.resolve("publisher"));
            publisher.ok(dir, "remote", "add", "inst", instance);
            publisher.ok(dir, "remote", "login", "inst", deploy.get("username").asString(), "-p",
                    deploy.get("token").asString());
            Path tool = ConanTools.binaryRecipe(dir.resolve("tool"));
            publisher.ok(dir, "create", tool.toString(), "--user", "acme+cpp", "--channel", "stable");
            publisher.ok(dir, "upload", "tool/*", "-r", "inst", "-c");
            // without a user, a recipe goes to the project conan_instance_project names
            publisher.ok(dir, "create", ConanTools.headerRecipe(dir.resolve("hdr"), "1").toString());
            publisher.ok(dir, "upload", "hdr/*", "-r", "inst", "-c");
            assertThat(server.root().get("/api/v4/projects/" + project + "/packages?package_type=conan").json())
                    .extracting(p -> p.get("name").asString()).containsExactlyInAnyOrder("tool", "hdr");

            // a CI job logs in from the environment when the remote first asks (401)
            ConanTools.Client ci = ConanTools.Client.conan2(dir.resolve("ci"));
            ci.extraEnv().put("CONAN_LOGIN_USERNAME_INST", "gitlab-ci-token");
            ci.extraEnv().put("CONAN_PASSWORD_INST", job);
            ci.ok(dir, "remote", "add", "inst", instance);
            ci.ok(dir, "install", "--requires=tool/2.1@acme+cpp/stable", "--requires=hdr/1.0", "-r", "inst");
            assertThat(cached(ci, "tool.txt")).containsExactly("tool Release shared=False\n");
            assertThat(cached(ci, "hdr.h")).containsExactly("#define HDR 1\n");

            // a wrong token is refused at login; anonymous callers do not see the private project's recipes
            ConanTools.Client stranger = ConanTools.Client.conan2(dir.resolve("stranger"));
            stranger.ok(dir, "remote", "add", "inst", instance);
            assertThat(stranger.run(dir, "remote", "login", "inst", "dev", "-p", "dpat-wrong").exit()).isNotZero();
            JsonNode anonymous = JSON.readTree(stranger.ok(dir, "search", "*", "-r", "inst", "--format=json").stdout());
            assertThat(anonymous.has("inst")).as(anonymous.toString()).isTrue();
            assertThat(anonymous.toString()).doesNotContain("tool/2.1").doesNotContain("hdr/1.0");
        }
    }

    @Test
    void conan1_uploads_installs_searches_and_removes_through_the_v1_api() throws Exception {
        try (TestServer server = new TestServer(Backend.SQLITE)) {
            Team team = team(server);
            World world = team.world();
            long project = team.project();
            World.Person dev = team.dev();
            String remote = server.url() + "/api/v4/projects/" + project + "/packages/conan";
            ConanTools.Client conan = ConanTools.Client.conan1(dir.resolve("home"));
            conan.ok(dir, "remote", "add", "depot", remote);
            conan.ok(dir, "user", "dev", "-r", "depot", "-p", dev.token());
            Path legacy = ConanTools.legacyRecipe(dir.resolve("legacy"));
            conan.ok(dir, "create", legacy.toString(), "acme+cpp/stable");
            conan.ok(dir, "upload", "legacy/1.0@acme+cpp/stable", "--all", "-r", "depot", "-c");

            // Conan 1 without revisions speaks v1: everything went to revision 0
            Api api = server.as("Private-Token", dev.token());
            JsonNode urls = api.get("/api/v4/projects/" + project
                    + "/packages/conan/v1/conans/legacy/1.0/acme+cpp/stable/download_urls").json();
            assertThat(urls.get("conanfile.py").asString()).endsWith("/v1/files/legacy/1.0/acme+cpp/stable/0/export/conanfile.py");

            conan.ok(dir, "remove", "-f", "legacy*");
            conan.ok(dir, "install", "legacy/1.0@acme+cpp/stable", "-r", "depot");
            assertThat(cached(conan, "legacy.txt")).containsExactly("legacy Release\n");
            String search = conan.ok(dir, "search", "legacy/1.0@acme+cpp/stable", "-r", "depot").stdout();
            assertThat(search).contains("Package_ID:").contains("build_type: Release");

            World.Person lead = world.user("lead");
            world.member("projects", project, lead.id(), 40);
            conan.ok(dir, "user", "lead", "-r", "depot", "-p", lead.token());
            conan.ok(dir, "remove", "legacy/1.0@acme+cpp/stable", "-r", "depot", "-f", "-p");
            assertThat(conan.ok(dir, "search", "legacy/1.0@acme+cpp/stable", "-r", "depot").stdout())
                    .contains("There are no packages");
            conan.ok(dir, "remove", "legacy/1.0@acme+cpp/stable", "-r", "depot", "-f");
            assertThat(server.root().get("/api/v4/projects/" + project + "/packages?package_type=conan").json()).isEmpty();
        }
    }

    /** The private project acme/cpp with a developer, dev. */
    private record Team(World world, long project, World.Person dev) {}

    private static Team team(TestServer server) {
        World world = new World(server);
        long project = world.project(world.group("acme", "private"), "cpp", "private");
        World.Person dev = world.user("dev");
        world.member("projects", project, dev.id(), 30);
        return new Team(world, project, dev);
    }

    private JsonNode listJson(ConanTools.Client conan, String pattern) throws Exception {
        return JSON.readTree(conan.ok(dir, "list", pattern, "-r", "depot", "--format=json").stdout());
    }

    private static String oldest(JsonNode revisions) {
        String oldest = null;
        double time = Double.MAX_VALUE;
        for (var e : revisions.properties()) {
            double t = e.getValue().path("timestamp").asDouble();
            if (t < time) {
                time = t;
                oldest = e.getKey();
            }
        }
        return oldest;
    }

    /**
     * The contents of every file of that name in package folders of the client's cache: {@code p/[b/]<id>/p/…} in
     * Conan 2, {@code data/…/package/<id>/…} in Conan 1 (build folders are not counted).
     */
    private static List<String> cached(ConanTools.Client conan, String fileName) throws Exception {
        try (Stream<Path> files = Files.walk(conan.home())) {
            List<String> out = new ArrayList<>();
            for (Path p : files.filter(p -> p.getFileName().toString().equals(fileName)).toList()) {
                String s = p.toString();
                if (s.matches(".*/p/(b/)?[^/]+/p/.*") || s.matches(".*/data/.*/package/.*")) out.add(Files.readString(p));
            }
            return out;
        }
    }
}
