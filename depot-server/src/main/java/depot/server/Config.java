package depot.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Depot's settings. Each key has one name: {@code port} in depot.yml, {@code DEPOT_PORT} in the environment,
 * {@code --port} on the command line. Precedence: flags, then environment, then depot.yml, then defaults.
 * {@code options} holds every key as given, for formats that read settings of their own.
 */
public record Config(String bind, int port, String externalUrl, Path dataDir, String databaseUrl,
                     String databaseUser, String databasePassword, Path blobDir, long maxUploadBytes,
                     Map<String, Long> maxUploadBytesPerType, String initialRootPassword, String initialRootToken,
                     long gcGraceMillis, Map<String, String> options) {

    /** Every key, its default and what it does; the README's configuration table lists the same. */
    public static final Map<String, String[]> KEYS = keys();

    private static Map<String, String[]> keys() {
        Map<String, String[]> k = new LinkedHashMap<>();
        k.put("bind", new String[] {"127.0.0.1", "address to listen on (0.0.0.0 for every interface)"});
        k.put("port", new String[] {"8080", "HTTP port"});
        k.put("external_url", new String[] {"http://localhost:<port> (https://localhost:<tls_port> with TLS)",
                "base of every absolute URL Depot writes"});
        k.put("ci_url", new String[] {"", "web address of the CI server whose pipelines publish (e.g. your GitLab): package "
                + "pages link pipelines and commits to <ci_url>/<project path>/-/pipelines/<id> and /-/commit/<sha>"});
        k.put("tls_cert", new String[] {"", "PEM certificate chain (leaf first); with tls_key, Depot serves HTTPS too"});
        k.put("tls_key", new String[] {"", "PEM private key of that certificate (PKCS#8, PKCS#1 or SEC1; unencrypted)"});
        k.put("tls_port", new String[] {"8443", "HTTPS port (0: any free port)"});
        k.put("tls_bind", new String[] {"<bind>", "address HTTPS listens on"});
        k.put("data_dir", new String[] {"./data", "where the embedded database and blobs live"});
        k.put("database_url", new String[] {"jdbc:sqlite:<data_dir>/depot.db", "JDBC URL: jdbc:sqlite:… or jdbc:postgresql://…"});
        k.put("database_user", new String[] {"", "database user (PostgreSQL)"});
        k.put("database_password", new String[] {"", "database password (PostgreSQL)"});
        k.put("blob_dir", new String[] {"<data_dir>/blobs", "filesystem blob store directory"});
        k.put("blob_store", new String[] {"fs", "where blobs live: fs (blob_dir) or s3 (the s3_* settings)"});
        k.put("s3_endpoint", new String[] {"", "S3-compatible endpoint URL (empty: the provider's default for the region)"});
        k.put("s3_region", new String[] {"us-east-1", "S3 region"});
        k.put("s3_bucket", new String[] {"", "bucket holding the blobs (must exist)"});
        k.put("s3_prefix", new String[] {"", "key prefix inside the bucket, e.g. depot/"});
        k.put("s3_path_style", new String[] {"true", "path-style requests (needed by most self-hosted S3 servers)"});
        k.put("s3_access_key", new String[] {"", "access key (empty: the SDK's default credential chain)"});
        k.put("s3_secret_key", new String[] {"", "secret key"});
        k.put("s3_part_size", new String[] {"8m", "multipart upload part size (at least 5m); one part per upload is held in memory"});
        k.put("s3_presigned_downloads", new String[] {"", "when set (e.g. 5m), downloads redirect to presigned URLs valid that long"});
        k.put("max_upload_size", new String[] {"5g", "largest accepted upload (k, m, g suffixes); caps every format's own default"});
        k.put("max_upload_size_<type>", new String[] {"(the format's)", "limit for one format, e.g. max_upload_size_npm; "
                + "defaults: " + formatLimits() + "; others max_upload_size"});
        k.put("initial_root_password", new String[] {"(generated, printed once)", "password of the root admin created on first start"});
        k.put("initial_root_token", new String[] {"", "personal access token (scope api) for root, created on first start"});
        k.put("password_hash_cost", new String[] {"10", "bcrypt cost of new password hashes (4-31; each step doubles the work)"});
        k.put("upstream_local_network", new String[] {"false", "whether upstreams a group's maintainers configure may reach loopback, private and link-local addresses"});
        k.put("signing_key_bits", new String[] {"3072", "RSA size of new signing keys (Debian distributions, RPM repositories): 2048, 3072 or 4096"});
        k.put("auth_failure_limit", new String[] {"30", "failed sign-ins from one address that start a ban (0: no limit)"});
        k.put("auth_failure_window", new String[] {"1m", "the window those failures are counted in"});
        k.put("auth_failure_ban", new String[] {"1h", "how long a banned address gets 429 Too Many Requests"});
        k.put("trusted_proxies", new String[] {"", "addresses of reverse proxies whose X-Forwarded-For names the client"});
        k.put("max_threads", new String[] {"400", "request threads"});
        k.put("max_threads_per_client", new String[] {"max_threads / 4", "request threads one client address may hold; its further requests queue"});
        k.put("gc_grace", new String[] {"1h", "age under which unreferenced blobs are kept by gc (s, m, h, d suffixes)"});
        // the formats' own settings, contributed by each format
        Services.formats().forEach(f -> k.putAll(f.settings()));
        return k;
    }

    /** Each format's own upload limit, as {@code maven 3g, npm 500m, …} (formats without one are left out). */
    private static String formatLimits() {
        java.util.List<String> limits = new java.util.ArrayList<>();
        for (depot.http.PackageFormat f : Services.formats()) {
            long bytes = f.defaultMaxUploadBytes();
            if (bytes == Long.MAX_VALUE) continue;
            String size = bytes % (1L << 30) == 0 ? (bytes >> 30) + "g" : bytes % (1L << 20) == 0 ? (bytes >> 20) + "m" : bytes + "";
            limits.add(f.type() + " " + size);
        }
        return String.join(", ", limits);
    }

    /**
     * The settings from flags, the environment and a YAML file: {@code yml} (--config), else {@code DEPOT_CONFIG},
     * else {@code ./depot.yml} when there is one. A file named by {@code DEPOT_CONFIG} must exist; one that is not
     * YAML, or a value out of its range, ends the command like a value that does not parse ({@link BadSetting}).
     */
    public static Config load(Map<String, String> flags, Map<String, String> env, Path yml) throws IOException {
        Map<String, String> merged = new LinkedHashMap<>();
        String named = env.get("DEPOT_CONFIG");
        Path file = yml != null ? yml : Path.of(named != null ? named : "depot.yml");
        if (yml == null && named != null && !Files.isRegularFile(file)) {
            throw new BadSetting("setting config: there is no file " + file.toAbsolutePath());
        }
        if (Files.isRegularFile(file)) {
            JsonNode root;
            try {
                root = new YAMLMapper().readTree(file.toFile());
            } catch (tools.jackson.core.JacksonException e) {
                throw new BadSetting("setting config: " + file + " is not YAML: " + e.getOriginalMessage());
            }
            if (root != null && root.isObject()) {
                root.properties().forEach(e -> merged.put(normalize(e.getKey()), e.getValue().asString()));
            } else if (root != null && !root.isMissingNode() && !root.isNull()) {
                throw new BadSetting("setting config: " + file + " is not a map of settings (key: value lines)");
            }
        }
        env.forEach((k, v) -> {
            if (k.startsWith("DEPOT_") && !k.equals("DEPOT_CONFIG")) merged.put(normalize(k.substring(6)), v);
        });
        flags.forEach((k, v) -> merged.put(normalize(k), v));
        return from(merged);
    }

    static String normalize(String key) {
        return key.replace('-', '_').toLowerCase(Locale.ROOT);
    }

    static Config from(Map<String, String> m) {
        int port = setting("port", m.getOrDefault("port", "8080"), v -> within(whole(v), 0, 65_535));
        checkRanges(m);
        Path dataDir = Path.of(m.getOrDefault("data_dir", "./data")).toAbsolutePath().normalize();
        Https https = https(m);
        String external = m.getOrDefault("external_url",
                https != null ? "https://localhost:" + https.port() : "http://localhost:" + port);
        while (external.endsWith("/")) external = external.substring(0, external.length() - 1);
        Map<String, Long> perType = new LinkedHashMap<>();
        m.forEach((k, v) -> {
            if (k.startsWith("max_upload_size_")) {
                perType.put(k.substring("max_upload_size_".length()), setting(k, v, Config::parseSize));
            }
        });
        return new Config(
                m.getOrDefault("bind", "127.0.0.1"), port, external, dataDir,
                m.getOrDefault("database_url", "jdbc:sqlite:" + dataDir.resolve("depot.db")),
                blankToNull(m.get("database_user")), blankToNull(m.get("database_password")),
                Path.of(m.getOrDefault("blob_dir", dataDir.resolve("blobs").toString())).toAbsolutePath(),
                setting("max_upload_size", m.getOrDefault("max_upload_size", "5g"), Config::parseSize), perType,
                blankToNull(m.get("initial_root_password")), blankToNull(m.get("initial_root_token")),
                setting("gc_grace", m.getOrDefault("gc_grace", "1h"), Config::parseDuration), Map.copyOf(m));
    }

    /** A setting whose value does not parse: the message names it, and the command line prints just that. */
    public static final class BadSetting extends IllegalArgumentException {
        BadSetting(String message) { super(message); }
    }

    private static <T> T setting(String key, String value, java.util.function.Function<String, T> parse) {
        try {
            return parse.apply(value);
        } catch (BadSetting e) {
            throw new BadSetting("setting " + key + ": " + e.getMessage());
        } catch (NumberFormatException e) {
            throw new BadSetting("setting " + key + ": '" + value + "' is not a whole number");
        }
    }

    private static int whole(String v) { return Integer.parseInt(v.trim()); }

    private static int within(int v, int min, int max) {
        if (v < min || v > max) throw new BadSetting(v + " is not between " + min + " and " + max);
        return v;
    }

    /** Where HTTPS is served and from which PEM files (read as the server starts, by {@link Tls}). */
    public record Https(Path cert, Path key, String bind, int port) {}

    /** The HTTPS settings, or null when neither tls_cert nor tls_key is set. */
    public Https https() { return https(options); }

    private static Https https(Map<String, String> m) {
        String cert = blankToNull(m.get("tls_cert"));
        String key = blankToNull(m.get("tls_key"));
        if (cert == null && key == null) return null;
        if (cert == null) throw new BadSetting("setting tls_cert: tls_key is set but tls_cert is not (HTTPS needs both)");
        if (key == null) throw new BadSetting("setting tls_key: tls_cert is set but tls_key is not (HTTPS needs both)");
        String port = m.get("tls_port");
        String bind = blankToNull(m.get("tls_bind"));
        int tlsPort = port == null || port.isBlank() ? 8443 : whole(port);
        if (tlsPort != 0 && String.valueOf(tlsPort).equals(m.getOrDefault("port", "8080").trim())) {
            throw new BadSetting("setting tls_port: " + tlsPort + " is the HTTP port too (set port or tls_port to "
                    + "another; HTTP and HTTPS each need their own)");
        }
        return new Https(Path.of(cert).toAbsolutePath(), Path.of(key).toAbsolutePath(),
                bind != null ? bind : m.getOrDefault("bind", "127.0.0.1"), tlsPort);
    }

    /** Settings read later (by the server as it starts) checked now, before anything is created. */
    private static void checkRanges(Map<String, String> m) {
        String threads = m.get("max_threads");
        if (threads != null && !threads.isBlank()) setting("max_threads", threads, v -> within(whole(v), 8, 100_000));
        String perClient = m.get("max_threads_per_client");
        if (perClient != null && !perClient.isBlank()) {
            setting("max_threads_per_client", perClient, v -> within(whole(v), 1, 100_000));
        }
        String tlsPort = m.get("tls_port");
        if (tlsPort != null && !tlsPort.isBlank()) setting("tls_port", tlsPort, v -> within(whole(v), 0, 65_535));
        String store = m.getOrDefault("blob_store", "fs").trim().toLowerCase(Locale.ROOT);
        if (!store.equals("fs") && !store.equals("s3")) {
            throw new BadSetting("setting blob_store: '" + store + "' is neither fs nor s3");
        }
        String ci = m.get("ci_url");
        if (ci != null && !ci.isBlank() && !ci.matches("https?://[^\\s\"'<>]+")) {
            throw new BadSetting("setting ci_url: '" + ci + "' is not an http:// or https:// address");
        }
        String db = m.get("database_url");
        if (db != null && !db.startsWith("jdbc:sqlite:") && !db.startsWith("jdbc:postgresql:")) {
            throw new BadSetting("setting database_url: '" + db + "' is neither jdbc:sqlite:<file> nor "
                    + "jdbc:postgresql://<host>/<database>");
        }
    }

    /** An integer setting, or its default. */
    public int intSetting(String key, int fallback) {
        String v = options.get(key);
        return v == null || v.isBlank() ? fallback : setting(key, v, Config::whole);
    }

    /** A {@code true}/{@code false} setting, or its default; anything else is refused. */
    public boolean boolSetting(String key, boolean fallback) {
        String v = options.get(key);
        if (v == null || v.isBlank()) return fallback;
        return setting(key, v, s -> switch (s.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("expected true or false");
        });
    }

    /** A duration setting in milliseconds (s, m, h, d suffixes), or its default. */
    public long durationSetting(String key, String fallback) {
        String v = options.get(key);
        return setting(key, v == null || v.isBlank() ? fallback : v, Config::parseDuration);
    }

    /** The reverse proxies whose X-Forwarded-For header names the client. */
    public java.util.Set<String> trustedProxies() {
        java.util.Set<String> out = new java.util.HashSet<>();
        for (String p : options.getOrDefault("trusted_proxies", "").split(",")) {
            if (!p.isBlank()) out.add(p.trim());
        }
        return out;
    }

    /** The throttle on failed authentication the {@code auth_failure_*} settings describe. */
    public depot.core.access.AuthThrottle authThrottle(java.util.function.LongSupplier clock) {
        return new depot.core.access.AuthThrottle(intSetting("auth_failure_limit", 30),
                durationSetting("auth_failure_window", "1m"), durationSetting("auth_failure_ban", "1h"), clock);
    }

    public static long parseSize(String s) {
        String v = s.trim().toLowerCase(Locale.ROOT);
        long unit = 1;
        if (v.endsWith("b")) v = v.substring(0, v.length() - 1);
        switch (v.isEmpty() ? ' ' : v.charAt(v.length() - 1)) {
            case 'k' -> unit = 1L << 10;
            case 'm' -> unit = 1L << 20;
            case 'g' -> unit = 1L << 30;
            case 't' -> unit = 1L << 40;
            default -> { }
        }
        if (unit > 1) v = v.substring(0, v.length() - 1);
        try {
            long n = Long.parseLong(v.trim());
            if (n < 0 || n > Long.MAX_VALUE / unit) throw new NumberFormatException();
            return n * unit;
        } catch (NumberFormatException e) {
            throw new BadSetting("'" + s.trim() + "' is not a size (a number of bytes, or with k, m, g or t: 512m, 5g)");
        }
    }

    public static long parseDuration(String s) {
        String v = s.trim().toLowerCase(Locale.ROOT);
        long unit = switch (v.isEmpty() ? ' ' : v.charAt(v.length() - 1)) {
            case 's' -> 1000L;
            case 'm' -> 60_000L;
            case 'h' -> 3_600_000L;
            case 'd' -> 86_400_000L;
            default -> 0L;
        };
        try {
            long n = Long.parseLong(unit == 0 ? v : v.substring(0, v.length() - 1).trim());
            long per = unit == 0 ? 1000L : unit;
            if (n < 0 || n > Long.MAX_VALUE / per) throw new NumberFormatException();
            return n * per;
        } catch (NumberFormatException e) {
            throw new BadSetting("'" + s.trim() + "' is not a duration (seconds, or with s, m, h or d: 90s, 1h)");
        }
    }

    /** The S3 blob store's settings when {@code blob_store} is s3, else null. */
    public depot.core.blob.S3BlobStore.Settings s3() {
        String store = options.getOrDefault("blob_store", "fs").trim().toLowerCase(Locale.ROOT);
        if (store.equals("fs")) return null;
        if (!store.equals("s3")) throw new IllegalArgumentException("blob_store must be fs or s3, not " + store);
        return s3Settings();
    }

    /** The s3_* settings, whatever blob_store says (migrate-storage copies into them before the switch). */
    public depot.core.blob.S3BlobStore.Settings s3Settings() {
        String presign = blankToNull(options.get("s3_presigned_downloads"));
        return new depot.core.blob.S3BlobStore.Settings(blankToNull(options.get("s3_endpoint")),
                options.getOrDefault("s3_region", "us-east-1"), blankToNull(options.get("s3_bucket")),
                options.getOrDefault("s3_prefix", ""), Boolean.parseBoolean(options.getOrDefault("s3_path_style", "true")),
                blankToNull(options.get("s3_access_key")), blankToNull(options.get("s3_secret_key")),
                (int) (long) setting("s3_part_size", options.getOrDefault("s3_part_size", "8m"), Config::parseSize),
                presign == null ? null
                        : java.time.Duration.ofMillis(setting("s3_presigned_downloads", presign, Config::parseDuration)));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
