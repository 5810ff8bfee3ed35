package depot.it.formats;

import depot.it.support.Api;
import depot.it.support.TestServer;
import depot.it.support.World;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;

/**
 * The fixtures of the authorization matrix (AuthorizationMatrixTest), as a {@link FormatTestKit} sees them: in the
 * public group {@code matrix}, a project of each visibility (path {@code matrix/<vis>}, see {@link Vis#value()}); a
 * group {@code g<vis>} of each visibility; the guest, reporter, developer and maintainer are members of all of them at
 * their level. The administrator's client publishes the kits' fixtures; calls that write make their names unique with
 * {@link #unique()}.
 *
 * <p>Thread-safe.
 */
public final class MatrixWorld {
    /** The scopes of the projects' deploy tokens at package endpoints: the matrix's DEPLOY_READ and DEPLOY_WRITE. */
    public static final String READ_PACKAGES = "read_package_registry";
    public static final String WRITE_PACKAGES = "write_package_registry";

    private final TestServer server;
    private final Map<Vis, Long> projects;
    private final Map<Vis, Long> groups;
    private final Map<String, String[]> deployCredentials = new ConcurrentHashMap<>();
    private final AtomicInteger counter = new AtomicInteger();

    public MatrixWorld(TestServer server, Map<Vis, Long> projects, Map<Vis, Long> groups) {
        this.server = server;
        this.projects = Map.copyOf(projects);
        this.groups = Map.copyOf(groups);
    }

    public TestServer server() { return server; }

    /** The administrator's client: it publishes the fixtures and prepares what a call deletes. */
    public Api root() { return server.root(); }

    public World world() { return new World(server); }

    public long project(Vis vis) { return projects.get(vis); }

    /** The project's package API, ending in "/": a format appends its segment ("maven/…"). */
    public String packages(Vis vis) { return "/api/v4/projects/" + project(vis) + "/packages/"; }

    public long group(Vis vis) { return groups.get(vis); }

    /**
     * The credential of the project's deploy token with that scope, as a header name and value: HTTP Basic with the
     * token's username, the way package clients send it. Made on the first call, the same one afterwards.
     */
    public String[] deployCredential(Vis vis, String scope) {
        return deployCredentials.computeIfAbsent(vis + " " + scope,
                key -> basic(world().deployToken("projects", project(vis), scope)));
    }

    private static String[] basic(JsonNode token) {
        String pair = token.get("username").asString() + ":" + token.get("token").asString();
        return new String[] {"Authorization",
                "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8))};
    }

    /** A new number on each call, for the names of what a call writes. */
    public String unique() { return String.valueOf(counter.incrementAndGet()); }
}
