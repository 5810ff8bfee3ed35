package depot.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import depot.core.testing.Hostile;
import depot.it.support.Api;
import depot.it.support.Backend;
import depot.it.support.ConanRequests;
import depot.it.support.NpmDocs;
import depot.it.support.NugetTools;
import depot.it.support.OciRequests;
import depot.it.support.PypiUploads;
import depot.it.support.TestServer;
import depot.it.support.World;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Supplier;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * The parsers' hostile inputs again, through the whole server: mutated POMs, npm publish documents, wheel metadata,
 * nuspecs and image manifests, hostile names in every path, in .pdb entries and as duplicate exception patterns. No answer is a 5xx, and a refused upload leaves
 * the project's package count as it was.
 */
class HostileUploadsTest {
    private static final String POM = """
            <project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
              <groupId>com.acme</groupId><artifactId>h</artifactId><version>1.0</version><name>H</name>
            </project>""";
    private static final String METADATA = "Metadata-Version: 2.1\nName: hostile\nVersion: 1.0\nSummary: s\n\nbody\n";
    private static final String NUSPEC = NugetTools.nuspec("Hostile", "1.0.0", "");
    private static final String CONAN_RREV = "13d5dd132b5341db209401d238602ac0";
    private static final String CONAN_INFO = "[settings]\narch=x86_64\nbuild_type=Release\nos=Linux\n[options]\n"
            + "shared=False\n[requires]\nhdr/1.0.Z\n";
    private static TestServer server;
    private static Api root;
    private static String base;

    private static synchronized void start() {
        if (server != null) return;
        try {
            server = new TestServer(Backend.SQLITE);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        World world = new World(server);
        long project = world.project(world.group("hostile", "private"), "p", "private");
        root = server.root();
        base = "/api/v4/projects/" + project + "/packages/";
        OciRequests.image(root, "hostile/p/img", "seed", "seed"); // the config and layer the manifests name
        ConanRequests.recipe(root, base + "conan", "seed/1.0/_/_", CONAN_RREV, "x = 1\n"); // binaries need a recipe
        NugetTools.push(root, base + "nuget/", "package.nupkg", NugetTools.nupkg("Seedsym.nuspec",
                NugetTools.nuspec("Seedsym", "1.0.0", ""), Map.of())); // symbol packages need their package
    }

    @AfterContainer
    static void stop() throws Exception {
        if (server != null) server.close();
        server = null;
    }

    private static long packages() {
        return Long.parseLong(root.get(base + "?per_page=1").header("X-Total"));
    }

    /** Sends one hostile request: never a 5xx, and a refusal stores nothing. */
    private static void refusedCleanly(Supplier<Api.Response> send) {
        start();
        long before = packages();
        Hostile.TRIED.incrementAndGet();
        Api.Response r = send.get();
        assertThat(r.status()).as(r.body()).isLessThan(500);
        if (r.status() >= 400) assertThat(packages()).as("packages after a refused upload").isEqualTo(before);
    }

    @Provide
    Arbitrary<byte[]> poms() { return Hostile.mutationsOf(POM); }

    @Provide
    Arbitrary<byte[]> publishDocuments() {
        return Hostile.mutationsOf(NpmDocs.publish("@hostile/x", "1.0.0", NpmDocs.tarball("@hostile/x", "1.0.0")));
    }

    @Provide
    Arbitrary<byte[]> metadata() { return Hostile.mutationsOf(METADATA); }

    @Provide
    Arbitrary<byte[]> nuspecs() { return Hostile.mutationsOf(NUSPEC); }

    @Provide
    Arbitrary<byte[]> manifests() {
        start();
        return Hostile.mutationsOf(root.send(root.request("/v2/hostile/p/img/manifests/seed")
                .header("Accept", OciRequests.MANIFEST).GET()).body());
    }

    @Provide
    Arbitrary<byte[]> conanManifests() {
        return Hostile.mutationsOf(new String(ConanRequests.manifest("conanfile.py"), StandardCharsets.UTF_8));
    }

    @Provide
    Arbitrary<byte[]> conanInfos() { return Hostile.mutationsOf(CONAN_INFO); }

    @Provide
    Arbitrary<String> names() { return Hostile.names(); }

    @Property(tries = 80)
    void maven_poms(@ForAll("poms") byte[] pom) {
        refusedCleanly(() -> root.putBytes(base + "maven/com/acme/h/1.0/h-1.0.pom", pom));
    }

    @Property(tries = 80)
    void npm_publish_documents(@ForAll("publishDocuments") byte[] doc) {
        refusedCleanly(() -> root.putBytes(base + "npm/@hostile%2fx", doc));
    }

    @Property(tries = 80)
    void pypi_uploads(@ForAll("metadata") byte[] metadata) {
        byte[] wheel = PypiUploads.wheel("hostile", "1.0", metadata);
        refusedCleanly(() -> PypiUploads.upload(root, base + "pypi", PypiUploads.fields("hostile", "1.0", wheel),
                "hostile-1.0-py3-none-any.whl", wheel));
    }

    @Property(tries = 80)
    void nuget_pushes(@ForAll("nuspecs") byte[] nuspec) {
        byte[] nupkg = NugetTools.nupkg("Hostile.nuspec", new String(nuspec, StandardCharsets.ISO_8859_1), Map.of());
        refusedCleanly(() -> NugetTools.push(root, base + "nuget/", "package.nupkg", nupkg));
    }

    @Property(tries = 80)
    void image_manifests(@ForAll("manifests") byte[] manifest) {
        refusedCleanly(() -> root.send(root.request("/v2/hostile/p/img/manifests/t")
                .header("Content-Type", OciRequests.MANIFEST)
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofByteArray(manifest))));
    }

