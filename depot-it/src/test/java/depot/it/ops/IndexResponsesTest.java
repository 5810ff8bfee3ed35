package depot.it.ops;

import static org.assertj.core.api.Assertions.assertThat;

import depot.it.support.Api;
import depot.it.support.Backend;
import depot.it.support.NpmDocs;
import depot.it.support.PypiUploads;
import depot.it.support.TestServer;
import depot.it.support.World;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The index documents clients poll go out through one helper: an ETag and Last-Modified, 304 for a matching
 * If-None-Match, and a new tag (with the new content) as soon as a version is published or a file deleted — also
 * when the rendering is cached.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IndexResponsesTest {
    private TestServer server;
    private Api root;
    private String base;
    private long project;

    @BeforeAll
    void setUp() throws Exception {
        server = new TestServer(Backend.SQLITE);
        World world = new World(server);
        project = world.project(world.group("idx", "private"), "app", "private");
        root = server.root();
        base = "/api/v4/projects/" + project + "/packages/";
    }

    @AfterAll
    void tearDown() throws Exception {
        server.close();
    }

    private Api.Response get(String path, String accept, String ifNoneMatch) {
        var request = root.request(path);
        if (accept != null) request.header("Accept", accept);
        if (ifNoneMatch != null) request.header("If-None-Match", ifNoneMatch);
        return root.send(request.GET());
    }

    /** Read, revalidate (304), change, read again: a new tag and the change in the body. */
    private void revalidates(String what, String path, String accept, Runnable change, String changed) {
        Api.Response first = get(path, accept, null);
        assertThat(first.status()).as(what + ": " + first.body()).isEqualTo(200);
        String etag = first.header("ETag");
        assertThat(etag).as(what).isNotBlank();
        assertThat(first.header("Last-Modified")).as(what).isNotBlank();
        assertThat(get(path, accept, etag).status()).as(what + " unchanged").isEqualTo(304);
        assertThat(get(path, accept, "W/" + etag + ", \"other\"").status()).as(what + " in a list").isEqualTo(304);

        change.run();
        Api.Response after = get(path, accept, etag);
        assertThat(after.status()).as(what + " after a change").isEqualTo(200);
        assertThat(after.header("ETag")).as(what).isNotEqualTo(etag);
        assertThat(after.body()).as(what).contains(changed);
    }

    private static void ok(Supplier<Api.Response> call) {
        Api.Response r = call.get();
        assertThat(r.status()).as(r.body()).isBetween(200, 299);
    }

    @Test
    void npm_packuments_maven_metadata_and_pypi_pages_revalidate() {
        ok(() -> root.putBytes(base + "npm/@idx%2fui", NpmDocs.publish("@idx/ui", "1.0.0",
                NpmDocs.tarball("@idx/ui", "1.0.0")).getBytes(StandardCharsets.UTF_8)));
        revalidates("npm packument", base + "npm/@idx%2fui", null, () -> ok(() -> root.putBytes(base + "npm/@idx%2fui",
                NpmDocs.publish("@idx/ui", "1.1.0", NpmDocs.tarball("@idx/ui", "1.1.0")).getBytes(StandardCharsets.UTF_8))),
                "1.1.0");

        ok(() -> root.putBytes(base + "maven/com/idx/lib/1.0/lib-1.0.jar", new byte[] {1}));
        revalidates("maven-metadata.xml", base + "maven/com/idx/lib/maven-metadata.xml", null,
                () -> ok(() -> root.putBytes(base + "maven/com/idx/lib/2.0/lib-2.0.jar", new byte[] {2})), "2.0");

        for (String accept : List.of("text/html", "application/vnd.pypi.simple.v1+json")) {
            String name = accept.contains("json") ? "jsonpkg" : "htmlpkg";
            upload(name, "1.0");
            revalidates("PyPI page " + accept, base + "pypi/simple/" + name, accept, () -> upload(name, "1.1"), "1.1");
            revalidates("PyPI index " + accept, base + "pypi/simple", accept, () -> upload(name + "more", "1.0"),
                    name + "more");
        }
        // deleting one file of a version changes the page too
        long id = root.get("/api/v4/projects/" + project + "/packages?package_type=pypi&package_name=htmlpkg"
                + "&package_version=1.1").json().get(0).get("id").asLong();
        upload2("htmlpkg", "1.1");
        long file = -1;
        for (var f : root.get("/api/v4/projects/" + project + "/packages/" + id + "/package_files").json()) {
            if (f.get("file_name").asString().endsWith("-py3-none-any.whl")) file = f.get("id").asLong();
        }
        Api.Response page = get(base + "pypi/simple/htmlpkg", "text/html", null);
        assertThat(page.body()).contains("htmlpkg-1.1-py3-none-any.whl", "htmlpkg-1.1-py2-none-any.whl");
        assertThat(root.delete("/api/v4/projects/" + project + "/packages/" + id + "/package_files/" + file).status())
                .isEqualTo(204);
        Api.Response after = get(base + "pypi/simple/htmlpkg", "text/html", page.header("ETag"));
        assertThat(after.status()).isEqualTo(200);
        assertThat(after.body()).doesNotContain("htmlpkg-1.1-py3-none-any.whl");
    }

    @Test
    void nuget_version_lists_and_conan_revision_lists_revalidate() {
        ok(() -> push("Idx.Lib", "1.0.0"));
        revalidates("NuGet flat-container list", base + "nuget/download/idx.lib/index.json", null,
                () -> ok(() -> push("Idx.Lib", "1.1.0")), "1.1.0");
        revalidates("NuGet registration index", base + "nuget/metadata/idx.lib/index.json", null,
                () -> ok(() -> push("Idx.Lib", "1.2.0")), "1.2.0");
        revalidates("NuGet search", base + "nuget/query?q=idx&take=5", null,
                () -> ok(() -> push("Idx.Other", "2.0.0")), "Idx.Other");
        // a cached answer is the answer of its own query: another query, another page
        Api.Response none = get(base + "nuget/query?q=nomatch", null, null);
        assertThat(none.body()).as(none.body()).contains("\"totalHits\":0");
        Api.Response skipped = get(base + "nuget/query?q=idx&skip=1&take=1", null, null);
        assertThat(skipped.body()).as(skipped.body()).contains("\"totalHits\":2").doesNotContain("Idx.Lib\"");

        String remote = base + "conan";
        String rrev1 = "13d5dd132b5341db209401d238602ac0";
        String rrev2 = "23d5dd132b5341db209401d238602ac0";
        depot.it.support.ConanRequests.recipe(root, remote, "idx/1.0/_/_", rrev1, "x = 1\n");
        revalidates("Conan recipe revisions", remote + "/v2/conans/idx/1.0/_/_/revisions", null,
                () -> depot.it.support.ConanRequests.recipe(root, remote, "idx/1.0/_/_", rrev2, "x = 2\n"), rrev2);
    }

    @Test
    void container_tag_lists_revalidate() {
        depot.it.support.OciRequests.image(root, "idx/app/img", "v1", "one");
        Api.Response first = get("/v2/idx/app/img/tags/list", null, null);
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(get("/v2/idx/app/img/tags/list", null, first.header("ETag")).status()).isEqualTo(304);
        depot.it.support.OciRequests.image(root, "idx/app/img", "v2", "two");
        Api.Response after = get("/v2/idx/app/img/tags/list", null, first.header("ETag"));
        assertThat(after.status()).isEqualTo(200);
        assertThat(after.body()).contains("v2");
    }

    private Api.Response push(String id, String version) {
        return depot.it.support.NugetTools.push(root, base + "nuget/", "package.nupkg", depot.it.support.NugetTools
                .nupkg(id + ".nuspec", depot.it.support.NugetTools.nuspec(id, version, ""), java.util.Map.of()));
    }

    private void upload(String name, String version) {
        byte[] wheel = PypiUploads.wheel(name, version);
        ok(() -> PypiUploads.upload(root, base + "pypi", PypiUploads.fields(name, version, wheel),
                name + "-" + version + "-py3-none-any.whl", wheel));
    }

    /** A second wheel of the version, for another Python tag. */
    private void upload2(String name, String version) {
        byte[] wheel = PypiUploads.wheel(name, version);
        ok(() -> PypiUploads.upload(root, base + "pypi", PypiUploads.fields(name, version, wheel),
                name + "-" + version + "-py2-none-any.whl", wheel));
    }
}
