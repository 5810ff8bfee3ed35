package depot.it.nuget;

import static org.assertj.core.api.Assertions.assertThat;

import depot.it.support.Api;
import depot.it.support.Backend;
import depot.it.support.NugetTools;
import depot.it.support.TestServer;
import depot.it.support.World;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * The protocol details the clients here do not reach: search parameters, SemVer 2.0.0 filtering, version spellings,
 * the nuspec download, group scope across projects, and the v2 feed's filters.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NugetProtocolTest {
    private TestServer server;
    private Api root;
    private String feed;
    private String groupFeed;

    @BeforeAll
    void setUp() throws Exception {
        server = new TestServer(Backend.SQLITE);
        World world = new World(server);
        long group = world.group("acme", "private");
        long a = world.project(group, "a", "private");
        long b = world.project(world.subgroup(group, "sub", "private"), "b", "private");
        root = server.root();
        feed = "/api/v4/projects/" + a + "/packages/nuget";
        groupFeed = "/api/v4/groups/acme/-/packages/nuget";
        for (String version : List.of("1.0.0", "1.1.0-beta", "2.0.0-rc.1+meta", "1.01.0.0")) {
            push(feed + "/", "Acme.Lib", version, "<tags>tools</tags>");
        }
        push(feed, "Acme.Other", "3.0.0", "<title>Something else</title>");
        push("/api/v4/projects/" + b + "/packages/nuget/", "Acme.FromB", "0.1.0", "");
    }

    @AfterAll
    void tearDown() throws Exception {
        server.close();
    }

    private void push(String path, String id, String version, String extra) {
        Api.Response r = NugetTools.push(root, path, "package.nupkg",
                NugetTools.nupkg(id + ".nuspec", NugetTools.nuspec(id, version, extra), Map.of()));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    private JsonNode json(String path) {
        Api.Response r = root.get(path);
        assertThat(r.status()).as(path + ": " + r.body()).isEqualTo(200);
        return r.json();
    }

    private static List<String> versions(JsonNode hit) {
        return hit.get("versions").valueStream().map(v -> v.get("version").asString()).toList();
    }

    @Test
    void search_filters_prereleases_and_semver2_and_pages() {
        JsonNode plain = json(feed + "/query?q=acme");
        assertThat(plain.get("totalHits").asInt()).isEqualTo(2);
        JsonNode lib = plain.get("data").get(0);
        assertThat(lib.get("id").asString()).isEqualTo("Acme.Lib");
        assertThat(versions(lib)).containsExactly("1.0.0", "1.1.0");
        assertThat(versions(json(feed + "/query?q=lib&prerelease=true").get("data").get(0)))
                .containsExactly("1.0.0", "1.1.0-beta", "1.1.0");
        assertThat(versions(json(feed + "/query?q=lib&prerelease=true&semVerLevel=2.0.0").get("data").get(0)))
                .containsExactly("1.0.0", "1.1.0-beta", "1.1.0", "2.0.0-rc.1+meta");
        assertThat(json(feed + "/query?q=something").get("data").get(0).get("id").asString()).isEqualTo("Acme.Other");
        assertThat(json(feed + "/query?q=tools").get("data").get(0).get("id").asString()).isEqualTo("Acme.Lib");
        JsonNode second = json(feed + "/query?q=&skip=1&take=1");
        assertThat(second.get("totalHits").asInt()).isEqualTo(2);
        assertThat(second.get("data")).hasSize(1);
        assertThat(second.get("data").get(0).get("id").asString()).isEqualTo("Acme.Other");
        assertThat(json(feed + "/query?q=nothing-like-this").get("totalHits").asInt()).isZero();
    }

    @Test
    void versions_answer_in_any_spelling_and_the_nuspec_is_served() {
        assertThat(json(feed + "/download/ACME.LIB/index.json").get("versions").valueStream().map(JsonNode::asString)
                .toList()).containsExactly("1.0.0", "1.1.0-beta", "1.1.0", "2.0.0-rc.1");
        assertThat(json(feed + "/metadata/acme.lib/1.01.json").get("catalogEntry").get("version").asString())
                .isEqualTo("1.1.0");
        assertThat(json(feed + "/metadata/acme.lib/2.0.0-RC.1.json").get("catalogEntry").get("version").asString())
                .isEqualTo("2.0.0-rc.1+meta");
        Api.Response nupkg = root.get(feed + "/download/acme.lib/1.1.0-beta/acme.lib.1.1.0-beta.nupkg");
        assertThat(nupkg.status()).isEqualTo(200);
        Api.Response nuspec = root.get(feed + "/download/acme.lib/1.0.0/acme.lib.nuspec");
        assertThat(nuspec.status()).isEqualTo(200);
        assertThat(nuspec.body()).contains("<id>Acme.Lib</id>").contains("<version>1.0.0</version>");
        assertThat(root.get(feed + "/download/acme.lib/1.0.0/other.1.0.0.nupkg").status()).isEqualTo(404);
        assertThat(root.get(feed + "/download/acme.lib/9.9.9/acme.lib.9.9.9.nupkg").status()).isEqualTo(404);
    }

    @Test
    void the_group_reads_every_project_below_it_and_has_no_push() {
        assertThat(json(groupFeed + "/query?q=acme").get("totalHits").asInt()).isEqualTo(3);
        JsonNode registration = json(groupFeed + "/metadata/acme.fromb/index.json");
        assertThat(registration.get("items").get(0).get("items").get(0).get("packageContent").asString())
                .startsWith(server.url() + "/api/v4/groups/").contains("/-/packages/nuget/download/acme.fromb/0.1.0/");
        assertThat(root.get(registration.get("items").get(0).get("items").get(0).get("packageContent").asString())
                .status()).isEqualTo(200);
        assertThat(json(groupFeed + "/index.json").toString()).doesNotContain("PackagePublish");
        Api.Response push = NugetTools.push(root, groupFeed + "/", "package.nupkg",
                NugetTools.nupkg("X.nuspec", NugetTools.nuspec("X", "1.0.0", ""), Map.of()));
        assertThat(push.status()).isEqualTo(404);
    }

    @Test
    void the_v2_feed_filters_by_id_latest_and_semver_level() {
        String byId = root.get(feed + "/v2/FindPackagesById()?id='Acme.Lib'").body();
        assertThat(byId).contains("Version='1.0.0'").contains("Version='1.1.0-beta'").contains("Version='1.1.0'")
                .doesNotContain("2.0.0-rc.1");
        assertThat(root.get(feed + "/v2/FindPackagesById()?id='Acme.Lib'&semVerLevel=2.0.0").body())
                .contains("Version='2.0.0-rc.1'");
        String latest = root.get(feed + "/v2/Packages()?$filter=IsLatestVersion").body();
        assertThat(latest).contains("Id='Acme.Lib',Version='1.1.0'").contains("Id='Acme.Other',Version='3.0.0'")
                .doesNotContain("Version='1.0.0'");
        assertThat(root.get(feed + "/v2/Packages()?$filter=tolower(Id)%20eq%20'acme.other'").body())
                .contains("Acme.Other").doesNotContain("Acme.Lib");
        String search = root.get(feed + "/v2/Search()?searchTerm='other'&targetFramework=''&includePrerelease=false")
                .body();
        assertThat(search).contains("Acme.Other").doesNotContain("Acme.Lib");
        assertThat(root.get(feed + "/v2/Packages(Id='Acme.Lib',Version='1.1.0-beta')").body())
                .contains("<d:IsPrerelease m:type=\"Edm.Boolean\">true</d:IsPrerelease>");
        assertThat(root.get(feed + "/v2/Packages()?$skip=1&$top=2").body().split("<entry>", -1)).hasSize(3);
    }
}
