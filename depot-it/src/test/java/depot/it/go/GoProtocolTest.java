package depot.it.go;

import static org.assertj.core.api.Assertions.assertThat;

import depot.core.model.Package;
import depot.format.go.GoFormat;
import depot.http.PackageDetails;
import depot.it.support.Api;
import depot.it.support.Backend;
import depot.it.support.TestServer;
import depot.it.support.World;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The GOPROXY protocol as served (golden list/info/mod answers, case encoding, 404 and 410), one module path for one
 * project at the group and instance, uploads refused in plain text with nothing stored, and the detail page.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GoProtocolTest {
    private TestServer server;
    private World world;
    private Api root;
    private long core;
    private long apps;

    @BeforeAll
    void setUp() throws Exception {
        server = new TestServer(Backend.SQLITE);
        world = new World(server);
        root = server.root();
        long group = world.group("acme", "private");
        core = world.project(group, "core", "private");
        apps = world.project(group, "apps", "private");
    }

    @AfterAll
    void tearDown() throws Exception {
        server.close();
    }

    private String go(long project) { return "/api/v4/projects/" + project + "/packages/go"; }

    private void upload(long project, String module, String version) {
        Api.Response r = Modules.upload(root, go(project), module, version, Modules.simple(module, version));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    @Test
    void list_info_mod_and_latest_answer_as_the_protocol_says() {
        String module = "depot.test/Acme/Proto";
        for (String v : new String[] {"v1.10.0", "v1.2.0", "v1.11.0-rc.1", "v0.0.0-20240102030405-abcdefabcdef"}) {
            upload(core, module, v);
        }
        String base = go(core) + "/depot.test/!acme/!proto/@v/";
        Api.Response list = root.get(base + "list");
        assertThat(list.body()).isEqualTo("v1.2.0\nv1.10.0\nv1.11.0-rc.1\n");
        assertThat(list.header("Content-Type")).startsWith("text/plain");
        assertThat(list.header("ETag")).isNotNull();
        Api.Response info = root.get(base + "v0.0.0-20240102030405-abcdefabcdef.info");
        assertThat(info.body()).isEqualTo("{\"Version\":\"v0.0.0-20240102030405-abcdefabcdef\",\"Time\":\"2024-01-02T03:04:05Z\"}");
        assertThat(root.get(base + "v1.10.0.info").json().get("Version").asString()).isEqualTo("v1.10.0");
        assertThat(root.get(base + "v1.10.0.mod").body()).isEqualTo("module depot.test/Acme/Proto\n\ngo 1.21\n");
        assertThat(root.get(go(core) + "/depot.test/!acme/!proto/@latest").json().get("Version").asString()).isEqualTo("v1.10.0");
        // the unescaped capital is not the protocol's: not found, as is an unknown version or module
        assertThat(root.get(go(core) + "/depot.test/Acme/Proto/@v/list").status()).isEqualTo(404);
        assertThat(root.get(base + "v1.11.0-RC.1.info").body()).contains("invalid escaped version");
        assertThat(root.get(base + "v9.9.9.info").status()).isEqualTo(404);
        assertThat(root.get(go(core) + "/depot.test/nothing/@v/list").status()).isEqualTo(404);
        assertThat(root.get(base + "v1.10.0.zip").header("Content-Type")).isEqualTo("application/zip");
        assertThat(root.get(base + "v1.10.0.zip").header("X-Content-Type-Options")).isEqualTo("nosniff");
        // by path too, and at the group and the instance
        assertThat(root.get("/api/v4/projects/acme%2Fcore/packages/go/depot.test/!acme/!proto/@v/list").status()).isEqualTo(200);
        assertThat(root.get("/api/v4/groups/acme/-/packages/go/depot.test/!acme/!proto/@v/list").body()).isEqualTo(list.body());
        assertThat(root.get("/api/v4/packages/go/depot.test/!acme/!proto/@latest").json().get("Version").asString()).isEqualTo("v1.10.0");
    }

    @Test
    void a_module_with_only_pseudo_versions_has_an_empty_list_and_a_latest() {
        upload(core, "depot.test/pseudo", "v0.0.0-20200101000000-aaaaaaaaaaaa");
        upload(core, "depot.test/pseudo", "v0.0.0-20210101000000-bbbbbbbbbbbb");
        assertThat(root.get(go(core) + "/depot.test/pseudo/@v/list").body()).isEmpty();
        assertThat(root.get(go(core) + "/depot.test/pseudo/@latest").json().get("Version").asString())
                .isEqualTo("v0.0.0-20210101000000-bbbbbbbbbbbb");
    }

    @Test
    void a_version_never_changes_and_a_deleted_one_is_gone() {
        upload(core, "depot.test/fixed", "v1.0.0");
        Api.Response again = Modules.upload(root, go(core), "depot.test/fixed", "v1.0.0", Modules.simple("depot.test/fixed", "v1.0.0"));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body()).contains("already exists");
        long id = root.get("/api/v4/projects/" + core + "/packages?package_type=golang&package_name=depot.test/fixed").json()
                .get(0).get("id").asLong();
        assertThat(root.delete("/api/v4/projects/" + core + "/packages/" + id).status()).isEqualTo(204);
        assertThat(root.get(go(core) + "/depot.test/fixed/@v/v1.0.0.zip").status()).isIn(404, 410);
    }

    @Test
    void a_version_loses_no_single_file_it_is_deleted_whole() {
        upload(core, "depot.test/whole", "v1.0.0");
        long id = root.get("/api/v4/projects/" + core + "/packages?package_type=golang&package_name=depot.test/whole")
                .json().get(0).get("id").asLong();
        Api.Response files = root.get("/api/v4/projects/" + core + "/packages/" + id + "/package_files");
        long mod = 0;
        for (var f : files.json()) if (f.get("file_name").asString().endsWith(".mod")) mod = f.get("id").asLong();
        Api.Response refused = root.delete("/api/v4/projects/" + core + "/packages/" + id + "/package_files/" + mod);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("deleted whole");
        assertThat(root.get(go(core) + "/depot.test/whole/@v/v1.0.0.mod").status()).isEqualTo(200);
        // the web page offers no Delete file button for it, only the package's Delete
        String page = server.pageAsRoot("/acme/core/-/packages/" + id);
        assertThat(page).contains("depot.test/whole").contains("v1.0.0.zip").doesNotContain("Delete file");
    }

    @Test
    void one_module_path_one_project() {
        upload(core, "depot.test/shared", "v1.0.0");
        Api.Response other = Modules.upload(root, go(apps), "depot.test/shared", "v1.1.0", Modules.simple("depot.test/shared", "v1.1.0"));
        assertThat(other.status()).isEqualTo(409);
        assertThat(other.body()).contains("published by another project");
        World.Person appsOnly = world.user("apps-dev", "api");
        world.member("projects", apps, appsOnly.id(), 30);
        assertThat(root.get("/api/v4/groups/acme/-/packages/go/depot.test/shared/@v/list").body()).isEqualTo("v1.0.0\n");
        assertThat(appsOnly.api(server).get("/api/v4/groups/acme/-/packages/go/depot.test/shared/@v/list").status()).isEqualTo(404);
        assertThat(server.anonymous().get("/api/v4/packages/go/depot.test/shared/@v/list").status()).isEqualTo(401);
    }

    @Test
    void bad_uploads_get_plain_text_and_store_nothing() {
        String m = "depot.test/bad";
        Map<String, byte[]> cases = new LinkedHashMap<>();
        cases.put("path does not have prefix", Modules.zip("depot.test/other", "v1.0.0", Map.of("go.mod", "module depot.test/other\n")));
        cases.put("not clean", Modules.zip(m, "v1.0.0", Map.of("go.mod", "module " + m + "\n", "../../etc/x", "x")));
        cases.put("case-insensitive file name collision", Modules.zip(m, "v1.0.0", new LinkedHashMap<>(Map.of(
                "go.mod", "module " + m + "\n", "A.go", "package a", "a.go", "package a"))));
        cases.put("go.mod declares its path as: depot.test/elsewhere", Modules.zip(m, "v1.0.0", Map.of("go.mod", "module depot.test/elsewhere\n")));
        cases.put("not a valid zip", "PK not really".getBytes());
        cases.put("not in module root", Modules.zip(m, "v1.0.0", Map.of("go.mod", "module " + m + "\n", "sub/go.mod", "module " + m + "/sub\n")));
        for (Map.Entry<String, byte[]> c : cases.entrySet()) {
            Api.Response r = Modules.upload(root, go(core), m, "v1.0.0", c.getValue());
            assertThat(r.status()).as(c.getKey() + ": " + r.body()).isEqualTo(400);
            assertThat(r.header("Content-Type")).startsWith("text/plain");
            assertThat(r.body()).as(c.getKey()).contains(c.getKey());
        }
        assertThat(Modules.upload(root, go(core), m, "v2.0.0", Modules.simple(m, "v2.0.0")).body()).contains("should be v0 or v1");
        assertThat(Modules.upload(root, go(core), m, "1.0.0", Modules.simple(m, "1.0.0")).body()).contains("not a canonical");
        String badTime = "v0.0.0-20241399999999-aaaaaaaaaaaa";
        Api.Response month13 = Modules.upload(root, go(core), m, badTime, Modules.simple(m, badTime));
        assertThat(month13.status()).isEqualTo(400);
        assertThat(month13.body()).contains("invalid pseudo-version");
        assertThat(Modules.upload(root, go(core), "acme/noddot", "v1.0.0", Modules.simple("acme/nodot", "v1.0.0")).body())
                .contains("missing dot");
        assertThat(Modules.upload(root, go(core), m + "/v2", "v2.0.0+incompatible", Modules.simple(m + "/v2", "v2.0.0+incompatible"))
                .status()).isEqualTo(400);
        assertThat(root.get("/api/v4/projects/" + core + "/packages?package_type=golang&package_name=depot.test/bad").json().size()).isZero();
    }

    @Test
    void an_incompatible_version_has_no_go_mod_and_gets_one() {
        String m = "depot.test/legacy";
        byte[] zip = Modules.zip(m, "v2.0.0+incompatible", Map.of("legacy.go", "package legacy\n"));
        assertThat(Modules.upload(root, go(core), m, "v2.0.0+incompatible", zip).status()).isEqualTo(201);
        assertThat(root.get(go(core) + "/" + m + "/@v/v2.0.0+incompatible.mod").body()).isEqualTo("module depot.test/legacy\n");
        // a + written by hand in the query arrives as a space, and is read as the + it was
        byte[] plus = Modules.zip(m, "v2.1.0+incompatible", Map.of("legacy.go", "package legacy\n"));
        assertThat(root.putBytes(go(core) + "/upload?module=" + m + "&version=v2.1.0+incompatible", plus).status()).isEqualTo(201);
        byte[] withMod = Modules.zip(m, "v3.0.0+incompatible", Map.of("go.mod", "module " + m + "\n"));
        assertThat(Modules.upload(root, go(core), m, "v3.0.0+incompatible", withMod).body()).contains("+incompatible suffix not allowed");
    }

    @Test
    void the_detail_page_shows_hashes_requirements_and_setup() {
        String m = "depot.test/detail";
        byte[] zip = Modules.zip(m, "v1.4.0", Map.of("go.mod", "module " + m + "\n\ngo 1.22\n\nrequire depot.test/base v1.0.0\n",
                "d.go", "package detail\n"));
        Api.Response r = Modules.upload(root, go(core), m, "v1.4.0", zip);
        assertThat(r.status()).isEqualTo(201);
        long id = root.get("/api/v4/projects/" + core + "/packages?package_type=golang&package_name=" + m).json().get(0).get("id").asLong();
        Package pkg = server.services().packages().get(id).orElseThrow();
        PackageDetails d = new GoFormat().details(pkg, server.services().reads().files(id), server.formatContext("https://depot.example"));
        assertThat(d.metadata()).contains(new PackageDetails.Row("module", m), new PackageDetails.Row("version", "v1.4.0"),
                new PackageDetails.Row("h1 (go.sum)", r.json().get("h1").asString()), new PackageDetails.Row("go", "1.22"));
        assertThat(d.dependencies()).containsExactly(new PackageDetails.Dependency("depot.test/base", "v1.0.0", ""));
        assertThat(d.snippets().get(1).code()).contains("GOPROXY=https://depot.example/api/v4/projects/" + core + "/packages/go")
                .contains("GONOSUMDB=" + m + " ");
        assertThat(d.snippets().get(2).code()).isEqualTo("machine depot.example login <username> password <token>");
    }
}
