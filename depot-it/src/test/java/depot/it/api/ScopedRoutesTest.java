package depot.it.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import depot.core.access.Action;
import depot.core.model.Package;
import depot.core.model.PackageFile;
import depot.http.FormatContext;
import depot.http.FormatRoutes;
import depot.http.HttpAuth;
import depot.http.Mounts;
import depot.http.PackageDetails;
import depot.http.PackageFormat;
import depot.it.support.Api;
import depot.it.support.Backend;
import depot.it.support.TestServer;
import depot.it.support.World;
import io.javalin.Javalin;
import io.javalin.http.HandlerType;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The mounts enforce a route's action at every scope: a route at a group or the instance either only reads across
 * the readable projects or names the project it acts on, and the mount checks the action on that project before the
 * handler runs, exactly as at a project mount. A probe format on the server's own services shows it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScopedRoutesTest {
    private TestServer server;
    private Javalin probe;
    private String url;
    private World.Person developer;
    private World.Person reporter;
    private World.Person stranger;

    /** A format whose one write names its project in the path: {@code …/probe/<project path>}. */
    private static final class ProbeFormat implements PackageFormat {
        private final boolean withTarget;

        ProbeFormat(boolean withTarget) { this.withTarget = withTarget; }

        @Override
        public String type() { return "probe"; }

        @Override
        public void routes(FormatRoutes routes) {
            FormatRoutes.Target named = r -> r.services().directory().projectByPath(r.path("project")).orElse(null);
            if (withTarget) {
                routes.at(FormatRoutes.EVERY_SCOPE, HandlerType.PUT, "/{project}", Action.WRITE, named,
                        r -> r.ctx().result("wrote " + r.project().fullPath()));
            } else {
                routes.group(HandlerType.PUT, "/{project}", Action.WRITE, r -> r.ctx().result("unchecked"));
            }
        }

        @Override
        public PackageDetails details(Package pkg, List<PackageFile> files, FormatContext ctx) {
            return new PackageDetails(List.of(), List.of());
        }
    }

    @BeforeAll
    void setUp() throws Exception {
        server = new TestServer(Backend.SQLITE);
        World world = new World(server);
        long group = world.group("acme", "private");
        long app = world.project(group, "app", "private");
        long off = world.project(group, "off", "private");
        server.root().put("/api/v4/projects/" + off, java.util.Map.of("packages_enabled", false));
        developer = world.user("dev");
        reporter = world.user("rep");
        stranger = world.user("stranger");
        for (long project : List.of(app, off)) {
            world.member("projects", project, developer.id(), 30);
            world.member("projects", project, reporter.id(), 20);
        }
        FormatContext context = server.formatContext("http://localhost");
        HttpAuth auth = new HttpAuth(server.services().authenticator(), List.of());
        probe = Javalin.create(cfg -> new ProbeFormat(true).routes(new Mounts(cfg.routes, new ProbeFormat(true),
                context, auth))).start("127.0.0.1", 0);
        url = "http://127.0.0.1:" + probe.port();
    }

    @AfterAll
    void tearDown() throws Exception {
        if (probe != null) probe.stop();
        server.close();
    }

    private Api.Response put(World.Person who, String path) {
        Api api = who == null ? new Api(url, "X-None", "") : new Api(url, "Private-Token", who.token());
        return api.putBytes(path, new byte[] {1});
    }

    @Test
    void a_write_at_group_and_instance_scope_is_checked_on_the_project_it_names() {
        for (String mount : List.of("/api/v4/groups/acme/-/packages/probe/", "/api/v4/packages/probe/")) {
            String app = mount + "acme%2Fapp";
            assertThat(put(developer, app).status()).as(mount).isEqualTo(200);
            assertThat(put(developer, app).body()).isEqualTo("wrote acme/app");
            assertThat(put(reporter, app).status()).as("a reporter may read, not write: " + mount).isEqualTo(403);
            assertThat(put(stranger, app).status()).as("a project the caller cannot see: " + mount).isEqualTo(404);
            assertThat(put(null, app).status()).as("anonymous: " + mount).isEqualTo(401);
            assertThat(put(developer, mount + "acme%2Foff").status()).as("packages off: " + mount).isEqualTo(404);
            assertThat(put(developer, mount + "acme%2Fnone").status()).as("no such project: " + mount).isEqualTo(404);
        }
        assertThat(put(developer, "/api/v4/projects/acme%2Fapp/packages/probe/ignored").status()).isEqualTo(200);
        assertThat(put(reporter, "/api/v4/projects/acme%2Fapp/packages/probe/ignored").status()).isEqualTo(403);
    }

    @Test
    void a_write_at_group_scope_without_a_target_is_refused_when_registered() {
        FormatContext context = server.formatContext("http://localhost");
        HttpAuth auth = new HttpAuth(server.services().authenticator(), List.of());
        ProbeFormat unchecked = new ProbeFormat(false);
        assertThatThrownBy(() -> Javalin.create(cfg -> unchecked.routes(new Mounts(cfg.routes, unchecked, context, auth))))
                .hasMessageContaining("must name the project it acts on");
    }
}
