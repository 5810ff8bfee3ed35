package depot.it.api;

import static org.assertj.core.api.Assertions.assertThat;

import depot.it.formats.CrashPublish;
import depot.it.formats.FormatTestKit;
import depot.it.formats.FormatTestKits;
import depot.it.formats.GroupRead;
import depot.it.formats.Kind;
import depot.it.formats.MatrixEndpoint;
import depot.it.formats.MatrixRegistry;
import depot.it.formats.MatrixRegistry.Presentation;
import depot.it.formats.MatrixRegistry.Presented;
import depot.it.formats.MatrixWorld;
import depot.it.formats.PermissionRows.Row;
import depot.it.formats.PermissionRows.Scope;
import depot.it.formats.Rule;
import depot.it.formats.Style;
import depot.it.formats.Vis;
import depot.it.support.Api;
import depot.it.support.Backend;
import depot.it.support.TestServer;
import depot.it.support.World;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * server's AccessService. The callers, the visibilities and the rules are this class's, and so are the package API's
 * endpoints (the server's); everything of a format — its fixtures, its endpoints, its reads at group and instance
 * endpoints, a registry with credentials of its own, its rows of the route table — comes from its
 * {@link FormatTestKit}, so a new format edits nothing here.
 *
 * <p>On SQLite every combination is sent. On PostgreSQL + S3 (the scale-out run) the rules are the same code and what
 * is new is the SQL behind them, so there each endpoint meets every caller at one visibility, turning with the endpoint
 * ({@link #onThisStack}): every endpoint × caller, endpoint × visibility and caller × visibility pair is still sent.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthorizationMatrixTest {
    enum Who { ANONYMOUS, NON_MEMBER, GUEST, REPORTER, DEVELOPER, MAINTAINER, ADMIN, DEPLOY_READ, DEPLOY_WRITE,
        JOB_THIS, JOB_OTHER, EXPIRED, REVOKED }

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
    /** The kits' registries with credentials of their own. */
    List<MatrixRegistry> registries;

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
            own.put(Who.DEPLOY_READ, matrix.deployCredential(vis, MatrixWorld.READ_PACKAGES));
            own.put(Who.DEPLOY_WRITE, matrix.deployCredential(vis, MatrixWorld.WRITE_PACKAGES));
            own.put(Who.JOB_THIS, new String[] {"Job-Token", world.job(id, developer.id()).get("token").asString()});
            long packageId = root.get("/api/v4/projects/" + id + "/packages?package_name=readable").json().get(0)
                    .get("id").asLong();
            projects.put(vis, new Project(id, vis, packageId, own));
        }
        registries = KITS.stream().flatMap(kit -> kit.matrixRegistry(matrix).stream()).toList();
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

    private Api caller(Who who, Vis vis) { return api(credential(who, vis)); }

    private Api api(String[] credential) {
        return credential == null ? server.anonymous() : server.as(credential[0], credential[1]);
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

    /**
     * A new package in the project, for an endpoint to delete: published by the first kit's publisher (the one the
     * crash-safety test uses); its id.
     */
    private long freshPackage(Vis vis, String unique) {
        CrashPublish publish = KITS.stream().flatMap(kit -> kit.crashPublisher().stream()).findFirst().orElseThrow()
                .next(matrix.packages(vis), Integer.parseInt(unique), new byte[] {7});
        Api.Response r = publish.send().apply(server.root());
        assertThat(r.status()).as("%s: %s", publish.what(), r.body()).isBetween(200, 299);
        return server.root().get("/api/v4/projects/" + matrix.project(vis) + "/packages?order_by=created_at&sort=desc")
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

    /** The callers whose listings across projects the matrix checks (their credentials are not a project's). */
    static final List<Who> LISTING_CALLERS = List.of(Who.ANONYMOUS, Who.NON_MEMBER, Who.GUEST, Who.REPORTER,
            Who.ADMIN, Who.JOB_OTHER);

    /** The visibilities of the projects whose packages the caller may read. */
    static List<Vis> readable(Who who) {
        return Stream.of(Vis.values()).filter(vis -> expected(READ, who, vis) == 200).toList();
    }

    /**
     * Whether the {@code row}th endpoint (of any factory here) meets caller {@code who} at {@code vis} on this stack:
     * always on SQLite; on the scale-out stack at one visibility per endpoint and caller, turning with both.
     */
    static boolean onThisStack(int row, Who who, Vis vis) {
        return !TestServer.SCALE_OUT || vis.ordinal() == (row + who.ordinal()) % Vis.values().length;
    }

    @TestFactory
    Stream<DynamicTest> every_endpoint_for_every_caller_and_visibility() {
        List<DynamicTest> tests = new ArrayList<>();
        int row = 0;
        for (MatrixEndpoint e : endpoints()) {
            row++;
            for (Vis vis : Vis.values()) {
                for (Who who : Who.values()) {
                    if (!onThisStack(row, who, vis)) continue;
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
        int row = 0;
        for (GroupRead read : KITS.stream().flatMap(kit -> kit.groupReads(matrix).stream()).toList()) {
            row++;
            for (Vis vis : Vis.values()) {
                for (Who who : Who.values()) {
                    if (!onThisStack(row, who, vis)) continue;
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

    /** A group's package list shows the packages of exactly the projects the caller may read. */
    @TestFactory
    Stream<DynamicTest> group_package_lists_show_only_what_the_caller_may_read() {
        long group = server.root().get("/api/v4/groups/matrix").json().get("id").asLong();
        return LISTING_CALLERS.stream().map(who -> DynamicTest.dynamicTest(
                "GET group packages × " + who + " → " + readable(who).size() + " projects", () -> {
                    Api.Response r = api(shared.get(who)).get("/api/v4/groups/" + group
                            + "/packages?package_name=readable&per_page=100");
                    assertThat(r.status()).isEqualTo(200);
                    Set<Long> listed = new HashSet<>();
                    r.json().forEach(p -> listed.add(p.get("project_id").asLong()));
                    assertThat(listed).containsExactlyInAnyOrderElementsOf(readable(who).stream().map(matrix::project)
                            .toList());
                }));
    }

    /**
     * Every endpoint of a registry with credentials of its own (a kit's {@link MatrixRegistry}) × caller ×
     * visibility, in each way the registry takes a credential; deploy tokens here carry the registry's scopes.
     */
    @TestFactory
    Stream<DynamicTest> every_registry_endpoint_for_every_caller_visibility_and_credential_style() {
        List<DynamicTest> tests = new ArrayList<>();
        int row = 0;
        for (MatrixRegistry registry : registries) {
            for (Presentation how : registry.presentations()) {
                for (MatrixEndpoint e : registry.endpoints()) {
                    if (!how.presents(e)) continue;
                    row++;
                    for (Vis vis : Vis.values()) {
                        for (Who who : Who.values()) {
                            if (!onThisStack(row, who, vis)) continue;
                            int want = expected(e, who, vis);
                            String name = how.name() + " " + e.name() + " × " + who + " × " + vis + " → " + want;
                            tests.add(DynamicTest.dynamicTest(name, () -> {
                                Presented caller = how.present(registryCredential(registry, who, vis), vis);
                                Api.Response r = caller.api() == null ? caller.refusal()
                                        : e.call().run(caller.api(), vis, matrix.unique());
                                assertThat(r.status()).as("%s: %s", name, r.body()).isEqualTo(want);
                                if (want >= 400) registry.checkRefusal(e, want, r, caller.api() != null);
                            }));
                        }
                    }
                }
            }
        }
        return tests.stream();
    }

    /** At a registry, the matrix's deploy tokens carry its own scopes; the other callers are the package matrix's. */
    private String[] registryCredential(MatrixRegistry registry, Who who, Vis vis) {
        return switch (who) {
            case DEPLOY_READ -> matrix.deployCredential(vis, registry.readScope());
            case DEPLOY_WRITE -> matrix.deployCredential(vis, registry.writeScope());
            default -> credential(who, vis);
        };
    }

    /**
     * Scopes keep each registry and the packages apart (the registry's checks, given the first package endpoint of
     * the matrix that reads).
     */
    @TestFactory
    Stream<DynamicTest> package_and_registry_scopes_do_not_cross() {
        MatrixEndpoint packageRead = endpoints().stream().filter(e -> e.kind() == Kind.READ).findFirst().orElseThrow();
        return registries.stream().flatMap(registry -> registry.scopeChecks(packageRead).stream());
    }

    /** A registry's catalog lists the fixtures of the projects the caller may read from, and nothing else. */
    @TestFactory
    Stream<DynamicTest> the_catalog_shows_only_readable_repositories() {
        return registries.stream().flatMap(registry -> LISTING_CALLERS.stream().map(who -> {
            List<String> want = readable(who).stream().map(registry::fixture).sorted().toList();
            return DynamicTest.dynamicTest(registry.catalogName() + " × " + who + " → " + want,
                    () -> assertThat(registry.catalog(shared.get(who))).isEqualTo(want));
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
            case REPORT -> !canSee ? (anonymous ? "401|404" : "404")
                    : java.util.Set.of(Who.REPORTER, Who.DEVELOPER, Who.MAINTAINER, Who.ADMIN).contains(who) ? "allowed"
                    : anonymous ? "401" : "403";
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
        Set<String> probed = new HashSet<>();
        endpoints().forEach(e -> probed.add(e.name()));
        registries.forEach(registry -> registry.endpoints().forEach(e -> probed.add(e.name())));
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
        int index = 0;
        for (Row row : table.rows().values()) {
            if (row.probe() == null) continue;
            index++;
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
                    if (visibilities.size() > 1 && !onThisStack(index, who, vis)) continue;
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
