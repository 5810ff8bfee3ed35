package depot.it.api;

import static org.assertj.core.api.Assertions.assertThat;

import depot.it.formats.FormatTestKit;
import depot.it.formats.FormatTestKits;
import depot.it.formats.GroupRead;
import depot.it.formats.Kind;
import depot.it.formats.MatrixEndpoint;
import depot.it.formats.MatrixWorld;
import depot.it.formats.PermissionRows.Row;
import depot.it.formats.PermissionRows.Scope;
import depot.it.formats.Rule;
import depot.it.formats.Style;
import depot.it.formats.Vis;
import depot.it.support.Api;
import depot.it.support.Backend;
import depot.it.support.OciRequests;
import depot.it.support.TestServer;
import depot.it.support.World;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * Every package endpoint × every kind of caller × every project visibility → the status GitLab's rules give
 * (ARCHITECTURE.md, "Authorization"). The expected statuses are written out below, independently of the
 * server's AccessService. A format's endpoints, its reads at group and instance endpoints and the fixtures they call
 * come from its {@link FormatTestKit}; the package API's endpoints are the server's, below.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthorizationMatrixTest {
    enum Who { ANONYMOUS, NON_MEMBER, GUEST, REPORTER, DEVELOPER, MAINTAINER, ADMIN, DEPLOY_READ, DEPLOY_WRITE,
        JOB_THIS, JOB_OTHER, EXPIRED, REVOKED }

    /** The scopes of the projects' deploy tokens (DEPLOY_READ, DEPLOY_WRITE) at package endpoints. */
    static final String READ_PACKAGES = "read_package_registry";
    static final String WRITE_PACKAGES = "write_package_registry";

    /** A project of the matrix with a readable package, and the credentials tied to it. */
    record Project(long id, Vis vis, long packageId, Map<Who, String[]> credentials) {}

    private static final List<FormatTestKit> KITS = FormatTestKits.all();
    TestServer server;
    World world;
    MatrixWorld matrix;
    final Map<Vis, Project> projects = new LinkedHashMap<>();
    final Map<Who, String[]> shared = new LinkedHashMap<>();
    /** Per visibility, a group with the same members (at the same levels) as the matrix projects. */
    final Map<Vis, Long> groups = new LinkedHashMap<>();
    final Map<String, Long> users = new LinkedHashMap<>();
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
        users.put("guest", guest.id());
        users.put("reporter", reporter.id());
        users.put("developer", developer.id());
        users.put("maintainer", maintainer.id());
        users.put("nonmember", nonMember.id());
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

        Map<Vis, Long> projectIds = new LinkedHashMap<>();
        for (Vis vis : Vis.values()) {
            projectIds.put(vis, withMembers("projects", world.project(group, vis.value(), vis.value())));
            groups.put(vis, withMembers("groups", world.group("g" + vis.value(), vis.value())));
        }
        matrix = new MatrixWorld(server, projectIds, groups);
        KITS.forEach(kit -> kit.publishFixtures(matrix));
        for (Vis vis : Vis.values()) {
            long id = matrix.project(vis);
            Map<Who, String[]> own = new LinkedHashMap<>();
            own.put(Who.DEPLOY_READ, matrix.deployCredential(vis, READ_PACKAGES));
            own.put(Who.DEPLOY_WRITE, matrix.deployCredential(vis, WRITE_PACKAGES));
            own.put(Who.JOB_THIS, new String[] {"Job-Token", world.job(id, developer.id()).get("token").asString()});
            registryDeploy.put(vis, Map.of(
                    Who.DEPLOY_READ, matrix.deployCredential(vis, "read_registry"),
                    Who.DEPLOY_WRITE, matrix.deployCredential(vis, "write_registry")));
            images.put(vis, OciRequests.image(root, repo(vis), "v1", vis.name()));
            long packageId = root.get("/api/v4/projects/" + id + "/packages?package_name=readable").json().get(0)
                    .get("id").asLong();
            projects.put(vis, new Project(id, vis, packageId, own));
        }
    }

    /** Makes the guest, reporter, developer and maintainer members of the project or group at their levels. */
    private long withMembers(String kind, long id) {
        world.member(kind, id, users.get("guest"), 10);
        world.member(kind, id, users.get("reporter"), 20);
        world.member(kind, id, users.get("developer"), 30);
        world.member(kind, id, users.get("maintainer"), 40);
        return id;
    }

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

    /** The credential of that kind of caller at the project of that visibility, as a header (null for none). */
    private String[] credential(Who who, Vis vis) {
        return shared.containsKey(who) ? shared.get(who) : projects.get(vis).credentials().get(who);
    }

    private Api caller(Who who, Vis vis) {
        String[] cred = credential(who, vis);
        return cred == null ? server.anonymous() : server.as(cred[0], cred[1]);
    }

    static String generic(long project, String name, String version, String file) {
        return "/api/v4/projects/" + project + "/packages/generic/" + name + "/" + version + "/" + file;
    }

    /** Every format's endpoints of the matrix, in the order of the kits, then the package API's. */
    List<MatrixEndpoint> endpoints() {
        List<MatrixEndpoint> e = new ArrayList<>();
        KITS.forEach(kit -> e.addAll(kit.matrixEndpoints(matrix)));
        e.addAll(packagesApi());
        return e;
    }

    /** The package API: the server's endpoints for the packages of every format. */
    private List<MatrixEndpoint> packagesApi() {
        Function<Vis, String> packages = vis -> "/api/v4/projects/" + projects.get(vis).id() + "/packages";
        Function<Vis, String> readable = vis -> packages.apply(vis) + "/" + projects.get(vis).packageId();
        return List.of(
                new MatrixEndpoint("GET project packages", Kind.READ, Style.API, 200,
                        (api, vis, u) -> api.get(packages.apply(vis))),
                new MatrixEndpoint("GET package", Kind.READ, Style.API, 200,
                        (api, vis, u) -> api.get(readable.apply(vis))),
                new MatrixEndpoint("GET package files", Kind.READ, Style.API, 200,
                        (api, vis, u) -> api.get(readable.apply(vis) + "/package_files")),
                new MatrixEndpoint("GET package pipelines", Kind.READ, Style.API, 200,
                        (api, vis, u) -> api.get(readable.apply(vis) + "/pipelines")),
                new MatrixEndpoint("DELETE package", Kind.DELETE, Style.API, 204,
                        (api, vis, u) -> api.delete(packages.apply(vis) + "/" + freshPackage(vis, u))),
                new MatrixEndpoint("DELETE package file", Kind.DELETE, Style.API, 204, (api, vis, u) -> {
                    String fresh = packages.apply(vis) + "/" + freshPackage(vis, u);
                    long file = server.root().get(fresh + "/package_files").json().get(0).get("id").asLong();
                    return api.delete(fresh + "/package_files/" + file);
                }));
    }

    private long freshPackage(Vis vis, String unique) {
        Api root = server.root();
        long id = projects.get(vis).id();
        assertThat(root.putBytes(generic(id, "deletable", "2.0." + unique, "f.txt"), new byte[] {7}).status())
                .isEqualTo(201);
        return root.get("/api/v4/projects/" + id + "/packages?package_name=deletable&package_version=2.0." + unique)
                .json().get(0).get("id").asLong();
    }

    /** GitLab's rules, written out as a table. */
    static int expected(MatrixEndpoint e, Who who, Vis vis) {
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

    /** A package endpoint that reads, for the rules of calls that read on a caller's behalf. */
    private static final MatrixEndpoint READ = new MatrixEndpoint("read", Kind.READ, Style.FORMAT, 200, null);

    @TestFactory
    Stream<DynamicTest> every_endpoint_for_every_caller_and_visibility() {
        List<DynamicTest> tests = new ArrayList<>();
        for (MatrixEndpoint e : endpoints()) {
            for (Vis vis : Vis.values()) {
                for (Who who : Who.values()) {
                    int want = expected(e, who, vis);
                    tests.add(DynamicTest.dynamicTest(e.name() + " × " + who + " × " + vis + " → " + want, () -> {
                        Api.Response r = e.call().run(caller(who, vis), vis, matrix.unique());
                        assertThat(r.status()).as("%s × %s × %s: %s", e.name(), who, vis, r.body()).isEqualTo(want);
                        if (want == 401) assertThat(r.header("WWW-Authenticate")).startsWith("Basic realm=");
                    }));
                }
            }
        }
        return tests.stream();
    }

    /**
     * Group and instance endpoints (each format's {@link GroupRead}s) serve a file only from projects the caller may
     * read; a caller without credentials gets the challenge instead of a 404.
     */
    @TestFactory
    Stream<DynamicTest> group_and_instance_endpoints_serve_only_readable_projects() {
        List<DynamicTest> tests = new ArrayList<>();
        for (GroupRead read : KITS.stream().flatMap(kit -> kit.groupReads(matrix).stream()).toList()) {
            for (Vis vis : Vis.values()) {
                for (Who who : Who.values()) {
                    boolean mayRead = expected(READ, who, vis) == 200;
                    int want = mayRead ? 200 : (who == Who.ANONYMOUS || who == Who.EXPIRED || who == Who.REVOKED) ? 401 : 404;
                    tests.add(DynamicTest.dynamicTest("GET " + read.url() + " × " + who + " × " + vis + " → " + want, () -> {
                        Api.Response r = caller(who, vis).get(read.url() + read.only().apply(vis));
                        assertThat(r.status()).as("%s × %s × %s: %s", read.url(), who, vis, r.body()).isEqualTo(want);
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
                MatrixEndpoint same = new MatrixEndpoint(e.name(), e.kind(), e.style(), e.success(), null);
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
                                    : e.call().run(api, vis, matrix.unique());
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
                int e = expected(new MatrixEndpoint(row.route(), Kind.READ, Style.FORMAT, 200, null), who, vis);
                yield anonymous ? "401" : e == 200 ? "allowed" : String.valueOf(e);
            }
            case SEE_FORMAT -> canSee ? "allowed" : anonymous ? "401" : "404";
            case LISTING -> "allowed";
            case TOKEN_OWNER -> anonymous ? "401" : who == Who.NON_MEMBER || who == Who.ADMIN ? "allowed" : "404";
            case PACKAGE_HIDDEN -> {
                int e = expected(new MatrixEndpoint(row.route(), row.kind(), row.style(), 200, null), who, vis);
                yield e == 200 ? "allowed" : e == 403 ? "404" : String.valueOf(e);
            }
            case PACKAGE -> {
                int e = expected(new MatrixEndpoint(row.route(), row.kind(), row.style(), 200, null), who, vis);
                yield e == 200 ? "allowed" : String.valueOf(e);
            }
            case GROUP_PACKAGE -> {
                boolean read = expected(READ, who, vis) == 200;
                boolean allowed = expected(new MatrixEndpoint(row.route(), row.kind(), Style.FORMAT, 200, null), who, vis) == 200;
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
                    Api.Response r = row.probe().run(server.anonymous(), vis, matrix.unique());
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
                        Api.Response r = row.probe().run(api, vis, matrix.unique());
                        assertThat(List.of(want.split("\\|"))).as("%s × %s × %s: %d %s", row.route(), who, vis, r.status(),
                                r.body().length() > 300 ? r.body().substring(0, 300) : r.body()).contains(outcome(r.status()));
                        if (row.rule() == Rule.LISTING) {
                            boolean mayRead = expected(READ, who, vis) == 200;
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
