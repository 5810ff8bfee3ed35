package depot.it.pypi;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import depot.it.support.Api;
import depot.it.support.Backend;
import depot.it.support.PyTools;
import depot.it.support.PypiUploads;
import depot.it.support.TestServer;
import depot.it.support.Tools;
import depot.it.support.World;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A group reading through PyPI upstreams: pypiserver on loopback serves a real package tree (requests and its
 * dependencies, fetched once per checkout from the machine's package index), and pip and uv install it through the
 * group; the second install works with the upstream gone; a file whose bytes do not match its page's SHA-256 is
 * refused and nothing is kept; a name a project of the group has is never taken from an upstream.
 */
class PypiUpstreamTest {
    private static final String TREE = "requests==2.32.3";
    private static TestServer server;
    private static World world;
    private static Path pypiserver;
    private static Path tree;
    @TempDir static Path dir;

    @BeforeAll
    static void start() throws Exception {
        pypiserver = PyTools.venv("pypiserver-2.3.2", "pypiserver==2.3.2").resolve("bin/pypi-server");
        tree = PyTools.download("upstream-tree", "--only-binary", ":all:", TREE);
        server = new TestServer(Backend.SQLITE, Map.of("upstream_local_network", "true"));
        world = new World(server);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) server.close();
    }

    @Test
    void pip_and_uv_install_a_tree_that_lives_only_upstream_and_again_when_the_upstream_is_gone() throws Exception {
        Path uv = PyTools.venv("uv-0.9.30", "uv==0.9.30").resolve("bin/uv");
        long group = world.group("tree", "private");
        Process upstream = pypiserver(tree);
        try {
            JsonNode created = server.root().post("/api/v4/groups/" + group + "/-/upstreams", Map.of(
                    "package_type", "pypi", "name", "loopback pypiserver", "url", upstream.url + "/simple/",
                    "username", "reader", "password", "not-needed")).json();
            assertThat(created.get("password_set").asBoolean()).isTrue();
            assertThat(created.has("password")).isFalse();
            World.Person dev = world.user("tree-dev", "read_api");
            world.member("groups", group, dev.id(), 30);
            JsonNode deploy = world.deployToken("groups", group, "read_package_registry");

            // pip through the group's path with a personal token; uv through its id with a deploy token
            String byPath = server.url().replace("//", "//__token__:" + dev.token() + "@")
                    + "/api/v4/groups/tree/-/packages/pypi/simple";
            String byId = server.url().replace("//", "//" + deploy.get("username").asString() + ":"
                    + deploy.get("token").asString() + "@") + "/api/v4/groups/" + group + "/-/packages/pypi/simple";
            assertThat(runs(pip(byPath))).isEqualTo("2.32.3");
            assertThat(runs(uvInstall(uv, byId))).isEqualTo("2.32.3");

            JsonNode entries = server.root().get("/api/v4/groups/" + group + "/-/upstreams/" + created.get("id")
                    + "/cache_entries?per_page=100").json();
            List<String> files = names(entries, "file");
            assertThat(files).hasSize(5).anyMatch(f -> f.startsWith("requests/requests-2.32.3-"))
                    .anyMatch(f -> f.startsWith("urllib3/")).anyMatch(f -> f.startsWith("idna/"));
            assertThat(names(entries, "metadata")).contains("requests/", "certifi/", "charset-normalizer/");

            // the pages are re-checked on every read from now on, and the upstream is gone
            server.root().put("/api/v4/groups/" + group + "/-/upstreams/" + created.get("id"),
                    Map.of("metadata_cache_validity_hours", 0));
            upstream.process.destroy();
            assertThat(upstream.process.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(runs(pip(byPath))).isEqualTo("2.32.3");
            assertThat(runs(uvInstall(uv, byId))).isEqualTo("2.32.3");
            Api.Response page = dev.api(server).get("/api/v4/groups/tree/-/packages/pypi/simple/requests/");
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.header("X-Depot-Upstream-Cache")).isEqualTo("stale");
            assertThat(dev.api(server).get("/api/v4/groups/tree/-/packages/pypi/simple/flask/").status())
                    .as("a name never fetched, with the upstream gone").isEqualTo(502);
        } finally {
            upstream.process.destroy();
        }
    }

    @Test
    void a_file_whose_bytes_do_not_match_its_pages_sha256_is_refused_and_nothing_is_kept() throws Exception {
        long group = world.group("tampered", "private");
        byte[] wheel = PypiUploads.wheel("evil-pkg", "1.0");
        String claimed = "0".repeat(64);
        HttpServer upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        upstream.createContext("/", ex -> {
            byte[] body = ex.getRequestURI().getPath().endsWith(".whl") ? wheel
                    : ("<html><body><a href=\"/files/evil_pkg-1.0-py3-none-any.whl#sha256=" + claimed
                            + "\">evil_pkg-1.0-py3-none-any.whl</a></body></html>").getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        upstream.start();
        try {
            long id = server.root().post("/api/v4/groups/" + group + "/-/upstreams", Map.of("package_type", "pypi",
                    "url", "http://127.0.0.1:" + upstream.getAddress().getPort() + "/simple")).json().get("id").asLong();
            String base = "/api/v4/groups/tampered/-/packages/pypi";
            assertThat(server.root().get(base + "/simple/evil-pkg/").body()).contains("/files/" + claimed + "/");

            Api.Response refused = server.root().get(base + "/files/" + claimed + "/evil_pkg-1.0-py3-none-any.whl");

            assertThat(refused.status()).isEqualTo(502);
            assertThat(refused.body()).contains("SHA-256").contains("nothing was cached");
            assertThat(names(server.root().get("/api/v4/groups/" + group + "/-/upstreams/" + id + "/cache_entries")
                    .json(), "file")).isEmpty();
            assertThat(server.root().get(base + "/files/" + PypiUploads.sha256(wheel)
                    + "/evil_pkg-1.0-py3-none-any.whl").status()).as("bytes no page lists").isEqualTo(404);
        } finally {
            upstream.stop(0);
        }
    }

    @Test
    void a_name_a_project_of_the_group_has_is_never_taken_from_an_upstream() throws Exception {
        long group = world.group("claims", "public");
        long hidden = world.project(group, "internal", "private");
        Process upstream = pypiserver(tree);
        try {
            server.root().post("/api/v4/groups/" + group + "/-/upstreams", Map.of("package_type", "pypi",
                    "url", upstream.url + "/simple"));
            byte[] local = PypiUploads.wheel("idna", "0.0.1");
            assertThat(PypiUploads.upload(server.root(), "/api/v4/projects/" + hidden + "/packages/pypi",
                    PypiUploads.fields("idna", "0.0.1", local), "idna-0.0.1-py3-none-any.whl", local).status())
                    .isEqualTo(201);
            String base = "/api/v4/groups/claims/-/packages/pypi/simple/";

            World.Person stranger = world.user("claims-outsider", "read_api");
            String member = server.root().get(base + "idna/").body();
            Api.Response outsider = stranger.api(server).get(base + "idna/");
            Api.Response anonymous = server.anonymous().get(base + "idna/");
            Api.Response unclaimed = stranger.api(server).get(base + "certifi/");

            assertThat(member).contains("idna-0.0.1-py3-none-any.whl").doesNotContain("idna-3.");
            assertThat(outsider.status()).as("the upstream's idna must not stand in for a hidden local one")
                    .isEqualTo(404);
            assertThat(anonymous.status()).as("asked to sign in, as for any hidden package").isEqualTo(401);
            assertThat(unclaimed.status()).isEqualTo(200);
            assertThat(unclaimed.body()).contains("certifi-");

            // a subgroup reads through its parent's upstreams, and must not take from them what the parent holds
            long sub = server.root().post("/api/v4/groups", Map.of("name", "sub", "path", "sub", "parent_id", group,
                    "visibility", "public")).json().get("id").asLong();
            Api.Response atSubgroup = server.root().get("/api/v4/groups/" + sub + "/-/packages/pypi/simple/idna/");
            assertThat(atSubgroup.status()).as("the parent's idna, not the upstream's: %s", atSubgroup.body())
                    .isEqualTo(404);
            assertThat(server.root().get("/api/v4/groups/claims%2Fsub/-/packages/pypi/simple/certifi/").body())
                    .contains("certifi-");
        } finally {
            upstream.process.destroy();
        }
    }

    @Test
    void a_group_without_upstreams_reads_through_its_nearest_ancestors_else_the_instances() throws Exception {
        HttpServer upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        upstream.createContext("/", ex -> {
            String who = ex.getRequestURI().getPath().split("/")[1];
            byte[] body = ("<a href=\"/f/" + who + "_pkg-1.0.tar.gz#sha256=" + "a".repeat(64) + "\">" + who
                    + "_pkg-1.0.tar.gz</a>").getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(ex.getRequestURI().getPath().endsWith("/inherit/") ? 200 : 404, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        upstream.start();
        String url = "http://127.0.0.1:" + upstream.getAddress().getPort();
        long parent = world.group("parent", "private");
        long child = world.subgroup(parent, "child", "private");
        long loose = world.group("loose", "private");
        long instanceUpstream = server.root().post("/api/v4/upstreams", Map.of("package_type", "pypi",
                "url", url + "/instance")).json().get("id").asLong();
        try {
            server.root().post("/api/v4/groups/" + parent + "/-/upstreams", Map.of("package_type", "pypi",
                    "url", url + "/parent"));

            String viaChild = server.root().get("/api/v4/groups/" + child + "/-/packages/pypi/simple/inherit/").body();
            String viaLoose = server.root().get("/api/v4/groups/" + loose + "/-/packages/pypi/simple/inherit/").body();

            assertThat(viaChild).contains("parent_pkg-1.0.tar.gz").doesNotContain("instance_pkg");
            assertThat(viaLoose).contains("instance_pkg-1.0.tar.gz");
            assertThat(server.root().get("/api/v4/upstreams?package_type=pypi").json()).hasSize(1);
            assertThat(server.root().get("/api/v4/groups/" + child + "/-/upstreams").json()).isEmpty();
            assertThat(server.anonymous().get("/api/v4/groups/" + loose + "/-/packages/pypi/simple/inherit/").status())
                    .as("no reads through an upstream for anonymous callers").isIn(401, 404);

            // a second upstream put first: it answers before the first (it has the name too)
            long second = server.root().post("/api/v4/groups/" + parent + "/-/upstreams", Map.of("package_type", "pypi",
                    "url", url + "/second", "position", 1)).json().get("id").asLong();
            assertThat(server.root().get("/api/v4/groups/" + parent + "/-/upstreams").json().get(0).get("id").asLong())
                    .isEqualTo(second);
            assertThat(server.root().get("/api/v4/groups/" + child + "/-/packages/pypi/simple/inherit/").body())
                    .contains("second_pkg-1.0.tar.gz");
            Api.Response moved = server.root().put("/api/v4/groups/" + parent + "/-/upstreams/" + second,
                    Map.of("position", 9));
            assertThat(moved.json().get("position").asInt()).isEqualTo(2);
            assertThat(server.root().post("/api/v4/groups/" + parent + "/-/upstreams", Map.of("package_type", "pypi",
                    "url", url, "cache_validity_hours", 99_999_999_999L)).status()).isEqualTo(400);
            assertThat(server.root().get("/api/v4/groups/" + parent + "/-/upstreams").json()).hasSize(2);
        } finally {
            server.root().delete("/api/v4/upstreams/" + instanceUpstream);
            upstream.stop(0);
        }
    }

    @Test
    void by_default_a_groups_upstream_may_not_reach_this_machine_or_its_network_but_the_instances_may() throws Exception {
        HttpServer upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        upstream.createContext("/", ex -> {
            byte[] body = "<a href=\"/f/local_pkg-1.0.tar.gz#sha256=" .concat("b".repeat(64)).concat("\">x</a>")
                    .getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        upstream.start();
        String url = "http://127.0.0.1:" + upstream.getAddress().getPort() + "/simple";
        try (TestServer standard = new TestServer(Backend.SQLITE)) {
            World here = new World(standard);
            long group = here.group("inside", "private");
            standard.root().post("/api/v4/groups/" + group + "/-/upstreams", Map.of("package_type", "pypi", "url", url));
            long other = here.group("other", "private");
            long instance = standard.root().post("/api/v4/upstreams", Map.of("package_type", "pypi", "url", url))
                    .json().get("id").asLong();

            Api.Response refused = standard.root().get("/api/v4/groups/inside/-/packages/pypi/simple/local-pkg/");
            Api.Response allowed = standard.root().get("/api/v4/groups/" + other + "/-/packages/pypi/simple/local-pkg/");

            assertThat(refused.status()).isEqualTo(502);
            assertThat(refused.body()).contains("local-network address").contains("upstream_local_network");
            assertThat(allowed.status()).as("the instance's upstream, an administrator's").isEqualTo(200);
            standard.root().delete("/api/v4/upstreams/" + instance);
        } finally {
            upstream.stop(0);
        }
    }

    private record Process(java.lang.Process process, String url) {}

    private static Process pypiserver(Path packages) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        java.lang.Process p = new ProcessBuilder(pypiserver.toString(), "run", "-p", String.valueOf(port), "-i",
                "127.0.0.1", "-a", ".", "-P", ".", packages.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("pypiserver-" + port + ".log").toFile()).start();
        Tools.awaitPort(p, port, dir.resolve("pypiserver-" + port + ".log"), 30_000);
        return new Process(p, "http://127.0.0.1:" + port);
    }

    /** pip installs requests from {@code index} into a new folder; the folder. */
    private static Path pip(String index) throws Exception {
        Path target = Files.createTempDirectory(dir, "pip-");
        Tools.ok(dir, cleanEnv(), List.of(PyTools.venv("pip-default").resolve("bin/pip").toString(), "install",
                "--target", target.toString(), "--index-url", index, TREE));
        return target;
    }

    private static Path uvInstall(Path uv, String index) throws Exception {
        Path target = Files.createTempDirectory(dir, "uv-");
        Map<String, String> env = cleanEnv();
        env.put("UV_NO_CACHE", "1");
        env.put("UV_NO_CONFIG", "1");
        Tools.ok(dir, env, List.of(uv.toString(), "pip", "install", "--target", target.toString(), "--python",
                "/usr/bin/python3", "--index-url", index, TREE));
        return target;
    }

    /** The version of requests installed in {@code target}, imported by the machine's Python. */
    private static String runs(Path target) throws Exception {
        return Tools.ok(dir, Map.of("PYTHONPATH", target.toString()), List.of("/usr/bin/python3", "-c",
                "import requests; print(requests.__version__)")).stdout().trim();
    }

    private static Map<String, String> cleanEnv() {
        Map<String, String> env = new HashMap<>(Map.of("PIP_CONFIG_FILE", "/dev/null", "PIP_NO_CACHE_DIR", "1",
                "PIP_DISABLE_PIP_VERSION_CHECK", "1", "PIP_FIND_LINKS", "", "PIP_EXTRA_INDEX_URL", ""));
        env.put("HOME", dir.resolve("home").toString());
        return env;
    }

    private static List<String> names(JsonNode entries, String kind) {
        List<String> names = new java.util.ArrayList<>();
        for (JsonNode e : entries) if (e.get("kind").asString().equals(kind)) names.add(e.get("relative_path").asString());
        return names;
    }
}
