package depot.it.conan;

import static org.assertj.core.api.Assertions.assertThat;

import depot.core.model.Package;
import depot.format.conan.ConanFormat;
import depot.http.PackageDetails;
import depot.it.support.Api;
import depot.it.support.Backend;
import depot.it.support.ConanRequests;
import depot.it.support.TestServer;
import depot.it.support.World;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Conan's protocol by hand: the service endpoints, uploads that are refused in Conan's error shape with nothing
 * becoming visible (broken or hostile archives, traversal and unknown file names, malformed manifests, wrong
 * checksums, unknown revisions, oversized files), the deduplication probe, and what the detail page shows.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConanProtocolTest {
    static final String RREV = "13d5dd132b5341db209401d238602ac0";
    static final String PID = "4e8d97aca26e12a63ead9fc2a8fa0d78647207f5";
    static final String PREV = "ca02f68fe7b9185b14cb868b6d895e62";
    private TestServer server;
    private long project;
    private Api root;
    private String base;

    @BeforeAll
    void setUp() throws Exception {
        server = new TestServer(Backend.SQLITE, Map.of("max_upload_size_conan", "1m"));
        World world = new World(server);
        project = world.project(world.group("acme", "private"), "cpp", "private");
        root = server.as("Authorization", "Bearer " + TestServer.ROOT_TOKEN);
        base = "/api/v4/projects/" + project + "/packages/conan/v2/conans";
    }

    @AfterAll
    void tearDown() throws Exception {
        server.close();
    }

    private String recipe(String ref) { return base + "/" + ref; }

    private String recipeFile(String ref, String rrev, String file) {
        return recipe(ref) + "/revisions/" + rrev + "/files/" + file;
    }

    private String packageFile(String ref, String rrev, String file) {
        return recipe(ref) + "/revisions/" + rrev + "/packages/" + PID + "/revisions/" + PREV + "/files/" + file;
    }

    private String remote() { return "/api/v4/projects/" + project + "/packages/conan"; }

    private Api.Response put(String path, byte[] body, int expected) throws Exception {
        Api.Response r = ConanRequests.put(root, path, body);
        assertThat(r.status()).as(path + ": " + r.body()).isEqualTo(expected);
        return r;
    }

    /** A refusal in Conan's shape: {@code {"errors": [{"status": …, "message": …}]}}. */
    private void refused(Api.Response r, int status, String why) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.header("Content-Type")).isEqualTo("application/json");
        assertThat(r.json().get("errors").get(0).get("status").asInt()).isEqualTo(status);
        assertThat(r.json().get("errors").get(0).get("message").asString()).containsIgnoringCase(why);
    }

    private int packages() {
        return server.root().get("/api/v4/projects/" + project + "/packages?package_type=conan").json().size();
    }

    /**
     * A recipe's files uploaded at once (Conan uploads in parallel): the manifest that completes the revision and the
     * conanfile whose attributes describe it. Each publish merges status and metadata with the package as stored
     * under its lock, so the recipe ends up listed and described whichever finishes last (before, an upload that had
     * read the package first could hide the completed recipe again or drop the attributes).
     */
    @Test
    void concurrent_uploads_to_one_recipe_lose_no_update() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            for (int i = 0; i < 25; i++) {
                String ref = "race" + i + "/1.0/_/_";
                String conanfile = "from conan import ConanFile\n\nclass Race(ConanFile):\n    name = \"race" + i
                        + "\"\n    version = \"1.0\"\n    description = \"raced " + i + "\"\n";
                put(recipeFile(ref, RREV, "conan_export.tgz"), ConanRequests.tgz(Map.of("include/r.h", "#define R\n")), 201);
                var file = pool.submit(() -> ConanRequests.put(root, recipeFile(ref, RREV, "conanfile.py"),
                        conanfile.getBytes(StandardCharsets.UTF_8)));
                var manifest = pool.submit(() -> ConanRequests.put(root, recipeFile(ref, RREV, "conanmanifest.txt"),
                        ConanRequests.manifest("conanfile.py")));
                assertThat(file.get().status()).as(file.get().body()).isEqualTo(201);
                assertThat(manifest.get().status()).as(manifest.get().body()).isEqualTo(201);

                Package pkg = server.services().packages().find(project, "conan", "race" + i + "@_/_", "1.0").orElseThrow();
                assertThat(pkg.status()).as(ref + " is listed once its manifest is in").isEqualTo(depot.core.model.PackageStatus.DEFAULT);
                assertThat(pkg.metadata()).as(ref).contains("raced " + i);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void service_endpoints_ping_authenticate_and_check_credentials() {
        String v1 = "/api/v4/projects/" + project + "/packages/conan/v1";
        Api.Response ping = root.get(v1 + "/ping");
        assertThat(ping.status()).isEqualTo(200);
        assertThat(ping.header("X-Conan-Server-Capabilities")).isEqualTo("revisions");
        String basic = Base64.getEncoder().encodeToString(("root:" + TestServer.ROOT_TOKEN).getBytes());
        Api.Response token = server.as("Authorization", "Basic " + basic).get(v1 + "/users/authenticate");
        assertThat(token.status()).isEqualTo(200);
        assertThat(server.as("Authorization", "Bearer " + token.body()).get(v1 + "/users/check_credentials").body())
                .isEqualTo("root");
        // a password is no package credential; a wrong token and no token are 401s Conan understands
        String password = Base64.getEncoder().encodeToString(("root:" + TestServer.ROOT_PASSWORD).getBytes());
        refused(server.as("Authorization", "Basic " + password).get(v1 + "/users/authenticate"), 401, "access token");
        refused(server.as("Authorization", "Bearer dpat-wrong").get(v1 + "/users/check_credentials"), 401, "401");
        assertThat(server.anonymous().get(v1 + "/ping").status()).isEqualTo(401);
    }

    @Test
    void broken_and_hostile_archives_are_refused_and_the_revision_never_appears() throws Exception {
        int before = packages();
        String ref = "broken/1.0/_/_";
        byte[] cut = java.util.Arrays.copyOf(ConanRequests.tgz(Map.of("a.h", "x".repeat(5000))), 60);
        refused(put(recipeFile(ref, RREV, "conan_export.tgz"), cut, 400), 400, "truncated");
        refused(put(recipeFile(ref, RREV, "conan_export.tgz"), "not gzip".getBytes(), 400), 400, "not gzip");
        refused(put(recipeFile(ref, RREV, "conan_export.tgz"), ConanRequests.tgz(Map.of("../../../etc/cron.d/x", "boom")), 400),
                400, "outside the package");
        refused(put(recipeFile(ref, RREV, "conanmanifest.txt"), "no timestamp\n".getBytes(), 400), 400, "timestamp");
        refused(put(recipeFile(ref, RREV, "conanmanifest.txt"), "1\n../x: 59cb21a9b4dd4b5bdffd1d65f6ac012f\n".getBytes(),
                400), 400, "outside");
        assertThat(packages()).isEqualTo(before);
        refused(root.get(recipe(ref) + "/revisions"), 404, "not found");
        refused(root.get(recipe(ref) + "/latest"), 404, "not found");
    }

    @Test
    void traversal_and_unknown_file_names_unknown_revisions_and_wrong_checksums() throws Exception {
        int before = packages();
        String ref = "names/1.0/_/_";
        refused(put(recipeFile(ref, RREV, "..%2F..%2Fconanfile.py"), "x".getBytes(), 400), 400, "holds no file");
        refused(put(recipeFile(ref, RREV, "metadata/logs/build.log"), "x".getBytes(), 400), 400, "holds no file");
        refused(put(recipeFile(ref, RREV, "evil.sh"), "x".getBytes(), 400), 400, "holds no file");
        refused(put(recipe("..%2F..") + "/revisions/" + RREV + "/files/conanfile.py", "x".getBytes(), 404), 404,
                "no conan endpoint");
        refused(put(base + "/na%2Fme/1.0/_/_/revisions/" + RREV + "/files/conanfile.py", "x".getBytes(), 400), 400,
                "invalid recipe name");
        refused(put(recipeFile(ref, "not-a-revision!", "conanfile.py"), "x".getBytes(), 400), 400, "recipe revision");
        // the instance remote finds the project by the recipe's user; without one (and no conan_instance_project)
        // there is nowhere to put it
        refused(put("/api/v4/packages/conan/v2/conans/" + ref + "/revisions/" + RREV + "/files/conanfile.py",
                "x".getBytes(), 404), 404, "has no user");
        refused(put("/api/v4/packages/conan/v2/conans/names/1.0/nobody+here/stable/revisions/" + RREV
                + "/files/conanfile.py", "x".getBytes(), 404), 404, "project not found");
        Api.Response wrongSum = root.send(root.request(recipeFile(ref, RREV, "conanfile.py"))
                .header("X-Checksum-Sha1", "0".repeat(40)).PUT(HttpRequest.BodyPublishers.ofString("x = 1\n")));
        refused(wrongSum, 400, "X-Checksum-Sha1");
        // binaries of a recipe revision that does not exist
        refused(put(packageFile(ref, RREV, "conaninfo.txt"), "[settings]\n".getBytes(), 404), 404, "recipe not found");
        refused(put(recipeFile(ref, RREV, "conan_sources.tgz"), new byte[2 << 20], 413), 413, "");
        assertThat(packages()).isEqualTo(before);
        refused(root.get(recipe(ref) + "/revisions/" + RREV + "/files"), 404, "not found");
        refused(root.get(recipe("nothing/1.0/_/_") + "/revisions/" + RREV + "/files/conanfile.py"), 404, "not found");
    }

    @Test
    void a_cut_off_upload_stays_invisible_and_the_dedup_probe_never_stores() throws Exception {
        String ref = "cut/1.0/_/_";
        String conanfile = "from conan import ConanFile\nclass Cut(ConanFile):\n    name = \"cut\"\n";
        ConanRequests.recipe(root, remote(), ref, RREV, conanfile);
        String second = "ffffffffffffffffffffffffffffffff";
        // the client went away before the manifest: the second revision is not listed and its files not served
        put(recipeFile(ref, second, "conanfile.py"), "changed = True\n".getBytes(), 201);
        assertThat(root.get(recipe(ref) + "/revisions").json().get("revisions")).hasSize(1);
        assertThat(root.get(recipe(ref) + "/latest").json().get("revision").asString()).isEqualTo(RREV);
        refused(root.get(recipeFile(ref, second, "conanfile.py")), 404, "not found");
        // Artifactory-style deduplication: 201 only for the same bytes in the same place; nothing is written
        byte[] same = conanfile.getBytes(StandardCharsets.UTF_8);
        Api.Response hit = root.send(root.request(recipeFile(ref, RREV, "conanfile.py")).header("X-Checksum-Deploy", "true")
                .header("X-Checksum-Sha1", ConanRequests.sha1(same)).PUT(HttpRequest.BodyPublishers.noBody()));
        assertThat(hit.status()).isEqualTo(201);
        Api.Response miss = root.send(root.request(recipeFile(ref, RREV, "conanfile.py")).header("X-Checksum-Deploy", "true")
                .header("X-Checksum-Sha1", "0".repeat(40)).PUT(HttpRequest.BodyPublishers.noBody()));
        assertThat(miss.status()).isEqualTo(404);
        assertThat(root.get(recipeFile(ref, RREV, "conanfile.py")).body()).isEqualTo(conanfile);
    }

    @Test
    void a_group_that_forbids_duplicates_keeps_revisions_immutable_but_takes_new_ones() {
        World world = new World(server);
        long group = world.group("strict", "private");
        long strict = world.project(group, "cpp", "private");
        assertThat(server.root().put("/api/v4/groups/" + group + "/package_settings",
                Map.of("conan_duplicates_allowed", false)).status()).isEqualTo(200);
        String remote = "/api/v4/projects/" + strict + "/packages/conan";
        String ref = "fixed/1.0/_/_";
        ConanRequests.recipe(root, remote, ref, RREV, "x = 1\n");
        String second = "ffffffffffffffffffffffffffffffff";
        ConanRequests.recipe(root, remote, ref, second, "x = 2\n");
        assertThat(root.get(remote + "/v2/conans/" + ref + "/revisions").json().get("revisions")).hasSize(2);
        // the same bytes again (a retried upload) are fine; other bytes into a stored revision are not
        String file = ConanRequests.recipeFile(remote, ref, RREV, "conanfile.py");
        assertThat(ConanRequests.put(root, file, "x = 1\n".getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(201);
        refused(ConanRequests.put(root, file, "x = 3\n".getBytes(StandardCharsets.UTF_8)), 409, "duplicate");
        assertThat(root.get(file).body()).isEqualTo("x = 1\n");
    }

    @Test
    void detail_page_shows_reference_revisions_binaries_settings_and_snippets() throws Exception {
        String ref = "tool/2.1/acme+cpp/stable";
        ConanRequests.recipe(root, remote(), ref, RREV, "from conan import ConanFile\nclass Tool(ConanFile):\n    name = \"tool\"\n"
                + "    description = \"A binary test package\"\n    license = \"Apache-2.0\"\n");
        ConanRequests.binary(root, remote(), ref, RREV, PID, PREV);
        // a second binary, built against two requirements: the page lists each once
        ConanRequests.binary(root, remote(), ref, RREV, "1".repeat(40), "2".repeat(32), "[settings]\nos=Windows\n"
                + "[requires]\nzlib/1.3.Z\nfmt/10.2.1\n");
        var listed = server.root().get("/api/v4/projects/" + project + "/packages?package_type=conan&package_name=tool")
                .json().get(0);
        Package pkg = server.services().packages().get(listed.get("id").asLong()).orElseThrow();
        PackageDetails d = new ConanFormat().details(pkg, server.services().packages().files(pkg.id()),
                server.formatContext("https://depot.example"));
        assertThat(d.metadata()).contains(new PackageDetails.Row("reference", "tool/2.1@acme+cpp/stable"),
                new PackageDetails.Row("channel", "stable"), new PackageDetails.Row("description", "A binary test package"),
                new PackageDetails.Row("license", "Apache-2.0"));
        assertThat(d.metadata()).anySatisfy(r -> assertThat(r.label() + " " + r.value())
                .startsWith("recipe revision " + RREV));
        assertThat(d.metadata()).anySatisfy(r -> assertThat(r.label() + ": " + r.value()).isEqualTo("package " + PID
                + ": settings: arch=x86_64, build_type=Release, os=Linux; options: shared=False — 1 revision, latest "
                + PREV));
        assertThat(d.dependencies()).containsExactlyInAnyOrder(new PackageDetails.Dependency("zlib", "1.3.Z", ""),
                new PackageDetails.Dependency("fmt", "10.2.1", ""));
        assertThat(d.snippets()).extracting(PackageDetails.Snippet::title)
                .containsExactly("Conan 2: add the remote", "Conan 2: install", "conanfile.txt", "Conan 1");
        assertThat(d.snippets().get(0).code()).contains("conan remote add depot https://depot.example/api/v4/packages/conan")
                .contains("conan remote login depot");
        assertThat(d.snippets().get(1).code()).isEqualTo("conan install --requires=tool/2.1@acme+cpp/stable -r depot");

        Api.Response search = root.get(recipe(ref) + "/search");
        assertThat(search.json().get(PID).get("settings").get("build_type").asString()).isEqualTo("Release");
        assertThat(search.json().get(PID).get("content").asString()).startsWith("[settings]");

        // the web UI's detail page renders them, for the signed-in admin
        String page = server.pageAsRoot("/acme/cpp/-/packages/" + pkg.id());
        assertThat(page).contains("tool/2.1@acme+cpp/stable").contains("conan install --requires=")
                .contains("build_type=Release");
    }
}
