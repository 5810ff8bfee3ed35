package depot.it.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import depot.it.support.Api;
import depot.it.support.Backend;
import depot.it.support.NpmDocs;
import depot.it.support.NugetTools;
import depot.it.support.TestServer;
import depot.it.support.World;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The attacks of the outside security review that need no browser and no memory limit, each replayed against a
 * server: a catastrophic regex as a duplicate exception, dependency confusion at the instance endpoints, CI jobs of
 * admins and of users who left, username enumeration by timing, an oversized JSON body, hostile .pdb entry names,
 * {@code data:} links in READMEs. Each test fails on the code before the fix.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecurityFindingsTest {
    TestServer server;
    World world;
    Api root;

    @BeforeAll
    void setUp() throws Exception {
        server = new TestServer(Backend.SQLITE);
        world = new World(server);
        root = server.root();
    }

    @AfterAll
    void tearDown() throws Exception {
        server.close();
    }

    /** {@code ^(.*a){10}X} backtracks for minutes on java.util.regex; RE2/J answers at once, and holds no lock. */
    @Test
    void a_catastrophic_duplicate_exception_pattern_neither_hangs_publishing_nor_blocks_other_users() throws Exception {
        // given: a user owns a group whose duplicate exception is a backtracking bomb
        World.Person owner = world.user("regexowner");
        long group = world.group("regexbomb", "private");
        world.member("groups", group, owner.id(), 50);
        long project = world.project(group, "p", "private");
        long other = world.project(world.group("bystander", "private"), "q", "private");
        Api.Response set = owner.api(server).put("/api/v4/groups/regexbomb/package_settings",
                Map.of("generic_duplicates_allowed", false, "generic_duplicate_exception_regex", "^(.*a){10}X"));
        assertThat(set.status()).as(set.body()).isEqualTo(200);
        String name = "a".repeat(60);

        // when: its publishes run the pattern, while another group's user publishes
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            ExecutorService pool = Executors.newFixedThreadPool(3);
            try {
                List<Future<Api.Response>> runs = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    int n = i;
                    runs.add(pool.submit(() -> root.putBytes("/api/v4/projects/" + project + "/packages/generic/" + name
                            + "/1.0." + n + "/f.bin", new byte[] {1})));
                }
                Future<Api.Response> bystander = pool.submit(() -> root.putBytes("/api/v4/projects/" + other
                        + "/packages/generic/x/1.0.0/f.bin", new byte[] {2}));
                for (Future<Api.Response> r : runs) assertThat(r.get().status()).isEqualTo(201);
                assertThat(bystander.get().status()).isEqualTo(201);
            } finally {
                pool.shutdownNow();
            }
        });
        // then: the duplicate rule itself still works, and patterns RE2 cannot run or that are too long are refused
        assertThat(root.putBytes("/api/v4/projects/" + project + "/packages/generic/" + name + "/1.0.0/f.bin",
                new byte[] {1}).status()).isEqualTo(409);
        assertThat(owner.api(server).put("/api/v4/groups/regexbomb/package_settings",
                Map.of("generic_duplicate_exception_regex", "(a)\\1")).status()).isEqualTo(400);
        assertThat(owner.api(server).put("/api/v4/groups/regexbomb/package_settings",
                Map.of("generic_duplicate_exception_regex", "a".repeat(256))).status()).isEqualTo(400);
        // RE2/J compiles nested counted repetitions into a program of a billion steps (found by a new user's trial)
        Api.Response nested = owner.api(server).put("/api/v4/groups/regexbomb/package_settings",
                Map.of("maven_duplicate_exception_regex", "(((a{100}){100}){100}){10}"));
        assertThat(nested.status()).as(nested.body()).isEqualTo(400);
        assertThat(nested.body()).contains("repeats too much");
    }

    /**
     * A stranger's public project cannot shadow a team's names at the instance endpoints: a scope belongs to the
     * root group of its path, other names to the root group that published them first; an admin moves claims.
     */
    @Test
    void names_at_the_instance_endpoints_belong_to_their_owner_not_to_the_last_publisher() {
        // given: acme publishes a Maven artifact, a scoped and an unscoped npm package in a private project
        long acme = world.project(world.group("acme", "private"), "lib", "private");
        World.Person dev = world.user("acmedev");
        world.member("projects", acme, dev.id(), 30);
        World.Person mallory = world.user("mallory");
        long evilGroup = world.group("evil", "public");
        world.member("groups", evilGroup, mallory.id(), 50);
        long evil = world.project(evilGroup, "shadow", "public");
        Api acmeApi = dev.api(server);
        Api evilApi = mallory.api(server);
        assertThat(acmeApi.putBytes(maven(acme, "com/acme/core/1.0/core-1.0.jar"), "good".getBytes()).status())
                .isEqualTo(201);
        assertThat(npm(acmeApi, acme, "@acme/util", "1.0.0").status()).isEqualTo(201);
        assertThat(npm(acmeApi, acme, "acme-tool", "1.0.0").status()).isEqualTo(201);

        // when: mallory publishes the same names, newer versions, in a public project
        Api.Response mavenShadow = evilApi.putBytes(maven(evil, "com/acme/core/9.9/core-9.9.jar"), "evil".getBytes());
        Api.Response scopeShadow = npm(evilApi, evil, "@acme/util", "9.9.9");
        Api.Response nameShadow = npm(evilApi, evil, "acme-tool", "9.9.9");
        Api.Response ownScope = npm(evilApi, evil, "@evil/thing", "1.0.0");

        // then: refused with a clear message, and acme's developer resolves acme's packages at the instance
        assertThat(mavenShadow.status()).isEqualTo(403);
        // acme is private: the refusal does not name it to an outsider (a public owner is named: below)
        assertThat(mavenShadow.body()).contains("com.acme").contains("belongs to another group").doesNotContain("belongs to acme");
        assertThat(scopeShadow.status()).isEqualTo(403);
        assertThat(scopeShadow.body()).contains("@acme").contains("belongs to another group");
        assertThat(nameShadow.status()).isEqualTo(403);
        assertThat(ownScope.status()).isEqualTo(201);
        assertThat(acmeApi.get("/api/v4/packages/maven/com/acme/core/maven-metadata.xml").body())
                .contains("<version>1.0</version>").doesNotContain("9.9");
        assertThat(acmeApi.get("/api/v4/packages/npm/@acme%2futil").json().get("dist-tags").get("latest").asString())
                .isEqualTo("1.0.0");
        // and a user who cannot read acme's project finds nothing there, rather than mallory's copy
        assertThat(evilApi.get("/api/v4/packages/npm/acme-tool").status()).isEqualTo(404);

        // when: an admin transfers the unscoped name to evil
        Api.Response transfer = root.put("/api/v4/package_claims",
                Map.of("package_type", "npm", "claim", "acme-tool", "namespace", "evil"));
        assertThat(transfer.status()).as(transfer.body()).isEqualTo(200);
        assertThat(evilApi.put("/api/v4/package_claims", Map.of("package_type", "npm", "claim", "acme-tool",
                "namespace", "evil")).status()).isEqualTo(403);

        // then: evil may publish it and acme no longer may; the claim list shows it
        assertThat(npm(evilApi, evil, "acme-tool", "9.9.9").status()).isEqualTo(201);
        assertThat(npm(acmeApi, acme, "acme-tool", "1.0.1").status()).isEqualTo(403);
        assertThat(root.get("/api/v4/package_claims?package_type=npm").body()).contains("\"claim\":\"acme-tool\"")
                .contains("\"namespace\":\"evil\"");
        assertThat(root.get("/api/v4/package_claims").body()).contains("\"claim\":\"@acme\"")
                .contains("\"claim\":\"com.acme\"");

        // and a scope moves too, even though its path names another group (found by a new user's trial)
        assertThat(root.put("/api/v4/package_claims", Map.of("package_type", "npm", "claim", "@acme",
                "namespace", "evil")).status()).isEqualTo(200);
        assertThat(npm(evilApi, evil, "@acme/util", "9.9.9").status()).isEqualTo(201);
        assertThat(npm(acmeApi, acme, "@acme/util", "1.0.1").status()).isEqualTo(403);
    }

    /**
     * A group created later cannot take over a scope that another root group already publishes (that would shadow the
     * packages everyone installs); it asks an admin.
     */
    @Test
    void a_group_created_later_does_not_take_over_a_scope_already_in_use() {
        World.Person early = world.user("early");
        long earlyGroup = world.group("early-team", "public");
        world.member("groups", earlyGroup, early.id(), 50);
        long earlyProject = world.project(earlyGroup, "p", "public");
        assertThat(npm(early.api(server), earlyProject, "@later/x", "1.0.0").status()).isEqualTo(201);

        World.Person late = world.user("late");
        long laterGroup = world.group("later", "public");
        world.member("groups", laterGroup, late.id(), 50);
        long laterProject = world.project(laterGroup, "p", "public");
        Api.Response takeover = npm(late.api(server), laterProject, "@later/x", "6.6.6");

        assertThat(takeover.status()).isEqualTo(403);
        assertThat(takeover.body()).contains("belongs to early-team");
        assertThat(server.anonymous().get("/api/v4/packages/npm/@later%2fx").json().get("dist-tags").get("latest")
                .asString()).isEqualTo("1.0.0");
    }

    /** A job acts for a developer of its project: not an admin who is no member, not a user who has left. */
    @Test
    void ci_jobs_need_a_developer_user_when_opened_and_whenever_used() {
        long project = world.project(world.group("jobs", "private"), "app", "private");
        World.Person dev = world.user("jobdev");
        world.member("projects", project, dev.id(), 30);
        long otherAdmin = root.post("/api/v4/users", Map.of("username", "admin2", "name", "admin2", "email",
                "admin2@example.com", "password", "password-admin2", "admin", true)).json().get("id").asLong();

        Api.Response adminJob = root.post("/api/v4/projects/" + project + "/jobs", Map.of("user_id", otherAdmin,
                "pipeline_id", 78, "ref", "main", "sha", "0123456789abcdef0123456789abcdef01234567", "name", "publish"));
        String token = world.job(project, dev.id()).get("token").asString();
        Api job = server.as("Job-Token", token);
        int beforeLeaving = job.putBytes("/api/v4/projects/" + project + "/packages/generic/ci/1.0.0/a.bin",
                new byte[] {1}).status();
        assertThat(root.delete("/api/v4/projects/" + project + "/members/" + dev.id()).status()).isEqualTo(204);

        assertThat(adminJob.status()).as(adminJob.body()).isEqualTo(403);
        assertThat(beforeLeaving).isEqualTo(201);
        assertThat(job.get("/api/v4/projects/" + project + "/packages/generic/ci/1.0.0/a.bin").status()).isIn(403, 404);
        assertThat(job.putBytes("/api/v4/projects/" + project + "/packages/generic/ci/1.0.1/a.bin", new byte[] {1})
                .status()).isIn(403, 404);
        assertThat(job.get("/api/v4/job").status()).isEqualTo(401);
    }

    /**
     * A wrong password for an unknown user costs as much as one for a real user (a check against a dummy hash), so
     * the time of a refusal does not tell which usernames exist. Compared by medians of alternating attempts; before,
     * the unknown user answered about 20 times faster.
     */
    @Test
    void a_refused_password_takes_as_long_for_an_unknown_user_as_for_a_real_one() {
        world.user("timed");
        Api known = basic("timed", "wrong-password");
        Api unknown = basic("no-such-user-here", "wrong-password");
        known.get("/api/v4/user");
        unknown.get("/api/v4/user");
        List<Long> knownTimes = new ArrayList<>();
        List<Long> unknownTimes = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            knownTimes.add(timed(known));
            unknownTimes.add(timed(unknown));
        }
        assertThat(median(unknownTimes)).as("unknown %s vs known %s", unknownTimes, knownTimes)
                .isGreaterThan(median(knownTimes) * 4 / 10);
    }

    @Test
    void a_json_or_form_body_over_one_mebibyte_is_413_not_500() {
        String big = "{\"name\":\"" + "x".repeat(2 << 20) + "\"}";
        world.group("bigbody", "private");
        Api.Response api = root.send(root.request("/api/v4/groups").header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(big)));
        Api.Response settings = root.send(root.request("/api/v4/groups/bigbody/package_settings")
                .header("Content-Type", "application/json").PUT(java.net.http.HttpRequest.BodyPublishers.ofString(big)));
        Api.Response form = server.anonymous().send(server.anonymous().request("/users/sign_in")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("login=" + "x".repeat(2 << 20))));

        assertThat(api.status()).isEqualTo(413);
        assertThat(settings.status()).isEqualTo(413);
        assertThat(form.status()).isEqualTo(413);
    }

    /** A right-to-left override makes {@code evil‮bdp.exe} show as {@code evilexe.pdb}; control characters break logs. */
    @Test
    void symbol_packages_with_control_or_bidi_characters_in_pdb_names_are_refused_and_store_nothing() {
        long project = world.project(world.group("symbols", "private"), "nu", "private");
        String feed = "/api/v4/projects/" + project + "/packages/nuget";
        assertThat(NugetTools.push(root, feed + "/", "package.nupkg", NugetTools.nupkg("Sym.nuspec",
                NugetTools.nuspec("Sym", "1.0.0", ""), Map.of())).status()).isEqualTo(201);
        for (String name : List.of("lib/evil\u202Ebdp.exe.pdb", "lib/bell\u0007.pdb", "lib/line\nbreak.pdb")) {
            Api.Response r = NugetTools.push(root, feed + "/symbolpackage/", "package.snupkg", NugetTools.nupkg(
                    "Sym.nuspec", NugetTools.nuspec("Sym", "1.0.0",
                            "<packageTypes><packageType name=\"SymbolsPackage\"/></packageTypes>"),
                    Map.of(name, NugetTools.portablePdb("Sym"))));
            assertThat(r.status()).as(name).isEqualTo(400);
            assertThat(r.body()).contains("invalid name");
        }
        assertThat(root.get("/api/v4/projects/" + project + "/packages").json().get(0).get("id")).isNotNull();
        long id = root.get("/api/v4/projects/" + project + "/packages").json().get(0).get("id").asLong();
        assertThat(root.get("/api/v4/projects/" + project + "/packages/" + id + "/package_files").json()).hasSize(1);
    }

    @Test
    void readme_links_to_data_urls_are_dropped() {
        long project = world.project(world.group("readme", "public"), "docs", "public");
        String doc = NpmDocs.publish("@readme/doc", "1.0.0", NpmDocs.tarball("@readme/doc", "1.0.0"))
                .replace("\"_attachments\"", "\"readme\":\"[open](data:text/html;base64,"
                        + Base64.getEncoder().encodeToString("<script>alert(1)</script>".getBytes(StandardCharsets.UTF_8))
                        + ") and [site](https://example.com/)\",\"_attachments\"");
        assertThat(root.put("/api/v4/projects/" + project + "/packages/npm/@readme%2fdoc", doc).status()).isEqualTo(201);
        long id = root.get("/api/v4/projects/" + project + "/packages").json().get(0).get("id").asLong();

        Api.Response page = server.anonymous().get("/readme/docs/-/packages/" + id);

        assertThat(page.status()).isEqualTo(200);
        // the data: link is left as its text; the https one stays a link
        assertThat(page.body()).contains("open and <a rel=\"nofollow\" href=\"https://example.com/\">site</a>")
                .doesNotContain(">open</a>", "data:text/html");
    }

    private Api basic(String user, String password) {
        return server.as("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    private static long timed(Api api) {
        long t = System.nanoTime();
        assertThat(api.get("/api/v4/user").status()).isEqualTo(401);
        return System.nanoTime() - t;
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static String maven(long project, String path) {
        return "/api/v4/projects/" + project + "/packages/maven/" + path;
    }

    private static Api.Response npm(Api api, long project, String name, String version) {
        return api.put("/api/v4/projects/" + project + "/packages/npm/" + name.replace("/", "%2f"),
                NpmDocs.publish(name, version, NpmDocs.tarball(name, version)));
    }
}
