package depot.it.nuget;

import static org.assertj.core.api.Assertions.assertThat;

import depot.it.support.Api;
import depot.it.support.Backend;
import depot.it.support.NugetTools;
import depot.it.support.TestServer;
import depot.it.support.World;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Hostile and broken pushes to the NuGet feed: each a clear 4xx in GitLab's JSON shape, and nothing stored. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NugetBadInputTest {
    private TestServer server;
    private long project;
    private Api root;

    @BeforeAll
    void setUp() throws Exception {
        server = new TestServer(Backend.SQLITE, Map.of("max_upload_size_nuget", "1m"));
        World world = new World(server);
        project = world.project(world.group("acme", "private"), "dotnet", "private");
        root = server.root();
    }

    @AfterAll
    void tearDown() throws Exception {
        server.close();
    }

    private String feed() { return "/api/v4/projects/" + project + "/packages/nuget"; }

    private void refused(Api.Response r, int status, String id, String why) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.json().get("message").asString()).containsIgnoringCase(why);
        assertThat(root.get(feed() + "/metadata/" + id + "/index.json").status()).isEqualTo(404);
        assertThat(root.get("/api/v4/projects/" + project + "/packages?package_type=nuget&package_name=" + id)
                .json()).isEmpty();
    }

    private Api.Response push(String fileName, byte[] content) {
        return NugetTools.push(root, feed() + "/", fileName, content);
    }

    @Test
    void a_package_that_is_not_a_zip() {
        refused(push("package.nupkg", "not a zip".getBytes(StandardCharsets.UTF_8)), 400, "plain", "not a valid zip");
    }

    @Test
    void a_package_without_a_nuspec_or_with_two() {
        refused(push("package.nupkg", NugetTools.nupkg("x", null, Map.of("lib/a.dll", new byte[10]))), 400, "x",
                "no .nuspec");
        refused(push("package.nupkg", NugetTools.nupkg("Two.nuspec", NugetTools.nuspec("Two", "1.0.0", ""),
                Map.of("Other.nuspec", NugetTools.nuspec("Two", "1.0.0", "").getBytes(StandardCharsets.UTF_8)))),
                400, "two", "more than one .nuspec");
    }

    @Test
    void a_nuspec_with_entity_expansion_or_an_external_entity() {
        String laughs = "<?xml version=\"1.0\"?><!DOCTYPE package [<!ENTITY a \"aaaaaaaaaa\">"
                + "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]>"
                + "<package><metadata><id>Laughs</id><version>1.0.0</version><authors>&c;</authors>"
                + "<description>d</description></metadata></package>";
        refused(push("package.nupkg", NugetTools.nupkg("Laughs.nuspec", laughs, Map.of())), 400, "laughs",
                "not valid XML");
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE package [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<package><metadata><id>Xxe</id><version>1.0.0</version><authors>&x;</authors>"
                + "<description>d</description></metadata></package>";
        refused(push("package.nupkg", NugetTools.nupkg("Xxe.nuspec", xxe, Map.of())), 400, "xxe", "not valid XML");
    }

    @Test
    void a_nuspec_that_is_not_xml_or_lacks_an_id_or_has_a_bad_version_or_id() {
        refused(push("package.nupkg", NugetTools.nupkg("Broken.nuspec", "<package><metadata>", Map.of())), 400,
                "broken", "not valid XML");
        refused(push("package.nupkg", NugetTools.nupkg("NoId.nuspec",
                "<package><metadata><version>1.0.0</version></metadata></package>", Map.of())), 400, "noid", "no <id>");
        refused(push("package.nupkg", NugetTools.nupkg("BadVer.nuspec", NugetTools.nuspec("BadVer", "1.0.0-01", ""),
                Map.of())), 400, "badver", "invalid version");
        refused(push("package.nupkg", NugetTools.nupkg("x.nuspec", NugetTools.nuspec("../../etc", "1.0.0", ""),
                Map.of())), 400, "etc", "invalid package id");
    }

    @Test
    void a_file_name_that_disagrees_with_the_nuspec() {
        byte[] pkg = NugetTools.nupkg("Named.nuspec", NugetTools.nuspec("Named", "1.0.0", ""), Map.of());
        refused(push("Other.1.0.0.nupkg", pkg), 400, "named", "does not match");
        refused(push("Named.2.0.0.nupkg", pkg), 400, "named", "does not match");
        assertThat(push("Named.1.0.0.nupkg", pkg).status()).isEqualTo(201);
    }

    @Test
    void a_nuspec_that_inflates_past_the_bound_and_a_push_over_the_limit() {
        String huge = NugetTools.nuspec("Bomb", "1.0.0", "<summary>" + "a".repeat(2 << 20) + "</summary>");
        refused(push("package.nupkg", NugetTools.nupkg("Bomb.nuspec", huge, Map.of())), 400, "bomb", "larger than 1 MiB");
        byte[] noise = new byte[2 << 20];
        new java.util.Random(9).nextBytes(noise);
        refused(push("package.nupkg", NugetTools.nupkg("Big.nuspec", NugetTools.nuspec("Big", "1.0.0", ""),
                Map.of("lib/noise.bin", noise))), 413, "big", "exceeds");
    }

    @Test
    void a_push_that_is_not_multipart_or_carries_no_file() {
        refused(root.putBytes(feed() + "/", new byte[] {1, 2, 3}), 400, "none", "multipart");
        refused(NugetTools.push(root, feed() + "/", null, null), 400, "none", "exactly one package file");
    }

    @Test
    void symbol_packages_in_the_wrong_place_or_without_a_portable_pdb() {
        String symbols = NugetTools.nuspec("Sym", "1.0.0",
                "<packageTypes><packageType name=\"SymbolsPackage\"/></packageTypes>");
        byte[] snupkg = NugetTools.nupkg("Sym.nuspec", symbols, Map.of("lib/Sym.pdb", NugetTools.portablePdb("Sym")));
        refused(push("package.nupkg", snupkg), 400, "sym", "symbol package endpoint");
        refused(NugetTools.push(root, feed() + "/symbolpackage/", "package.snupkg", snupkg), 400, "sym",
                "before its symbol package");

        assertThat(push("package.nupkg", NugetTools.nupkg("Sym.nuspec", NugetTools.nuspec("Sym", "1.0.0", ""),
                Map.of()))).extracting(Api.Response::status).isEqualTo(201);
        byte[] windowsPdb = NugetTools.nupkg("Sym.nuspec", symbols,
                Map.of("lib/Sym.pdb", "Microsoft C/C++ MSF 7.00\r\n".getBytes(StandardCharsets.US_ASCII)));
        Api.Response r = NugetTools.push(root, feed() + "/symbolpackage/", "package.snupkg", windowsPdb);
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.json().get("message").asString()).contains("not a Portable PDB");
        Api.Response noPdb = NugetTools.push(root, feed() + "/symbolpackage/", "package.snupkg",
                NugetTools.nupkg("Sym.nuspec", symbols, Map.of()));
        assertThat(noPdb.json().get("message").asString()).contains("no .pdb");
        long id = root.get("/api/v4/projects/" + project + "/packages?package_name=Sym").json().get(0).get("id").asLong();
        assertThat(root.get("/api/v4/projects/" + project + "/packages/" + id + "/package_files").json()).hasSize(1);
    }

    @Test
    void reads_with_traversal_or_bad_versions_and_unknown_projects() {
        assertThat(root.get(feed() + "/download/..%2f..%2fetc/index.json").status()).isEqualTo(400);
        assertThat(root.get(feed() + "/download/acme.none/1.0.0%2f..%2f/x.nupkg").status()).isIn(400, 404);
        assertThat(root.get(feed() + "/metadata/acme.none/not-a-version!.json").status()).isEqualTo(400);
        assertThat(root.get(feed() + "/query?skip=-1").status()).isEqualTo(400);
        assertThat(root.get("/api/v4/projects/9999/packages/nuget/index.json").status()).isEqualTo(404);
        assertThat(root.send(root.request(feed() + "/v2/Nothing()").GET()).status()).isEqualTo(404);
        assertThat(root.send(root.request(feed() + "/acme.none/1.0.0").DELETE()).status()).isEqualTo(404);
    }

    @Test
    void a_version_pushed_twice_is_a_conflict_unless_the_group_allows_duplicates() {
        byte[] one = NugetTools.nupkg("Twice.nuspec", NugetTools.nuspec("Twice", "1.0.0", ""), Map.of());
        byte[] two = NugetTools.nupkg("Twice.nuspec", NugetTools.nuspec("Twice", "1.0.0",
                "<summary>second</summary>"), Map.of());
        assertThat(push("package.nupkg", one).status()).isEqualTo(201);
        Api.Response again = push("package.nupkg", two);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("message").asString()).contains("Duplicate");

        long group = root.get("/api/v4/projects/" + project).json().get("namespace").get("id").asLong();
        assertThat(root.send(root.request("/api/v4/groups/" + group + "/package_settings")
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"nuget_duplicates_allowed\":true}"))).status()).isEqualTo(200);
        assertThat(push("package.nupkg", two).status()).isEqualTo(201);
        assertThat(root.get(feed() + "/metadata/twice/1.0.0.json").json().get("catalogEntry").get("summary").asString())
                .isEqualTo("second");
        root.sendJson("PUT", "/api/v4/groups/" + group + "/package_settings", "{\"nuget_duplicates_allowed\":false}");
    }
}
