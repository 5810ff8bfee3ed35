package depot.it.support;

import depot.server.Services;
import depot.core.db.Clock;
import depot.server.Config;
import depot.server.DepotServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** A whole Depot in this JVM, on a free port, with its own data directory and database. */
public final class TestServer implements AutoCloseable {
    /**
     * The initial root token. On the scale-out stack it has no {@code dpat-} prefix, as the README's own example
     * ({@code DEPOT_INITIAL_ROOT_TOKEN=my-long-random-token}) makes it: every real-client test then runs once with
     * each form, and a client that sends it as a Basic password must be let in as with a token Depot issued.
     */
    public static final String ROOT_TOKEN = "postgres-s3".equals(System.getProperty("depot.it.stack"))
            ? "my-long-random-test-root-token-000000" : "dpat-test-root-token-0000000000000000";
    public static final String ROOT_PASSWORD = "root-password-123";
    /**
     * bcrypt's lowest cost for the passwords test servers hash (unless a test sets its own): at the default (10), a
     * hash takes ~0.1 s of CPU, and tests create thousands of users (it was 45 % of the permission table's CPU).
     * Rails' Devise does the same in tests. The default's own hashes are checked in SecretsTest.
     */
    public static final String PASSWORD_HASH_COST = "4";
    /** Signing keys of test servers: 2048 bits takes a fifth of the default 3072's time to make. */
    public static final String SIGNING_KEY_BITS = "2048";
    private final DepotServer server;
    private final Path dataDir;
    private final AtomicLong clockOffset = new AtomicLong();

    public TestServer(Backend backend) throws IOException {
        this(backend, Map.of());
    }

    /**
     * {@code -Ddepot.it.stack=postgres-s3} runs every test server on PostgreSQL and an S3 bucket, whatever backend
     * the test asks for — unless its settings name a {@code blob_store} (tests of the embedded layout itself).
     * With {@code tls_cert} and {@code tls_key} ({@link TestCerts#settings()}) it serves HTTPS too, on a free
     * {@code tls_port} unless the settings name one, and (unless they name an {@code external_url}) writes
     * {@code https://localhost:<tls port>} URLs into documents, as Depot does by default with TLS.
     */
    public static final boolean SCALE_OUT = "postgres-s3".equals(System.getProperty("depot.it.stack"));

    public TestServer(Backend backend, Map<String, String> settings) throws IOException {
        dataDir = Files.createTempDirectory("depot-it-");
        boolean scaled = SCALE_OUT && !settings.containsKey("blob_store");
        Map<String, String> m = new HashMap<>();
        int port = freePort();
        m.put("port", String.valueOf(port));
        m.put("external_url", "http://127.0.0.1:" + port);
        m.put("data_dir", dataDir.toString());
        m.put("initial_root_token", ROOT_TOKEN);
        m.put("initial_root_password", ROOT_PASSWORD);
        String url = settings.containsKey("database_url") ? null : (scaled ? Backend.POSTGRES : backend).newDatabaseUrl();
        if (url != null) m.put("database_url", url);
        if (scaled) m.putAll(ObjectStore.newBucket());
        // many tests send wrong credentials on purpose from one address; the throttle has its own test
        m.put("auth_failure_limit", "0");
        m.put("password_hash_cost", PASSWORD_HASH_COST);
        m.put("signing_key_bits", SIGNING_KEY_BITS);
        if (settings.containsKey("tls_cert") && !settings.containsKey("tls_port")) {
            int tlsPort = freePort();
            m.put("tls_port", String.valueOf(tlsPort));
            m.put("external_url", "https://localhost:" + tlsPort);
        }
        m.putAll(settings);
        Config config = Config.load(m, Map.of(), dataDir.resolve("none.yml"));
        server = new DepotServer(config, () -> System.currentTimeMillis() + clockOffset.get()).start();
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    public String url() { return "http://127.0.0.1:" + server.port(); }

    public int port() { return server.port(); }

    /** {@code https://localhost:<tls port>} when the server was given tls_cert and tls_key, else null. */
    public String tlsUrl() { return server.tlsPort() < 0 ? null : "https://localhost:" + server.tlsPort(); }

    /** The HTTPS port, or -1 without TLS. */
    public int tlsPort() { return server.tlsPort(); }

    public java.util.List<String> routes() { return server.routes(); }

    public Path dataDir() { return dataDir; }

    /**
     * The settings that locate this server's data (data directory, database, blob store): a second server started
     * with them shares everything with this one, on either stack.
     */
    public Map<String, String> stores() {
        Map<String, String> m = new HashMap<>();
        server.config().options().forEach((k, v) -> {
            if (k.equals("data_dir") || k.equals("database_url") || k.equals("blob_store") || k.startsWith("s3_")) {
                m.put(k, v);
            }
        });
        return m;
    }

    /** Where unfinished uploads' temporary files (or objects) lie: under blob_dir, or in the S3 server's bucket. */
    public Path temporaryDir() {
        String bucket = server.config().options().get("s3_bucket");
        return "s3".equals(server.config().options().get("blob_store")) ? ObjectStore.temporaryDir(bucket)
                : dataDir.resolve("blobs/tmp");
    }

    public Services services() { return server.services(); }

    /** Moves the server's clock forward (token expiry, gc grace). */
    public void advanceClock(long millis) { clockOffset.addAndGet(millis); }

    public Clock clock() { return server.services().clock(); }

    /** The services a format sees, writing absolute URLs on {@code externalUrl}: for calling details() directly. */
    public depot.http.FormatContext formatContext(String externalUrl) {
        return new depot.http.FormatContext(services().packageService(), services().reads(), services().access(),
                services().directory(),
                externalUrl, new depot.http.FormatContext.Limits(1, java.util.Map.of()), services().database(),
                services().authenticator(), services().clock(), java.util.Map.of(), services().audit(),
                new depot.http.UpstreamCache(services().upstreams(), services().packageService(), services().reads(),
                        services().clock(), false));
    }

    public Api root() { return new Api(url(), "Private-Token", ROOT_TOKEN); }

    public Api as(String header, String token) { return new Api(url(), header, token); }

    public Api anonymous() { return new Api(url(), null, null); }

    /** A web UI page as the signed-in root user sees it (a session from the sign-in form). */
    public String pageAsRoot(String path) {
        Api browser = anonymous();
        Api.Response signIn = browser.send(browser.request("/users/sign_in")
                .header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", "depot_csrf=abc")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("csrf_token=abc&username=root&password="
                        + ROOT_PASSWORD)));
        String session = signIn.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("depot_session=")).findFirst().orElseThrow().split(";")[0];
        return browser.send(browser.request(path).header("Cookie", session).GET()).body();
    }

    @Override
    public void close() throws IOException {
        server.close();
        Files.walk(dataDir).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
}
