package depot.it.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import depot.it.support.Api;
import depot.it.support.Backend;
import depot.it.support.NpmDocs;
import depot.it.support.PypiUploads;
import depot.it.support.TestServer;
import depot.it.support.World;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * How Depot fetches from an upstream, whatever the format (seen through PyPI's group endpoints): concurrent requests
 * for a file not yet cached make one fetch; a file the upstream stops sending halfway is never served or kept; the
 * cache entries can be listed and deleted, and a deleted entry is fetched again; a kept file is checked again once its
 * validity has passed, and served stale when the upstream then fails.
 */
class UpstreamFetchTest {
    private static TestServer server;
    private static World world;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(Backend.SQLITE, Map.of("upstream_local_network", "true"));
        world = new World(server);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) server.close();
    }

    @Test
    void concurrent_requests_for_a_missing_file_fetch_it_once_and_a_deleted_entry_is_fetched_again() throws Exception {
        byte[] wheel = PypiUploads.wheel("slow-pkg", "1.0");
        AtomicInteger fetches = new AtomicInteger();
        HttpServer upstream = upstream("slow_pkg-1.0-py3-none-any.whl", PypiUploads.sha256(wheel), ex -> {
            fetches.incrementAndGet();
            sleep(1_500); // long enough for every request below to arrive while the first fetch runs
            ex.sendResponseHeaders(200, wheel.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(wheel);
            }
        });
        try {
            long group = world.group("once", "private");
            long id = server.root().post("/api/v4/groups/" + group + "/-/upstreams", Map.of("package_type", "pypi",
                    "url", "http://127.0.0.1:" + upstream.getAddress().getPort() + "/simple")).json().get("id").asLong();
            String file = "/api/v4/groups/once/-/packages/pypi/files/" + PypiUploads.sha256(wheel)
                    + "/slow_pkg-1.0-py3-none-any.whl";
            assertThat(server.root().get("/api/v4/groups/once/-/packages/pypi/simple/slow-pkg/").status()).isEqualTo(200);

            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<Api.Response>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) answers.add(pool.submit(() -> server.root().get(file)));
            for (Future<Api.Response> a : answers) {
                assertThat(a.get().status()).isEqualTo(200);
                assertThat(a.get().header("X-Checksum-Sha256")).isEqualTo(PypiUploads.sha256(wheel));
            }
            pool.shutdown();

            assertThat(fetches.get()).as("eight requests, one fetch").isEqualTo(1);
            JsonNode entries = entries(group, id);
            long entry = -1;
            for (JsonNode e : entries) if (e.get("kind").asString().equals("file")) entry = e.get("id").asLong();
            assertThat(server.root().delete("/api/v4/groups/" + group + "/-/upstreams/" + id + "/cache_entries/" + entry)
                    .status()).isEqualTo(204);
            assertThat(server.root().get(file).status()).isEqualTo(200);
            assertThat(fetches.get()).as("fetched again once deleted").isEqualTo(2);
        } finally {
            upstream.stop(0);
        }
    }

    @Test
    void a_file_the_upstream_stops_sending_halfway_is_a_502_and_nothing_is_kept() throws Exception {
        byte[] wheel = PypiUploads.wheel("cut-pkg", "1.0");
        HttpServer upstream = upstream("cut_pkg-1.0-py3-none-any.whl", PypiUploads.sha256(wheel), ex -> {
            ex.sendResponseHeaders(200, wheel.length);
            OutputStream out = ex.getResponseBody();
            out.write(wheel, 0, wheel.length / 2);
            out.flush();
            throw new java.io.IOException("cut"); // the server closes the connection with half the bytes sent
        });
        try {
            long group = world.group("cut", "private");
            long id = server.root().post("/api/v4/groups/" + group + "/-/upstreams", Map.of("package_type", "pypi",
                    "url", "http://127.0.0.1:" + upstream.getAddress().getPort() + "/simple")).json().get("id").asLong();
            assertThat(server.root().get("/api/v4/groups/cut/-/packages/pypi/simple/cut-pkg/").status()).isEqualTo(200);

            Api.Response cut = server.root().get("/api/v4/groups/cut/-/packages/pypi/files/" + PypiUploads.sha256(wheel)
                    + "/cut_pkg-1.0-py3-none-any.whl");

            assertThat(cut.status()).isEqualTo(502);
            for (JsonNode e : entries(group, id)) assertThat(e.get("kind").asString()).isEqualTo("metadata");
        } finally {
            upstream.stop(0);
        }
    }

    @Test
    void a_kept_file_is_checked_again_after_its_validity_and_served_stale_when_the_upstream_then_fails() throws Exception {
        byte[] tgz = NpmDocs.tarball("recheck", "1.0.0");
        AtomicInteger fetches = new AtomicInteger();
        AtomicInteger notModified = new AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean failing = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicBoolean tampered = new java.util.concurrent.atomic.AtomicBoolean();
        HttpServer upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        upstream.createContext("/", ex -> {
            String base = "http://127.0.0.1:" + upstream.getAddress().getPort();
            if (failing.get()) {
                ex.sendResponseHeaders(503, -1);
            } else if (ex.getRequestURI().getPath().endsWith(".tgz")) {
                if (tampered.get()) {
                    byte[] other = NpmDocs.tarball("recheck", "6.6.6");
                    ex.getResponseHeaders().set("ETag", "\"t2\"");
                    ex.sendResponseHeaders(200, other.length);
                    ex.getResponseBody().write(other);
                } else if ("\"t1\"".equals(ex.getRequestHeaders().getFirst("If-None-Match"))) {
                    notModified.incrementAndGet();
                    ex.sendResponseHeaders(304, -1);
                } else {
                    fetches.incrementAndGet();
                    ex.getResponseHeaders().set("ETag", "\"t1\"");
                    ex.sendResponseHeaders(200, tgz.length);
                    ex.getResponseBody().write(tgz);
                }
            } else {
                byte[] doc = ("{\"name\":\"recheck\",\"dist-tags\":{\"latest\":\"1.0.0\"},\"versions\":{\"1.0.0\":"
                        + "{\"name\":\"recheck\",\"version\":\"1.0.0\",\"dist\":{\"tarball\":\"" + base
                        + "/recheck/-/recheck-1.0.0.tgz\",\"integrity\":\"" + NpmDocs.integrity(tgz) + "\"}}}}")
                        .getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Content-Type", "application/json");
                ex.sendResponseHeaders(200, doc.length);
                ex.getResponseBody().write(doc);
            }
            ex.close();
        });
        upstream.start();
        try {
            long group = world.group("recheck", "private");
            long id = server.root().post("/api/v4/groups/" + group + "/-/upstreams", Map.of("package_type", "npm",
                    "url", "http://127.0.0.1:" + upstream.getAddress().getPort(), "cache_validity_hours", 1,
                    "metadata_cache_validity_hours", 48)).json().get("id").asLong();
            String file = "/api/v4/groups/recheck/-/packages/npm/recheck/-/recheck-1.0.0.tgz";
            Api.Response first = server.root().get(file);
            assertThat(first.status()).isEqualTo(200);
            assertThat(first.header("X-Depot-Upstream-Cache")).isEqualTo("miss");
            assertThat(server.root().get(file).status()).isEqualTo(200);
            assertThat(fetches.get()).as("kept for its hour").isEqualTo(1);
            assertThat(notModified.get()).isZero();

            server.advanceClock(java.time.Duration.ofMinutes(90).toMillis());
            assertThat(server.root().get(file).header("X-Depot-Upstream-Cache")).isEqualTo("hit");
            assertThat(notModified.get()).as("checked again with its ETag after the hour").isEqualTo(1);
            assertThat(fetches.get()).isEqualTo(1);
            assertThat(server.root().get(file).status()).isEqualTo(200);
            assertThat(notModified.get()).as("fresh again for an hour after the 304").isEqualTo(1);

            server.advanceClock(java.time.Duration.ofMinutes(90).toMillis());
            failing.set(true);
            Api.Response stale = server.root().get(file);
            assertThat(stale.status()).isEqualTo(200);
            assertThat(stale.header("X-Depot-Upstream-Cache")).isEqualTo("stale");
            assertThat(stale.header("X-Checksum-Sha256")).isEqualTo(PypiUploads.sha256(tgz));

            // an upstream that now sends other bytes than its index gives is as broken as one that fails
            server.advanceClock(java.time.Duration.ofMinutes(2).toMillis()); // past the pass-over of the failure
            failing.set(false);
            tampered.set(true);
            Api.Response kept = server.root().get(file);
            assertThat(kept.status()).isEqualTo(200);
            assertThat(kept.header("X-Depot-Upstream-Cache")).isEqualTo("stale");
            assertThat(kept.header("X-Checksum-Sha256")).isEqualTo(PypiUploads.sha256(tgz));
            tampered.set(false);

            // 0: files are never checked again (GitLab's meaning), whatever the clock says
            assertThat(server.root().put("/api/v4/groups/" + group + "/-/upstreams/" + id,
                    Map.of("cache_validity_hours", 0)).json().get("cache_validity_hours").asInt()).isZero();
            server.advanceClock(java.time.Duration.ofDays(30).toMillis());
            assertThat(server.root().get(file).header("X-Depot-Upstream-Cache")).isEqualTo("hit");
            assertThat(notModified.get() + fetches.get()).isEqualTo(2);
        } finally {
            upstream.stop(0);
        }
    }

    @Test
    void an_upstream_that_fails_is_passed_over_for_a_while_instead_of_asked_on_every_read() throws Exception {
        byte[] wheel = PypiUploads.wheel("any-pkg", "1.0");
        AtomicInteger asked = new AtomicInteger();
        HttpServer broken = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        broken.createContext("/", ex -> {
            asked.incrementAndGet();
            ex.sendResponseHeaders(503, -1);
            ex.close();
        });
        broken.start();
        HttpServer good = upstream("any_pkg-1.0-py3-none-any.whl", PypiUploads.sha256(wheel), ex -> {
            ex.sendResponseHeaders(200, wheel.length);
            ex.getResponseBody().write(wheel);
        });
        try {
            long group = world.group("passover", "private");
            for (HttpServer s : List.of(broken, good)) {
                server.root().post("/api/v4/groups/" + group + "/-/upstreams", Map.of("package_type", "pypi",
                        "url", "http://127.0.0.1:" + s.getAddress().getPort() + "/simple"));
            }
            String simple = "/api/v4/groups/passover/-/packages/pypi/simple/";
            for (String name : List.of("first", "second", "third")) {
                assertThat(server.root().get(simple + name + "/").status()).as(name).isEqualTo(200);
            }
            assertThat(asked.get()).as("asked once, then passed over").isEqualTo(1);
            server.advanceClock(java.time.Duration.ofMinutes(1).toMillis());
            assertThat(server.root().get(simple + "fourth/").status()).isEqualTo(200);
            assertThat(asked.get()).as("asked again after a while").isEqualTo(2);
        } finally {
            broken.stop(0);
            good.stop(0);
        }
    }

    @Test
    void reads_arriving_while_an_upstream_keeps_a_request_waiting_pass_it_over() throws Exception {
        byte[] wheel = PypiUploads.wheel("hung-pkg", "1.0");
        java.net.ServerSocket hung = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        List<java.net.Socket> accepted = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread acceptor = new Thread(() -> {
            try {
                while (true) accepted.add(hung.accept()); // and never answers
            } catch (java.io.IOException closed) {
                // the test is over
            }
        });
        acceptor.start();
        HttpServer good = upstream("hung_pkg-1.0-py3-none-any.whl", PypiUploads.sha256(wheel), ex -> {
            ex.sendResponseHeaders(200, wheel.length);
            ex.getResponseBody().write(wheel);
        });
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            long group = world.group("hung", "private");
            for (String url : List.of("http://127.0.0.1:" + hung.getLocalPort() + "/simple",
                    "http://127.0.0.1:" + good.getAddress().getPort() + "/simple")) {
                server.root().post("/api/v4/groups/" + group + "/-/upstreams", Map.of("package_type", "pypi", "url", url));
            }
            String simple = "/api/v4/groups/hung/-/packages/pypi/simple/";
            Future<Api.Response> first = pool.submit(() -> server.root().get(simple + "first/"));
            sleep(3_000); // the first read still waits for the hung upstream
            Api.Response second = server.root().get(simple + "second/");
            assertThat(second.status()).isEqualTo(200);
            assertThat(accepted).as("the second read passed the hung upstream over (no connection of its own)")
                    .hasSize(1);
            assertThat(first.get().status()).as("the first read, once its wait ran out").isEqualTo(200);
        } finally {
            pool.shutdownNow();
            hung.close();
            for (java.net.Socket s : accepted) s.close();
            good.stop(0);
        }
    }

    private static JsonNode entries(long group, long upstream) {
        return server.root().get("/api/v4/groups/" + group + "/-/upstreams/" + upstream + "/cache_entries").json();
    }

    private interface FileHandler {
        void handle(com.sun.net.httpserver.HttpExchange ex) throws java.io.IOException;
    }

    /** An index serving one project's page, listing {@code fileName} with {@code sha256}, and that file. */
    private static HttpServer upstream(String fileName, String sha256, FileHandler file) throws Exception {
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        s.setExecutor(Executors.newCachedThreadPool());
        s.createContext("/", ex -> {
            if (ex.getRequestURI().getPath().endsWith(".whl")) {
                file.handle(ex);
            } else {
                byte[] page = ("<a href=\"/files/" + fileName + "#sha256=" + sha256 + "\">" + fileName + "</a>")
                        .getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(200, page.length);
                ex.getResponseBody().write(page);
            }
            ex.close();
        });
        s.start();
        return s;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
