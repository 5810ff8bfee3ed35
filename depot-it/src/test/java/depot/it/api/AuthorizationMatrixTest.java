package depot.it.api;

import static depot.it.conan.ConanTestKit.PID;
import static depot.it.conan.ConanTestKit.PREV;
import static depot.it.conan.ConanTestKit.RECIPE;
import static depot.it.conan.ConanTestKit.RREV;
import static depot.it.conan.ConanTestKit.instanceRecipe;
import static org.assertj.core.api.Assertions.assertThat;

import depot.it.formats.Kind;
import depot.it.formats.PermissionRows.Row;
import depot.it.formats.PermissionRows.Scope;
import depot.it.formats.Rule;
import depot.it.formats.Style;
import depot.it.formats.Vis;
import depot.it.support.Api;
import depot.it.support.Backend;
import depot.it.support.ConanRequests;
import depot.it.support.NpmDocs;
import depot.it.support.NugetTools;
import depot.it.support.OciRequests;
import depot.it.support.PypiUploads;
import depot.it.support.TestServer;
import depot.it.support.World;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * Every package endpoint × every kind of caller × every project visibility → the status GitLab's rules give
 * (ARCHITECTURE.md, "Authorization"). The expected statuses are written out below, independently of the
 * server's AccessService. Each new format adds its endpoints to {@link #endpoints()}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthorizationMatrixTest {
    enum Who { ANONYMOUS, NON_MEMBER, GUEST, REPORTER, DEVELOPER, MAINTAINER, ADMIN, DEPLOY_READ, DEPLOY_WRITE,
        JOB_THIS, JOB_OTHER, EXPIRED, REVOKED }

    /** One endpoint: how to call it on a project, and what a success looks like. */
    record Endpoint(String name, Kind kind, Style style, int success, Call call) {}

    @FunctionalInterface
    interface Call {
        Api.Response run(Api api, Project p, String unique);
    }

    /** A project of the matrix with a readable package, and the credentials tied to it. */
    record Project(long id, Vis vis, long packageId, Map<Who, String[]> credentials) {}

    TestServer server;
    World world;
    final Map<Vis, Project> projects = new LinkedHashMap<>();
    final Map<Who, String[]> shared = new LinkedHashMap<>();
    private final AtomicInteger counter = new AtomicInteger();
    /** Per project: deploy tokens with container registry scopes, and the manifest pushed to its image. */
    private final Map<Vis, Map<Who, String[]>> registryDeploy = new LinkedHashMap<>();
    private final Map<Vis, String> images = new LinkedHashMap<>();

    @BeforeAll
    void setUp() {
        server = newServer();
        world = new World(server);
        Api root = server.root();
        long group = world.group("matrix", "public");
        var nonMember = world.user("nonmember");
        var guest = world.user("guest");
        var reporter = world.user("reporter");
        var developer = world.user("developer");
        var maintainer = world.user("maintainer");
        var jobber = world.user("jobber");
        Api.Response adminUser = root.post("/api/v4/users", Map.of("username", "admin2", "name", "admin2",
                "email", "admin2@example.com", "password", "password-admin2", "admin", true));
        String adminToken = world.token(adminUser.json().get("id").asLong(), List.of("api"), null);
        String expired = world.token(developer.id(), List.of("api"), "2000-01-01");
        Api.Response revokedToken = root.post("/api/v4/users/" + developer.id() + "/personal_access_tokens",
                Map.of("name", "revoked", "scopes", List.of("api")));
        root.delete("/api/v4/personal_access_tokens/" + revokedToken.json().get("id").asLong());
        long other = world.project(group, "other", "private");
        world.member("projects", other, jobber.id(), 30);
        String otherJob = world.job(other, jobber.id()).get("token").asString();

        shared.put(Who.ANONYMOUS, null);
        shared.put(Who.NON_MEMBER, pat(nonMember.token()));
        shared.put(Who.GUEST, pat(guest.token()));
        shared.put(Who.REPORTER, pat(reporter.token()));
        shared.put(Who.DEVELOPER, pat(developer.token()));
        shared.put(Who.MAINTAINER, pat(maintainer.token()));
        shared.put(Who.ADMIN, pat(adminToken));
        shared.put(Who.JOB_OTHER, new String[] {"Job-Token", otherJob});
        shared.put(Who.EXPIRED, pat(expired));
        shared.put(Who.REVOKED, pat(revokedToken.json().get("token").asString()));

        for (Vis vis : Vis.values()) {
            long id = world.project(group, vis.name().toLowerCase(), vis.name().toLowerCase());
            world.member("projects", id, guest.id(), 10);
            world.member("projects", id, reporter.id(), 20);
            world.member("projects", id, developer.id(), 30);
            world.member("projects", id, maintainer.id(), 40);
            Map<Who, String[]> own = new LinkedHashMap<>();
            own.put(Who.DEPLOY_READ, basicDeploy(world.deployToken("projects", id, "read_package_registry")));
            own.put(Who.DEPLOY_WRITE, basicDeploy(world.deployToken("projects", id, "write_package_registry")));
            own.put(Who.JOB_THIS, new String[] {"Job-Token", world.job(id, developer.id()).get("token").asString()});
            assertThat(root.putBytes(generic(id, "readable", "1.0.0", "f.txt"), new byte[] {42}).status()).isEqualTo(201);
            assertThat(root.putBytes(maven(id, "com/acme/readable/1.0/readable-1.0.jar"), new byte[] {42}).status())
                    .isEqualTo(201);
            String only = "com/acme/only-" + vis.name().toLowerCase() + "/1.0/only-" + vis.name().toLowerCase() + "-1.0.jar";
            assertThat(root.putBytes(maven(id, only), new byte[] {43}).status()).isEqualTo(201);
            publishNpm(root, id, "@matrix/readable", "1.0.0");
            publishNpm(root, id, "@matrix/only-" + vis.name().toLowerCase(), "1.0.0");
            assertThat(uploadPypi(root, id, "readable", "1.0").status()).isEqualTo(201);
            assertThat(uploadPypi(root, id, "only-" + vis.name().toLowerCase(), "1.0").status()).isEqualTo(201);
            pushNuget(root, id, "Readable", "1.0.0");
            pushNuget(root, id, "Only-" + vis.name().toLowerCase(), "1.0.0");
            assertThat(pushSymbols(root, id, "Readable", "1.0.0").status()).isEqualTo(201);
            registryDeploy.put(vis, Map.of(
                    Who.DEPLOY_READ, basicDeploy(world.deployToken("projects", id, "read_registry")),
                    Who.DEPLOY_WRITE, basicDeploy(world.deployToken("projects", id, "write_registry"))));
            images.put(vis, OciRequests.image(root, repo(vis), "v1", vis.name()));
            String v = vis.name().toLowerCase();
            ConanRequests.recipe(root, conan(id), RECIPE, RREV, "name = \"creadable\"\n");
            ConanRequests.binary(root, conan(id), RECIPE, RREV, PID, PREV);
            ConanRequests.recipe(root, conan(id), instanceRecipe(vis), RREV, "name = \"creadable\"\n");
            ConanRequests.binary(root, conan(id), instanceRecipe(vis), RREV, PID, PREV);
            ConanRequests.recipe(root, conan(id), "only-" + v + "/1.0/matrix+" + v + "/stable", RREV, "x = 1\n");
            long packageId = root.get("/api/v4/projects/" + id + "/packages?package_name=readable").json().get(0)
                    .get("id").asLong();
            projects.put(vis, new Project(id, vis, packageId, own));
            long g = world.group("g" + vis.name().toLowerCase(), vis.name().toLowerCase());
            world.member("groups", g, guest.id(), 10);
            world.member("groups", g, reporter.id(), 20);
            world.member("groups", g, developer.id(), 30);
            world.member("groups", g, maintainer.id(), 40);
            groups.put(vis, g);
        }
        users.put("guest", guest.id());
        users.put("reporter", reporter.id());
        users.put("developer", developer.id());
        users.put("maintainer", maintainer.id());
        users.put("nonmember", nonMember.id());
    }

    /** Per visibility, a group with the same members (at the same levels) as the matrix projects. */
    final Map<Vis, Long> groups = new LinkedHashMap<>();
    final Map<String, Long> users = new LinkedHashMap<>();

    TestServer newServer() {
        try {
            return new TestServer(Backend.SQLITE);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    void tearDown() throws Exception {
        server.close();
    }

    private static String[] pat(String token) { return new String[] {"Private-Token", token}; }

    /** Deploy tokens go as HTTP Basic with their username, the way package clients send them. */
    private static String[] basicDeploy(JsonNode token) {
        String pair = token.get("username").asString() + ":" + token.get("token").asString();
        return new String[] {"Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(pair.getBytes())};
    }

    static String npm(long project, String path) {
        return "/api/v4/projects/" + project + "/packages/npm/" + path;
    }

    private static void publishNpm(Api api, long project, String name, String version) {
        Api.Response r = api.put(npm(project, NpmDocs.escaped(name)),
                NpmDocs.publish(name, version, NpmDocs.tarball(name, version)));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    static String pypi(long project) {
        return "/api/v4/projects/" + project + "/packages/pypi";
    }

    private static final byte[] READABLE_WHEEL = PypiUploads.wheel("readable", "1.0");

    private static Api.Response uploadPypi(Api api, long project, String name, String version) {
        byte[] wheel = name.equals("readable") ? READABLE_WHEEL : PypiUploads.wheel(name, version);
        Api.Response r = PypiUploads.upload(api, pypi(project), PypiUploads.fields(name, version, wheel),
                name.replace('-', '_') + "-" + version + "-py3-none-any.whl", wheel);
        return r;
    }

    static String nuget(long project) {
        return "/api/v4/projects/" + project + "/packages/nuget";
    }

    private static void pushNuget(Api api, long project, String id, String version) {
        Api.Response r = NugetTools.push(api, nuget(project) + "/", "package.nupkg",
                NugetTools.nupkg(id + ".nuspec", NugetTools.nuspec(id, version, ""), Map.of()));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    private static Api.Response pushSymbols(Api api, long project, String id, String version) {
        return NugetTools.push(api, nuget(project) + "/symbolpackage/", "package.snupkg", NugetTools.nupkg(id + ".nuspec",
                NugetTools.nuspec(id, version, "<packageTypes><packageType name=\"SymbolsPackage\"/></packageTypes>"),
                Map.of("lib/" + id + ".pdb", NugetTools.portablePdb(id))));
    }

    static String conan(long project) {
        return "/api/v4/projects/" + project + "/packages/conan";
    }

    static String generic(long project, String name, String version, String file) {
        return "/api/v4/projects/" + project + "/packages/generic/" + name + "/" + version + "/" + file;
    }

    static String maven(long project, String path) {
        return "/api/v4/projects/" + project + "/packages/maven/" + path;
    }

    List<Endpoint> endpoints() {
        List<Endpoint> e = new ArrayList<>();
        e.add(new Endpoint("PUT maven file", Kind.WRITE, Style.FORMAT, 201,
                (api, p, u) -> api.putBytes(maven(p.id(), "com/acme/written/1." + u + "/written-1." + u + ".jar"),
                        new byte[] {1})));
        e.add(new Endpoint("GET maven file", Kind.READ, Style.FORMAT, 200,
                (api, p, u) -> api.get(maven(p.id(), "com/acme/readable/1.0/readable-1.0.jar"))));
        e.add(new Endpoint("GET maven metadata", Kind.READ, Style.FORMAT, 200,
                (api, p, u) -> api.get(maven(p.id(), "com/acme/readable/maven-metadata.xml"))));
        e.add(new Endpoint("PUT npm publish", Kind.WRITE, Style.FORMAT, 201, (api, p, u) -> api.put(
                npm(p.id(), "@matrix%2fwritten"), NpmDocs.publish("@matrix/written", "1.0." + u,
                        NpmDocs.tarball("@matrix/written", "1.0." + u)))));
        e.add(new Endpoint("PUT npm deprecate", Kind.WRITE, Style.FORMAT, 200, (api, p, u) -> api.put(
                npm(p.id(), "@matrix%2freadable"), "{\"name\":\"@matrix/readable\",\"versions\":{\"1.0.0\":"
                        + "{\"deprecated\":\"note " + u + "\"}}}")));
        e.add(new Endpoint("GET npm packument", Kind.READ, Style.FORMAT, 200,
                (api, p, u) -> api.get(npm(p.id(), "@matrix%2freadable"))));
        e.add(new Endpoint("GET npm tarball", Kind.READ, Style.FORMAT, 200,
                (api, p, u) -> api.get(npm(p.id(), "@matrix/readable/-/@matrix/readable-1.0.0.tgz"))));
        e.add(new Endpoint("GET npm dist-tags", Kind.READ, Style.FORMAT, 200,
                (api, p, u) -> api.get(npm(p.id(), "-/package/@matrix%2freadable/dist-tags"))));
        e.add(new Endpoint("GET npm search", Kind.READ, Style.FORMAT, 200,
                (api, p, u) -> api.get(npm(p.id(), "-/v1/search?text=readable"))));
        e.add(new Endpoint("PUT npm dist-tag", Kind.WRITE, Style.FORMAT, 200,
                (api, p, u) -> api.put(npm(p.id(), "-/package/@matrix%2freadable/dist-tags/t" + u), "\"1.0.0\"")));
        e.add(new Endpoint("DELETE npm dist-tag", Kind.DELETE, Style.FORMAT, 200, (api, p, u) -> {
            assertThat(server.root().put(npm(p.id(), "-/package/@matrix%2freadable/dist-tags/d" + u), "\"1.0.0\"")
                    .status()).isEqualTo(200);
            return api.delete(npm(p.id(), "-/package/@matrix%2freadable/dist-tags/d" + u));
        }));
        e.add(new Endpoint("DELETE npm version", Kind.DELETE, Style.FORMAT, 200, (api, p, u) -> {
            publishNpm(server.root(), p.id(), "@matrix/deletable", "2.0." + u);
            return api.delete(npm(p.id(), "@matrix/deletable/-/deletable-2.0." + u + ".tgz/-rev/1"));
        }));
        e.add(new Endpoint("POST pypi upload", Kind.WRITE, Style.FORMAT, 201,
                (api, p, u) -> uploadPypi(api, p.id(), "written", "1.0." + u)));
        e.add(new Endpoint("GET pypi simple index", Kind.READ, Style.FORMAT, 200,
                (api, p, u) -> api.get(pypi(p.id()) + "/simple/")));
        e.add(new Endpoint("GET pypi simple page", Kind.READ, Style.FORMAT, 200,
                (api, p, u) -> api.get(pypi(p.id()) + "/simple/readable/")));
        e.add(new Endpoint("GET pypi file", Kind.READ, Style.FORMAT, 200, (api, p, u) -> api.get(pypi(p.id())
                + "/files/" + PypiUploads.sha256(READABLE_WHEEL) + "/readable-1.0-py3-none-any.whl")));
        e.add(new Endpoint("PUT nuget push", Kind.WRITE, Style.FORMAT, 201, (api, p, u) -> NugetTools.push(api,
                nuget(p.id()) + "/", "package.nupkg", NugetTools.nupkg("Written.nuspec",
                        NugetTools.nuspec("Written", "1.0." + u, ""), Map.of()))));
        e.add(new Endpoint("PUT nuget v2 push", Kind.WRITE, Style.FORMAT, 201, (api, p, u) -> NugetTools.push(api,
                nuget(p.id()) + "/v2", "package.nupkg", NugetTools.nupkg("Written.nuspec",
                        NugetTools.nuspec("Written", "2.0." + u, ""), Map.of()))));
        e.add(new Endpoint("PUT nuget symbol package", Kind.WRITE, Style.FORMAT, 201, (api, p, u) -> {
            pushNuget(server.root(), p.id(), "Symbolic", "1.0." + u);
            return pushSymbols(api, p.id(), "Symbolic", "1.0." + u);
        }));
        e.add(new Endpoint("DELETE nuget version", Kind.DELETE, Style.FORMAT, 204, (api, p, u) -> {
            pushNuget(server.root(), p.id(), "Deletable", "2.0." + u);
            return api.delete(nuget(p.id()) + "/Deletable/2.0." + u);
        }));
        e.add(new Endpoint("GET nuget service index", Kind.READ, Style.FORMAT, 200,
                (api, p, u) -> api.get(nuget(p.id()) + "/index.json")));
        e.add(new Endpoint("GET nuget registration", Kind.READ, Style.FORMAT, 200,
                (api, p, u) -> api.get(nuget(p.id()) + "/metadata/readable/index.json")));
        e.add(new Endpoint("GET nuget registration leaf", Kind.READ, Style.FORMAT, 200,
                (api, p, u) -> api.get(nuget(p.id()) + "/metadata/readable/1.0.0.json")));
        e.add(new Endpoint("GET nuget versions", Kind.READ, Style.FORMAT, 200,
                (api, p, u) -> api.get(nuget(p.id()) + "/download/readable/index.json")));
        e.add(new Endpoint("GET nuget nupkg", Kind.READ, Style.FORMAT, 200,
                (api, p, u) -> api.get(nuget(p.id()) + "/download/readable/1.0.0/readable.1.0.0.nupkg")));
        e.add(new Endpoint("GET nuget nuspec", Kind.READ, Style.FORMAT, 200,
                (api, p, u) -> api.get(nuget(p.id()) + "/download/readable/1.0.0/readable.nuspec")));
        e.add(new Endpoint("GET nuget search", Kind.READ, Style.FORMAT, 200,
                (api, p, u) -> api.get(nuget(p.id()) + "/query?q=readable")));
        e.add(new Endpoint("GET nuget symbol file", Kind.READ, Style.FORMAT, 200,
                (api, p, u) -> NugetTools.symbolFile(api, nuget(p.id()), "Readable")));
        e.add(new Endpoint("GET nuget v2 FindPackagesById", Kind.READ, Style.FORMAT, 200,
                (api, p, u) -> api.get(nuget(p.id()) + "/v2/FindPackagesById()?id='Readable'")));
        e.add(new Endpoint("GET nuget v2 entry", Kind.READ, Style.FORMAT, 200,
                (api, p, u) -> api.get(nuget(p.id()) + "/v2/Packages(Id='Readable',Version='1.0.0')")));
        e.add(new Endpoint("GET nuget v2 metadata", Kind.READ, Style.FORMAT, 200,
                (api, p, u) -> api.get(nuget(p.id()) + "/v2/$metadata")));
        e.add(new Endpoint("GET conan recipe latest", Kind.READ, Style.FORMAT, 200,
                (api, p, u) -> api.get(conan(p.id()) + "/v2/conans/" + RECIPE + "/latest")));
        e.add(new Endpoint("GET conan recipe file", Kind.READ, Style.FORMAT, 200, (api, p, u) -> api.get(
                ConanRequests.recipeFile(conan(p.id()), RECIPE, RREV, "conanfile.py"))));
        e.add(new Endpoint("GET conan package file", Kind.READ, Style.FORMAT, 200, (api, p, u) -> api.get(
                ConanRequests.packageFile(conan(p.id()), RECIPE, RREV, PID, PREV, "conaninfo.txt"))));
        e.add(new Endpoint("GET conan v1 download urls", Kind.READ, Style.FORMAT, 200,
                (api, p, u) -> api.get(conan(p.id()) + "/v1/conans/" + RECIPE + "/download_urls")));
        e.add(new Endpoint("PUT conan recipe file", Kind.WRITE, Style.FORMAT, 201, (api, p, u) -> ConanRequests.put(api,
                ConanRequests.recipeFile(conan(p.id()), "written/1.0/_/_", "r" + u, "conanfile.py"), new byte[] {'x'})));
        e.add(new Endpoint("PUT conan package file", Kind.WRITE, Style.FORMAT, 201, (api, p, u) -> ConanRequests.put(api,
                ConanRequests.packageFile(conan(p.id()), RECIPE, RREV, "p" + u, "1", "conaninfo.txt"),
                "[settings]\n".getBytes())));
        e.add(new Endpoint("POST conan v1 upload urls", Kind.WRITE, Style.FORMAT, 200, (api, p, u) -> api.post(
                conan(p.id()) + "/v1/conans/written/1.0/_/_/upload_urls", Map.of("conanfile.py", 10))));
        e.add(new Endpoint("DELETE conan recipe revision", Kind.DELETE, Style.FORMAT, 200, (api, p, u) -> {
            ConanRequests.recipe(server.root(), conan(p.id()), "deletable/1.0/_/_", "d" + u, "x = 1\n");
            return api.delete(conan(p.id()) + "/v2/conans/deletable/1.0/_/_/revisions/d" + u);
        }));
        e.add(new Endpoint("PUT generic file", Kind.WRITE, Style.FORMAT, 201,
                (api, p, u) -> api.putBytes(generic(p.id(), "written", "1.0." + u, "f.txt"), new byte[] {1})));
        e.add(new Endpoint("GET generic file", Kind.READ, Style.FORMAT, 200,
                (api, p, u) -> api.get(generic(p.id(), "readable", "1.0.0", "f.txt"))));
        e.add(new Endpoint("GET project packages", Kind.READ, Style.API, 200,
                (api, p, u) -> api.get("/api/v4/projects/" + p.id() + "/packages")));
        e.add(new Endpoint("GET package", Kind.READ, Style.API, 200,
                (api, p, u) -> api.get("/api/v4/projects/" + p.id() + "/packages/" + p.packageId())));
        e.add(new Endpoint("GET package files", Kind.READ, Style.API, 200,
                (api, p, u) -> api.get("/api/v4/projects/" + p.id() + "/packages/" + p.packageId() + "/package_files")));
        e.add(new Endpoint("GET package pipelines", Kind.READ, Style.API, 200,
                (api, p, u) -> api.get("/api/v4/projects/" + p.id() + "/packages/" + p.packageId() + "/pipelines")));
        e.add(new Endpoint("DELETE package", Kind.DELETE, Style.API, 204,
                (api, p, u) -> api.delete("/api/v4/projects/" + p.id() + "/packages/" + freshPackage(p, u))));
        e.add(new Endpoint("DELETE package file", Kind.DELETE, Style.API, 204, (api, p, u) -> {
            long pkg = freshPackage(p, u);
            long file = server.root().get("/api/v4/projects/" + p.id() + "/packages/" + pkg + "/package_files")
                    .json().get(0).get("id").asLong();
            return api.delete("/api/v4/projects/" + p.id() + "/packages/" + pkg + "/package_files/" + file);
        }));
        return e;
    }

    private long freshPackage(Project p, String unique) {
        Api root = server.root();
        assertThat(root.putBytes(generic(p.id(), "deletable", "2.0." + unique, "f.txt"), new byte[] {7}).status())
                .isEqualTo(201);
        return root.get("/api/v4/projects/" + p.id() + "/packages?package_name=deletable&package_version=2.0." + unique)
                .json().get(0).get("id").asLong();
    }

    /** GitLab's rules, written out as a table. */
    static int expected(Endpoint e, Who who, Vis vis) {
        if (who == Who.EXPIRED || who == Who.REVOKED) return 401;
        boolean canSee = switch (who) {
            case ANONYMOUS -> vis == Vis.PUBLIC;
            case NON_MEMBER, JOB_OTHER -> vis == Vis.PUBLIC || (vis == Vis.INTERNAL && who == Who.NON_MEMBER);
            default -> true;
        };
        if (!canSee) return who == Who.ANONYMOUS && e.style() == Style.FORMAT ? 401 : 404;
        boolean allowed = switch (e.kind()) {
            case READ -> switch (who) {
                case GUEST -> vis != Vis.PRIVATE;
                default -> true;
            };
            case WRITE -> switch (who) {
                case DEVELOPER, MAINTAINER, ADMIN, DEPLOY_WRITE, JOB_THIS -> true;
                default -> false;
            };
            case DELETE -> who == Who.MAINTAINER || who == Who.ADMIN;
        };
        if (allowed) return e.success();
        return who == Who.ANONYMOUS ? 401 : 403;
    }

    @TestFactory
    Stream<DynamicTest> every_endpoint_for_every_caller_and_visibility() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Endpoint e : endpoints()) {
            for (Vis vis : Vis.values()) {
                for (Who who : Who.values()) {
                    int want = expected(e, who, vis);
                    tests.add(DynamicTest.dynamicTest(e.name() + " × " + who + " × " + vis + " → " + want, () -> {
                        Project p = projects.get(vis);
                        String[] cred = shared.containsKey(who) ? shared.get(who) : p.credentials().get(who);
                        Api api = cred == null ? server.anonymous() : server.as(cred[0], cred[1]);
                        Api.Response r = e.call().run(api, p, String.valueOf(counter.incrementAndGet()));
                        assertThat(r.status()).as("%s × %s × %s: %s", e.name(), who, vis, r.body()).isEqualTo(want);
                        if (want == 401) assertThat(r.header("WWW-Authenticate")).startsWith("Basic realm=");
                    }));
                }
            }
        }
        return tests.stream();
    }

    /**
     * Group and instance endpoints (Maven, npm, PyPI) serve a file only from projects the caller may read; a caller without
     * credentials gets the challenge instead of a 404.
     */
    @TestFactory
    Stream<DynamicTest> group_and_instance_endpoints_serve_only_readable_projects() {
        Endpoint read = endpoints().stream().filter(e -> e.name().equals("GET maven file")).findFirst().orElseThrow();
        List<DynamicTest> tests = new ArrayList<>();
        for (String scope : List.of("/api/v4/groups/matrix/-/packages/maven/", "/api/v4/packages/maven/",
                "/api/v4/groups/matrix/-/packages/npm/", "/api/v4/packages/npm/",
                "/api/v4/groups/matrix/-/packages/pypi/", "/api/v4/groups/matrix/-/packages/nuget/")) {
            for (Vis vis : Vis.values()) {
                for (Who who : Who.values()) {
                    boolean mayRead = expected(read, who, vis) == 200;
                    int want = mayRead ? 200 : (who == Who.ANONYMOUS || who == Who.EXPIRED || who == Who.REVOKED) ? 401 : 404;
                    String v = vis.name().toLowerCase();
                    String path = scope.endsWith("/npm/") ? "@matrix/only-" + v + "/-/@matrix/only-" + v + "-1.0.0.tgz"
                            : scope.endsWith("/pypi/") ? "simple/only-" + v + "/"
                            : scope.endsWith("/nuget/") ? "metadata/only-" + v + "/index.json"
                            : "com/acme/only-" + v + "/1.0/only-" + v + "-1.0.jar";
                    tests.add(DynamicTest.dynamicTest("GET " + scope + " × " + who + " × " + vis + " → " + want, () -> {
                        Project p = projects.get(vis);
                        String[] cred = shared.containsKey(who) ? shared.get(who) : p.credentials().get(who);
                        Api api = cred == null ? server.anonymous() : server.as(cred[0], cred[1]);
                        Api.Response r = api.get(scope + path);
                        assertThat(r.status()).as("%s × %s × %s: %s", scope, who, vis, r.body()).isEqualTo(want);
                    }));
                }
            }
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> group_package_lists_show_only_what_the_caller_may_read() {
        long group = server.root().get("/api/v4/groups/matrix").json().get("id").asLong();
        Map<Who, Integer> visibleProjects = new LinkedHashMap<>();
        visibleProjects.put(Who.ANONYMOUS, 1);
        visibleProjects.put(Who.NON_MEMBER, 2);
        visibleProjects.put(Who.GUEST, 2);
        visibleProjects.put(Who.REPORTER, 3);
        visibleProjects.put(Who.ADMIN, 3);
        visibleProjects.put(Who.JOB_OTHER, 1);
        return visibleProjects.entrySet().stream().map(en -> DynamicTest.dynamicTest(
                "GET group packages × " + en.getKey() + " → " + en.getValue() + " projects", () -> {
                    String[] cred = shared.get(en.getKey());
                    Api api = cred == null ? server.anonymous() : server.as(cred[0], cred[1]);
                    Api.Response r = api.get("/api/v4/groups/" + group + "/packages?package_name=readable&package_type=generic");
                    assertThat(r.status()).isEqualTo(200);
                    assertThat(r.json()).hasSize(en.getValue());
                }));
    }

    static String repo(Vis vis) { return "matrix/" + vis.name().toLowerCase() + "/img"; }

    /** A container registry endpoint, called on the image of a project of the matrix. */
    record RegistryEndpoint(String name, Kind kind, Style style, int success, RegistryCall call) {
        RegistryEndpoint(String name, Kind kind, int success, RegistryCall call) {
            this(name, kind, Style.FORMAT, success, call);
        }
    }

    @FunctionalInterface
    interface RegistryCall {
        Api.Response run(Api api, Vis vis, String unique);
    }

    /** How a caller presents its credential to /v2/: through a token from /jwt/auth, or directly. */
    enum Mode { TOKEN, DIRECT }

    List<RegistryEndpoint> registryEndpoints() {
        List<RegistryEndpoint> e = new ArrayList<>();
        e.add(new RegistryEndpoint("GET manifest", Kind.READ, 200,
                (api, vis, u) -> api.get("/v2/" + repo(vis) + "/manifests/v1")));
        e.add(new RegistryEndpoint("HEAD manifest", Kind.READ, 200,
                (api, vis, u) -> api.head("/v2/" + repo(vis) + "/manifests/" + images.get(vis))));
        e.add(new RegistryEndpoint("GET blob", Kind.READ, 200, (api, vis, u) -> api.get("/v2/" + repo(vis)
                + "/blobs/" + OciRequests.digest(("layer " + vis.name()).getBytes()))));
        e.add(new RegistryEndpoint("GET tags", Kind.READ, 200,
                (api, vis, u) -> api.get("/v2/" + repo(vis) + "/tags/list")));
        e.add(new RegistryEndpoint("GET referrers", Kind.READ, 200,
                (api, vis, u) -> api.get("/v2/" + repo(vis) + "/referrers/" + images.get(vis))));
        e.add(new RegistryEndpoint("POST blob upload", Kind.WRITE, 202, (api, vis, u) -> api.send(
                api.request("/v2/" + repo(vis) + "/blobs/uploads/").POST(java.net.http.HttpRequest.BodyPublishers.noBody()))));
        e.add(new RegistryEndpoint("PUT manifest", Kind.WRITE, 201, (api, vis, u) -> OciRequests.putManifest(api, repo(vis),
                "t" + u, OciRequests.manifest(("{\"architecture\":\"amd64\",\"os\":\"linux\",\"unique\":\"" + vis.name()
                        + "\"}").getBytes(), ("layer " + vis.name()).getBytes()))));
        e.add(new RegistryEndpoint("DELETE tag", Kind.DELETE, 202, (api, vis, u) -> {
            OciRequests.image(server.root(), repo(vis), "d" + u, vis.name());
            return api.delete("/v2/" + repo(vis) + "/manifests/d" + u);
        }));
        e.add(new RegistryEndpoint("API GET registry repositories", Kind.READ, Style.API, 200, (api, vis, u) ->
                api.get("/api/v4/projects/" + projects.get(vis).id() + "/registry/repositories")));
        e.add(new RegistryEndpoint("API GET registry tags", Kind.READ, Style.API, 200, (api, vis, u) ->
                api.get("/api/v4/projects/" + projects.get(vis).id() + "/registry/repositories/"
                        + repositoryId(vis) + "/tags")));
        e.add(new RegistryEndpoint("API DELETE registry tag", Kind.DELETE, Style.API, 200, (api, vis, u) -> {
            OciRequests.image(server.root(), repo(vis), "a" + u, vis.name());
            return api.delete("/api/v4/projects/" + projects.get(vis).id() + "/registry/repositories/"
                    + repositoryId(vis) + "/tags/a" + u);
        }));
        e.add(new RegistryEndpoint("DELETE blob", Kind.DELETE, 202, (api, vis, u) -> {
            byte[] blob = ("deletable " + u).getBytes();
            assertThat(OciRequests.pushBlob(server.root(), repo(vis), blob).status()).isEqualTo(201);
            return api.delete("/v2/" + repo(vis) + "/blobs/" + OciRequests.digest(blob));
        }));
        return e;
    }

    private long repositoryId(Vis vis) {
        return server.root().get("/api/v4/projects/" + projects.get(vis).id() + "/registry/repositories").json().get(0)
                .get("id").asLong();
    }

    /** The Basic user and secret of a matrix credential, as a Docker client would send them to /jwt/auth. */
    private static String[] basicPair(String[] cred) {
        if (cred[0].equals("Authorization")) {
            String decoded = new String(java.util.Base64.getDecoder().decode(cred[1].substring(6)));
            return decoded.split(":", 2);
        }
        return new String[] {cred[0].equals("Job-Token") ? "gitlab-ci-token" : "someone", cred[1]};
    }

    private Api registryCaller(Mode mode, String[] cred, Vis vis, Api.Response[] failedToken) {
        if (mode == Mode.DIRECT) return cred == null ? server.anonymous() : server.as(cred[0], cred[1]);
        String[] pair = cred == null ? null : basicPair(cred);
        Api.Response token = OciRequests.token(server, pair == null ? null : pair[0], pair == null ? null : pair[1],
                "repository:" + repo(vis) + ":pull,push,delete");
        if (token.status() != 200) {
            failedToken[0] = token;
            return null;
        }
        return server.as("Authorization", "Bearer " + token.json().get("token").asString());
    }

    /**
     * Every container registry endpoint × caller × visibility, with the credential sent the Docker way (Basic to
     * /jwt/auth, then the token) and directly; deploy tokens here carry read_registry / write_registry.
     */
    @TestFactory
    Stream<DynamicTest> every_registry_endpoint_for_every_caller_visibility_and_credential_style() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Mode mode : Mode.values()) {
            for (RegistryEndpoint e : registryEndpoints()) {
                if (mode == Mode.TOKEN && e.style() == Style.API) continue;   // the REST API takes no registry token
                Endpoint same = new Endpoint(e.name(), e.kind(), e.style(), e.success(), null);
                for (Vis vis : Vis.values()) {
                    for (Who who : Who.values()) {
                        int want = expected(same, who, vis);
                        tests.add(DynamicTest.dynamicTest(mode + " " + e.name() + " × " + who + " × " + vis + " → " + want,
                                () -> {
                            String[] cred = registryDeploy.get(vis).containsKey(who) ? registryDeploy.get(vis).get(who)
                                    : shared.containsKey(who) ? shared.get(who) : projects.get(vis).credentials().get(who);
                            Api.Response[] failed = new Api.Response[1];
                            Api api = registryCaller(mode, cred, vis, failed);
                            Api.Response r = api == null ? failed[0]
                                    : e.call().run(api, vis, String.valueOf(counter.incrementAndGet()));
                            assertThat(r.status()).as("%s %s × %s × %s: %s", mode, e.name(), who, vis, r.body())
                                    .isEqualTo(want);
                            if (want == 401) {
                                assertThat(r.header("WWW-Authenticate"))
                                        .startsWith(api == null || e.style() == Style.API ? "Basic realm=" : "Bearer realm=");
                            }
                            if (want >= 400 && api != null && e.style() == Style.FORMAT && !e.name().startsWith("HEAD")) assertThat(r.json().get("errors").get(0).has("code")).isTrue();
                        }));
                    }
                }
            }
        }
        return tests.stream();
    }

    /** Scopes keep the two registries apart: package scopes open no image, registry scopes open no package. */
    @TestFactory
    Stream<DynamicTest> package_and_registry_scopes_do_not_cross() {
        Project p = projects.get(Vis.PRIVATE);
        return Stream.of(
                DynamicTest.dynamicTest("deploy token read_package_registry × GET manifest → 403", () -> assertThat(
                        server.as(p.credentials().get(Who.DEPLOY_READ)[0], p.credentials().get(Who.DEPLOY_READ)[1])
                                .get("/v2/" + repo(Vis.PRIVATE) + "/manifests/v1").status()).isEqualTo(403)),
                DynamicTest.dynamicTest("deploy token read_registry × GET generic file → 403", () -> assertThat(
                        server.as(registryDeploy.get(Vis.PRIVATE).get(Who.DEPLOY_READ)[0],
                                registryDeploy.get(Vis.PRIVATE).get(Who.DEPLOY_READ)[1])
                                .get(generic(p.id(), "readable", "1.0.0", "f.txt")).status()).isEqualTo(403)),
                DynamicTest.dynamicTest("token read_package_registry × /jwt/auth pull → no access granted", () -> {
                    long user = server.root().get("/api/v4/users?username=reporter").json().get(0).get("id").asLong();
                    String narrow = world.token(user, List.of("read_package_registry"), null);
                    Api.Response t = OciRequests.token(server, "reporter", narrow, "repository:" + repo(Vis.PRIVATE) + ":pull");
                    Api bearer = server.as("Authorization", "Bearer " + t.json().get("token").asString());
                    assertThat(t.status()).isEqualTo(200);
                    assertThat(bearer.get("/v2/" + repo(Vis.PRIVATE) + "/manifests/v1").status()).isEqualTo(403);
                }));
    }

    /** The catalog lists the repositories of the projects the caller may pull from, and nothing else. */
    @TestFactory
    Stream<DynamicTest> the_catalog_shows_only_readable_repositories() {
        Map<Who, List<String>> visible = new LinkedHashMap<>();
        visible.put(Who.ANONYMOUS, List.of(repo(Vis.PUBLIC)));
        visible.put(Who.NON_MEMBER, List.of(repo(Vis.INTERNAL), repo(Vis.PUBLIC)));
        visible.put(Who.GUEST, List.of(repo(Vis.INTERNAL), repo(Vis.PUBLIC)));
        visible.put(Who.REPORTER, List.of(repo(Vis.INTERNAL), repo(Vis.PRIVATE), repo(Vis.PUBLIC)));
        visible.put(Who.ADMIN, List.of(repo(Vis.INTERNAL), repo(Vis.PRIVATE), repo(Vis.PUBLIC)));
        visible.put(Who.JOB_OTHER, List.of(repo(Vis.PUBLIC)));
        return visible.entrySet().stream().map(en -> DynamicTest.dynamicTest(
                "GET /v2/_catalog × " + en.getKey() + " → " + en.getValue(), () -> {
                    String[] cred = shared.get(en.getKey());
                    String[] pair = cred == null ? null : basicPair(cred);
                    Api.Response t = OciRequests.token(server, pair == null ? null : pair[0],
                            pair == null ? null : pair[1], "registry:catalog:*");
                    Api.Response r = server.as("Authorization", "Bearer " + t.json().get("token").asString())
                            .get("/v2/_catalog");
                    List<String> names = new ArrayList<>();
                    r.json().get("repositories").forEach(n -> {
                        if (n.asString().startsWith("matrix/")) names.add(n.asString()); // not the route table's images
                    });
                    assertThat(r.status()).isEqualTo(200);
                    assertThat(names).isEqualTo(en.getValue());
                }));
    }

    /** The callers the route table is probed with (job and deploy tokens: the matrix above). */
    static final List<Who> TABLE_CALLERS = List.of(Who.ANONYMOUS, Who.NON_MEMBER, Who.GUEST, Who.REPORTER,
            Who.DEVELOPER, Who.MAINTAINER, Who.ADMIN, Who.EXPIRED);

    /** What a response means for access: allowed (any answer past the access check), or 401, 403, 404. */
    static String outcome(int status) {
        if (status == 401 || status == 403 || status == 404) return String.valueOf(status);
        if (status < 500 && status != 429) return "allowed";
        return "status " + status;
    }

    static String expected(Row row, Who who, Vis vis) {
        Rule rule = row.rule();
        if (rule == Rule.PUBLIC) return "allowed";
        if (who == Who.EXPIRED) return "401";
        boolean anonymous = who == Who.ANONYMOUS;
        boolean canSee = row.scope() == Scope.NONE || switch (who) {
            case ANONYMOUS -> vis == Vis.PUBLIC;
            case NON_MEMBER -> vis != Vis.PRIVATE;
            default -> true;
        };
        return switch (rule) {
            case ANY -> "allowed";
            case SIGNED_IN -> anonymous ? "401" : "allowed";
            case ADMIN -> anonymous ? "401" : who == Who.ADMIN ? "allowed" : "403";
            case JOB -> "401";
            case SEE -> canSee ? "allowed" : "404";
            // an anonymous caller may be asked to sign in before it learns whether the thing exists
            case MAINTAIN -> !canSee ? (anonymous ? "401|404" : "404")
                    : who == Who.MAINTAINER || who == Who.ADMIN ? "allowed" : anonymous ? "401" : "403";
            case OWN -> !canSee ? (anonymous ? "401|404" : "404") : who == Who.ADMIN ? "allowed" : anonymous ? "401" : "403";
            case WHOAMI -> {
                int e = expected(new Endpoint(row.route(), Kind.READ, Style.FORMAT, 200, null), who, vis);
                yield anonymous ? "401" : e == 200 ? "allowed" : String.valueOf(e);
            }
            case SEE_FORMAT -> canSee ? "allowed" : anonymous ? "401" : "404";
            case LISTING -> "allowed";
            case TOKEN_OWNER -> anonymous ? "401" : who == Who.NON_MEMBER || who == Who.ADMIN ? "allowed" : "404";
            case PACKAGE_HIDDEN -> {
                int e = expected(new Endpoint(row.route(), row.kind(), row.style(), 200, null), who, vis);
                yield e == 200 ? "allowed" : e == 403 ? "404" : String.valueOf(e);
            }
            case PACKAGE -> {
                int e = expected(new Endpoint(row.route(), row.kind(), row.style(), 200, null), who, vis);
                yield e == 200 ? "allowed" : String.valueOf(e);
            }
            case GROUP_PACKAGE -> {
                boolean read = expected(new Endpoint("read", Kind.READ, Style.FORMAT, 200, null), who, vis) == 200;
                boolean allowed = expected(new Endpoint(row.route(), row.kind(), Style.FORMAT, 200, null), who, vis) == 200;
                yield allowed ? "allowed" : anonymous ? "401" : read ? "403" : "404";
            }
            case PUBLIC -> "allowed";
            case WEB, MATRIX -> throw new IllegalStateException(rule + " rows are not probed this way");
        };
    }

    /**
     * The whole route table: every route the server registers has a row (a new route without one fails here), every
     * row is a route, and every probed row answers each caller kind, on projects and groups of each visibility, as
     * its rule says. Web UI routes need a browser session: anonymous callers must be sent away from private pages.
     */
    @TestFactory
    Stream<DynamicTest> every_route_has_a_rule_and_keeps_it_for_every_caller_and_visibility() {
        PermissionTable table = new PermissionTable(this);
        List<String> routes = server.routes();
        List<DynamicTest> tests = new ArrayList<>();
        tests.add(DynamicTest.dynamicTest("every route is in the permission table", () -> assertThat(
                routes.stream().filter(r -> !table.rows().containsKey(r)).toList()).as("routes without a rule").isEmpty()));
        tests.add(DynamicTest.dynamicTest("every row of the permission table is a route", () -> assertThat(
                table.rows().keySet().stream().filter(r -> !routes.contains(r)).toList()).as("rows of no route").isEmpty()));
        java.util.Set<String> probed = new java.util.HashSet<>();
        endpoints().forEach(e -> probed.add(e.name()));
        registryEndpoints().forEach(e -> probed.add(e.name()));
        tests.add(DynamicTest.dynamicTest("matrix rows name endpoints the matrix probes", () -> {
            for (Row row : table.rows().values()) {
                if (row.rule() != Rule.MATRIX) continue;
                for (String name : row.note().split(", ")) {
                    if (name.matches("(GET|PUT|POST|DELETE|API) .*") && !name.contains("…")) {
                        assertThat(probed).as(row.route()).contains(name);
                    }
                }
            }
        }));
        for (Row row : table.rows().values()) {
            if (row.probe() == null) continue;
            List<Vis> visibilities = row.scope() == Scope.NONE ? List.of(Vis.PRIVATE) : List.of(Vis.values());
            if (row.rule() == Rule.WEB) {
                Vis vis = Vis.PRIVATE;
                tests.add(DynamicTest.dynamicTest(row.route() + " × ANONYMOUS × " + vis + " → sent away", () -> {
                    Api.Response r = row.probe().run(server.anonymous(), vis, String.valueOf(counter.incrementAndGet()));
                    assertThat(r.status()).as("%s: %s", row.route(), r.body()).isIn(302, 303, 401, 403, 404);
                }));
                continue;
            }
            for (Vis vis : visibilities) {
                for (Who who : TABLE_CALLERS) {
                    String want = expected(row, who, vis);
                    String label = row.route() + " × " + who + (row.scope() == Scope.NONE ? "" : " × " + vis)
                            + " → " + want;
                    tests.add(DynamicTest.dynamicTest(label, () -> {
                        String[] cred = shared.get(who);
                        Api api = cred == null ? server.anonymous() : server.as(cred[0], cred[1]);
                        Api.Response r = row.probe().run(api, vis, String.valueOf(counter.incrementAndGet()));
                        assertThat(List.of(want.split("\\|"))).as("%s × %s × %s: %d %s", row.route(), who, vis, r.status(),
                                r.body().length() > 300 ? r.body().substring(0, 300) : r.body()).contains(outcome(r.status()));
                        if (row.rule() == Rule.LISTING) {
                            boolean mayRead = expected(new Endpoint("read", Kind.READ, Style.FORMAT, 200, null), who, vis) == 200;
                            String marker = "only-" + vis.name().toLowerCase();
                            assertThat(r.body().toLowerCase().contains(marker)).as("%s × %s lists %s: %s", row.route(), who,
                                    marker, r.body()).isEqualTo(mayRead);
                        }
                    }));
                }
            }
        }
        return tests.stream();
    }
}
