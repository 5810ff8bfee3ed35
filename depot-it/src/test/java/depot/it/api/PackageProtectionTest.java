package depot.it.api;

import static org.assertj.core.api.Assertions.assertThat;

import depot.it.conan.ConanTestKit;
import depot.it.support.Api;
import depot.it.support.Backend;
import depot.it.support.ConanRequests;
import depot.it.support.NpmDocs;
import depot.it.support.NugetTools;
import depot.it.support.PypiUploads;
import depot.it.support.TestServer;
import depot.it.support.World;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * GitLab's package protection rules, enforced by every format's own publish route and by deletes: a developer, a
 * deploy token and a developer's CI job cannot push a protected name; a maintainer can, but not delete it when the
 * rule asks for the owner; an "admin" rule leaves it to instance admins. A refused push stores nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PackageProtectionTest {
    private static final String RULES = "/packages/protection/rules";
    private TestServer server;
    private World world;
    private long project;
    private String base;
    private Api developer;
    private Api maintainer;
    private Api owner;
    private Api deploy;
    private Api developerJob;
    private Api maintainerJob;

    /**
     * A format's own publish route: publishes {@code name} 1.0.0 as the caller; the package's name is then
     * {@code prefix + name} (a Maven groupId path, an npm scope), which the rules' patterns name.
     */
    private record Format(String type, String prefix, BiFunction<Api, String, Api.Response> publish) {
        Format(String type, BiFunction<Api, String, Api.Response> publish) { this(type, "", publish); }
    }

    private List<Format> formats() {
        return List.of(
                new Format("generic", (api, name) -> api.putBytes(base + "generic/" + name + "/1.0.0/f.bin", new byte[] {1})),
                new Format("maven", "com/acme/", (api, name) -> api.putBytes(base + "maven/com/acme/" + name + "/1.0/" + name + "-1.0.jar",
                        new byte[] {1})),
                new Format("npm", "@acme/", (api, name) -> api.putBytes(base + "npm/@acme%2f" + name, NpmDocs.publish("@acme/" + name,
                        "1.0.0", NpmDocs.tarball("@acme/" + name, "1.0.0")).getBytes(StandardCharsets.UTF_8))),
                new Format("pypi", (api, name) -> {
                    byte[] wheel = PypiUploads.wheel(name, "1.0");
                    return PypiUploads.upload(api, base + "pypi", PypiUploads.fields(name, "1.0", wheel),
                            name + "-1.0-py3-none-any.whl", wheel);
                }),
                new Format("nuget", (api, name) -> NugetTools.push(api, base + "nuget/", "package.nupkg",
                        NugetTools.nupkg(name + ".nuspec", NugetTools.nuspec(name, "1.0.0", ""), Map.of()))),
                new Format("conan", (api, name) -> {
                    // a whole recipe revision: the first refused file is the answer
                    String remote = base + "conan";
                    String ref = name + "/1.0/_/_";
                    Api.Response last = null;
                    for (Map.Entry<String, byte[]> file : List.of(
                            Map.entry("conan_export.tgz", ConanRequests.tgz(Map.of("include/x.h", "#define X 1\n"))),
                            Map.entry("conanfile.py", "from conan import ConanFile\n".getBytes(StandardCharsets.UTF_8)),
                            Map.entry("conanmanifest.txt", ConanRequests.manifest("conanfile.py")))) {
                        last = ConanRequests.put(api, ConanRequests.recipeFile(remote, ref,
                                ConanTestKit.RREV, file.getKey()), file.getValue());
                        if (last.status() >= 300) return last;
                    }
                    return last;
                }));
    }

    @BeforeAll
    void setUp() throws Exception {
        server = new TestServer(Backend.SQLITE);
        world = new World(server);
        long group = world.group("acme", "private");
        project = world.project(group, "app", "private");
        base = "/api/v4/projects/" + project + "/packages/";
        World.Person dev = person("dev", 30);
        World.Person maint = person("maint", 40);
        developer = dev.api(server);
        maintainer = maint.api(server);
        owner = person("own", 50).api(server);
        JsonNode token = world.deployToken("projects", project, "read_package_registry", "write_package_registry");
        deploy = server.as("Deploy-Token", token.get("token").asString());
        developerJob = server.as("Job-Token", world.job(project, dev.id()).get("token").asString());
        maintainerJob = server.as("Job-Token", world.job(project, maint.id()).get("token").asString());
        for (Format f : formats()) {
            rule(Map.of("package_name_pattern", f.prefix() + "prot*", "package_type", f.type(),
                    "minimum_access_level_for_push", "maintainer", "minimum_access_level_for_delete", "owner"));
            rule(Map.of("package_name_pattern", "*ADMINONLY*", "package_type", f.type(),
                    "minimum_access_level_for_push", "admin"));
        }
    }

    private World.Person person(String name, int level) {
        World.Person p = world.user(name);
        world.member("projects", project, p.id(), level);
        return p;
    }

    private static List<String> patterns(Api.Response list) {
        List<String> out = new java.util.ArrayList<>();
        list.json().forEach(r -> out.add(r.get("package_name_pattern").asString()));
        return out;
    }

    private void rule(Map<String, Object> body) {
        Api.Response r = server.root().post("/api/v4/projects/" + project + RULES, body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    @AfterAll
    void tearDown() throws Exception {
        server.close();
    }

    private long count(String type, String name) {
        return server.root().get("/api/v4/projects/" + project + "/packages?package_type=" + type
                + "&package_name=" + name).json().size();   // package_name matches a part of the name
    }

    private static void refused(Api.Response r, String what) {
        assertThat(r.status()).as(what + ": " + r.body()).isEqualTo(403);
    }

    private static void accepted(Api.Response r, String what) {
        assertThat(r.status()).as(what + ": " + r.body()).isBetween(200, 299);
    }

    @Test
    void protected_names_are_pushed_only_by_the_rules_roles_in_every_format() {
        for (Format f : formats()) {
            String t = f.type();
            refused(f.publish().apply(developer, "protdev"), t + " developer");
            refused(f.publish().apply(deploy, "protdeploy"), t + " deploy token");
            refused(f.publish().apply(developerJob, "protjob"), t + " a developer's job");
            refused(f.publish().apply(owner, "xadminonlyx"), t + " owner under an admin rule");
            assertThat(count(t, "protdev") + count(t, "protdeploy") + count(t, "protjob") + count(t, "xadminonlyx"))
                    .as(t + ": refused pushes store nothing").isZero();

            accepted(f.publish().apply(developer, "freedev"), t + " developer, unprotected name");
            accepted(f.publish().apply(deploy, "freedeploy"), t + " deploy token, unprotected name");
            accepted(f.publish().apply(maintainer, "protmaint"), t + " maintainer");
            accepted(f.publish().apply(maintainerJob, "protmjob"), t + " a maintainer's job");
            accepted(f.publish().apply(server.root(), "yadminonlyy"), t + " admin under an admin rule");
            assertThat(count(t, "protmaint")).as(t).isEqualTo(1);
        }
    }

    @Test
    void protected_names_are_deleted_only_by_the_rules_roles() {
        for (Format f : formats()) {
            String t = f.type();
            accepted(f.publish().apply(maintainer, "protdel"), t);
            long id = server.root().get("/api/v4/projects/" + project + "/packages?package_type=" + t
                    + "&package_name=protdel").json().get(0).get("id").asLong();
            String url = "/api/v4/projects/" + project + "/packages/" + id;

            refused(maintainer.delete(url), t + " maintainer deletes under an owner rule");
            assertThat(count(t, "protdel")).isEqualTo(1);
            assertThat(owner.delete(url).status()).as(t + " owner").isEqualTo(204);
            assertThat(count(t, "protdel")).isZero();
        }
        // a format's own delete route goes through the same rule
        NugetTools.push(maintainer, base + "nuget/", "package.nupkg",
                NugetTools.nupkg("protnative.nuspec", NugetTools.nuspec("protnative", "1.0.0", ""), Map.of()));
        refused(maintainer.delete(base + "nuget/protnative/1.0.0"), "nuget delete by a maintainer");
        accepted(owner.delete(base + "nuget/protnative/1.0.0"), "nuget delete by the owner");
    }

    /** Moving an npm dist-tag, deprecating a version and asking Conan v1 where to upload are pushes too. */
    @Test
    void dist_tags_deprecations_and_conan_upload_urls_follow_the_push_rule() {
        Format npm = formats().stream().filter(f -> f.type().equals("npm")).findFirst().orElseThrow();
        accepted(npm.publish().apply(maintainer, "prottags"), "npm maintainer");
        String tag = base + "npm/-/package/@acme%2fprottags/dist-tags/beta";
        String deprecation = "{\"_id\":\"@acme/prottags\",\"name\":\"@acme/prottags\",\"versions\":{\"1.0.0\":"
                + "{\"name\":\"@acme/prottags\",\"version\":\"1.0.0\",\"deprecated\":\"old\"}}}";

        refused(developer.put(tag, "\"1.0.0\""), "a developer's dist-tag");
        refused(developer.putBytes(base + "npm/@acme%2fprottags", deprecation.getBytes(StandardCharsets.UTF_8)),
                "a developer's deprecation");
        refused(developer.post(base + "conan/v1/conans/protconan/1.0/_/_/upload_urls", Map.of("conanfile.py", 10)),
                "a developer's Conan v1 upload_urls");
        accepted(maintainer.put(tag, "\"1.0.0\""), "a maintainer's dist-tag");
        accepted(maintainer.putBytes(base + "npm/@acme%2fprottags", deprecation.getBytes(StandardCharsets.UTF_8)),
                "a maintainer's deprecation");
        assertThat(server.root().get(base + "npm/@acme%2fprottags").json().get("dist-tags").has("beta")).isTrue();
        accepted(developer.post(base + "conan/v1/conans/freeconan/1.0/_/_/upload_urls", Map.of("conanfile.py", 10)),
                "a developer's Conan v1 upload_urls of an unprotected name");
    }

    @Test
    void rules_are_listed_changed_and_removed_as_gitlab_does() {
        String rules = "/api/v4/projects/" + project + RULES;
        Api.Response created = maintainer.post(rules, Map.of("package_name_pattern", "@acme/tmp-*",
                "package_type", "npm", "minimum_access_level_for_push", "maintainer"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode rule = created.json();
        assertThat(rule.get("project_id").asLong()).isEqualTo(project);
        assertThat(rule.get("minimum_access_level_for_delete").isNull()).isTrue();
        String one = rules + "/" + rule.get("id").asLong();

        assertThat(maintainer.post(rules, Map.of("package_name_pattern", "@acme/tmp-*", "package_type", "npm",
                "minimum_access_level_for_push", "owner")).status()).as("the same pattern twice").isEqualTo(409);
        assertThat(maintainer.post(rules, Map.of("package_name_pattern", "x", "package_type", "npm")).status())
                .as("a rule that protects nothing").isEqualTo(400);
        assertThat(maintainer.post(rules, Map.of("package_name_pattern", "x", "package_type", "cobol",
                "minimum_access_level_for_push", "owner")).status()).as("an unknown type").isEqualTo(400);
        assertThat(maintainer.post(rules, Map.of("package_name_pattern", "x", "package_type", "npm",
                "minimum_access_level_for_push", "developer")).status()).as("a level GitLab does not have").isEqualTo(400);
        assertThat(developer.get(rules).status()).as("developers do not see the rules").isEqualTo(403);

        Api.Response patched = maintainer.patch(one, Map.of("minimum_access_level_for_push", "owner"));
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        assertThat(patched.json().get("minimum_access_level_for_push").asString()).isEqualTo("owner");
        assertThat(patched.json().get("package_name_pattern").asString()).isEqualTo("@acme/tmp-*");
        // python-gitlab sends null for a level set to None: that clears it, and a rule left with none is refused
        Map<String, Object> clearPush = new java.util.HashMap<>();
        clearPush.put("minimum_access_level_for_push", null);
        clearPush.put("minimum_access_level_for_delete", "admin");
        Api.Response cleared = maintainer.patch(one, clearPush);
        assertThat(cleared.status()).as(cleared.body()).isEqualTo(200);
        assertThat(cleared.json().get("minimum_access_level_for_push").isNull()).isTrue();
        Map<String, Object> clearDelete = new java.util.HashMap<>();
        clearDelete.put("minimum_access_level_for_delete", null);
        assertThat(maintainer.patch(one, clearDelete).status()).as("a rule with no level left").isEqualTo(400);
        assertThat(patterns(maintainer.get(rules))).contains("@acme/tmp-*");
        assertThat(maintainer.delete(one).status()).isEqualTo(204);
        assertThat(maintainer.delete(one).status()).isEqualTo(404);
        assertThat(patterns(maintainer.get(rules))).doesNotContain("@acme/tmp-*");
    }
}