    @Property(tries = 80)
    void conan_manifests_and_conaninfo(@ForAll("conanManifests") byte[] manifest, @ForAll("conanInfos") byte[] info) {
        refusedCleanly(() -> ConanRequests.put(root, ConanRequests.recipeFile(base + "conan", "hostile/1.0/_/_",
                CONAN_RREV, "conanmanifest.txt"), manifest));
        refusedCleanly(() -> ConanRequests.put(root, ConanRequests.packageFile(base + "conan", "seed/1.0/_/_",
                CONAN_RREV, "4e8d97aca26e12a63ead9fc2a8fa0d78647207f5", "0", "conaninfo.txt"), info));
    }

    @Property(tries = 40)
    void symbol_packages_with_hostile_pdb_entry_names(@ForAll("names") String hostile) {
        String name = hostile.length() > 1000 ? hostile.substring(0, 1000) : hostile; // a zip entry name's limit
        byte[] snupkg = NugetTools.nupkg("Seedsym.nuspec", NugetTools.nuspec("Seedsym", "1.0.0",
                "<packageTypes><packageType name=\"SymbolsPackage\"/></packageTypes>"),
                Map.of("lib/" + name + ".pdb", NugetTools.portablePdb("Seedsym")));
        refusedCleanly(() -> NugetTools.push(root, base + "nuget/symbolpackage/", "package.snupkg", snupkg));
    }

    /** Hostile strings as duplicate exception patterns: refused or stored, never a 5xx, and publishing still works. */
    @Property(tries = 40)
    void duplicate_exception_patterns(@ForAll("names") String pattern) {
        start();
        Api.Response set = root.put("/api/v4/groups/hostile/package_settings",
                Map.of("generic_duplicate_exception_regex", pattern));
        assertThat(set.status()).as(set.body()).isLessThan(500);
        refusedCleanly(() -> root.putBytes(base + "generic/pattern/1.0.0/f.bin", new byte[] {1}));
    }

    @Property(tries = 80)
    void names_in_every_path(@ForAll("names") String name) {
        String n = URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
        refusedCleanly(() -> root.putBytes(base + "generic/" + n + "/1.0.0/f.bin", new byte[] {1}));
        refusedCleanly(() -> root.putBytes(base + "generic/g/1.0.0/" + n, new byte[] {1}));
        refusedCleanly(() -> root.putBytes(base + "maven/com/acme/" + n + "/1.0/" + n + "-1.0.jar", new byte[] {1}));
        refusedCleanly(() -> root.get(base + "npm/" + n));
        refusedCleanly(() -> root.get(base + "pypi/simple/" + n + "/"));
        refusedCleanly(() -> root.get(base + "nuget/metadata/" + n + "/index.json"));
        refusedCleanly(() -> root.get("/v2/hostile/p/" + n + "/tags/list"));
        refusedCleanly(() -> ConanRequests.put(root, ConanRequests.recipeFile(base + "conan", n + "/1.0/_/_", CONAN_RREV,
                "conanfile.py"), new byte[] {'x'}));
        refusedCleanly(() -> ConanRequests.put(root, ConanRequests.recipeFile(base + "conan", "seed/1.0/_/_", n, n),
                new byte[] {'x'}));
        refusedCleanly(() -> root.get(base + "conan/v2/conans/seed/1.0/" + n + "/" + n + "/latest"));
        refusedCleanly(() -> root.get(base + "conan/v2/conans/search?q=" + n));
    }
}
