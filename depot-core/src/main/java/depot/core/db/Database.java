package depot.core.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;

/**
 * The database: a connection pool, the schema migrated at start, and a {@link Jdbi} over it.
 * SQLite runs in WAL mode and starts every transaction as {@code BEGIN IMMEDIATE}, so writers queue on
 * the busy timeout instead of failing on a lock upgrade. Thread-safe.
 */
public final class Database implements AutoCloseable {
    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final Dialect dialect;
    private final ChangeCounters changeCounters;
    private final SqliteWriters sqliteWriters;
    private final NameTrigramQueue nameTrigrams;
    private final WalCommits walCommits;

    public enum Dialect { SQLITE, POSTGRES }

    private Database(HikariDataSource dataSource, Dialect dialect, WalCommits walCommits) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.jdbi = Jdbi.create(dataSource);
        Rows.register(jdbi);
        this.changeCounters = new ChangeCounters(jdbi, walCommits);
        this.walCommits = walCommits;
        this.sqliteWriters = dialect == Dialect.SQLITE ? new SqliteWriters(jdbi) : null;
        if (dialect == Dialect.SQLITE) jdbi.setStatementBuilderFactory(new SqliteStatementCache());
        this.nameTrigrams = dialect == Dialect.SQLITE ? new NameTrigramQueue(jdbi) : null;
    }

    /** Opens {@code url} ({@code jdbc:sqlite:…} or {@code jdbc:postgresql:…}) and migrates it. */
    public static Database open(String url, String user, String password) {
        return open(url, user, password, Map.of());
    }

    /**
     * Opens and migrates {@code url}, then runs the migrations of each format that has tables of its own:
     * {@code formatMigrations} maps a format's type to the class path folder of its Flyway scripts, versioned on
     * their own (V1, V2 …) and recorded in the history table {@code flyway_history_<type>}, so that formats added
     * in any order never collide with each other or with the core's versions.
     */
    public static Database open(String url, String user, String password, Map<String, String> formatMigrations) {
        Dialect dialect = url.startsWith("jdbc:sqlite:") ? Dialect.SQLITE : Dialect.POSTGRES;
        HikariConfig config = new HikariConfig();
        config.setPoolName("depot");
        javax.sql.DataSource direct = null;
        if (dialect == Dialect.SQLITE) {
            createParentDirectory(url.substring("jdbc:sqlite:".length()));
            SqliteLibrary.useCachedCopy();
            Properties props = new Properties();
            props.setProperty("foreign_keys", "true");
            props.setProperty("journal_mode", "WAL");
            // a log that grew in a burst is cut back to this when it starts over
            props.setProperty("journal_size_limit", String.valueOf(64L << 20));
            props.setProperty("synchronous", "NORMAL");
            props.setProperty("transaction_mode", "IMMEDIATE");
            direct = sqlite(url, props);
            config.setDataSource(direct);
            // WAL readers run concurrently; a pool as large as the busiest request burst avoids hand-off spinning
            config.setMaximumPoolSize(24);
        } else {
            config.setJdbcUrl(url);
            if (user != null) config.setUsername(user);
            if (password != null) config.setPassword(password);
            config.setMaximumPoolSize(16);
            // a database that went away answers 503 within seconds instead of holding requests for Hikari's 30
            config.setConnectionTimeout(10_000);
        }
        HikariDataSource ds = new HikariDataSource(config);
        try {
            // one history for the core: scripts for both databases, and a script per database where they must differ
            String dialectScripts = "classpath:db/dialect/" + dialect.name().toLowerCase(Locale.ROOT);
            migrate(ds, dialect, List.of("classpath:db/migration", dialectScripts), "flyway_schema_history");
            for (Map.Entry<String, String> format : new java.util.TreeMap<>(formatMigrations).entrySet()) {
                if (!format.getKey().matches("[a-z][a-z0-9_]*")) {
                    throw new IllegalArgumentException("not a format type: " + format.getKey());
                }
                migrate(ds, dialect, List.of("classpath:" + format.getValue()), "flyway_history_" + format.getKey());
            }
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
        // after the migrations: the database is in WAL mode by then
        WalCommits commits = direct == null ? null : WalCommits.watch(direct, url.substring("jdbc:sqlite:".length()));
        return new Database(ds, dialect, commits);
    }

    private static void migrate(HikariDataSource ds, Dialect dialect, List<String> locations, String historyTable) {
        if (SchemaHistory.upToDate(ds, locations, historyTable)) return;
        String idPk = dialect == Dialect.SQLITE
                ? "INTEGER PRIMARY KEY AUTOINCREMENT"
                : "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY";
        Flyway.configure()
                .dataSource(ds)
                .locations(locations.toArray(String[]::new))
                .table(historyTable)
                // a format's history starts below its V1 in a schema the core's migrations already filled
                .baselineOnMigrate(!historyTable.equals("flyway_schema_history"))
                .baselineVersion("0")
                .placeholders(Map.of("id_pk", idPk))
                .load()
                .migrate();
    }

    /** SQLite connections that wait for the write lock with {@link SqliteBusyWait} (30 s at most). */
    private static org.sqlite.SQLiteDataSource sqlite(String url, Properties props) {
        org.sqlite.SQLiteDataSource ds = new org.sqlite.SQLiteDataSource(new org.sqlite.SQLiteConfig(props)) {
            @Override
            public org.sqlite.SQLiteConnection getConnection(String user, String password) throws java.sql.SQLException {
                org.sqlite.SQLiteConnection c = super.getConnection(user, password);
                org.sqlite.BusyHandler.setHandler(c, new SqliteBusyWait(SqliteBusyWait.TIMEOUT_MILLIS));
                // checkpoints run on their own thread (SqliteWriters), not in the commit that fills the log
                try (java.sql.Statement s = c.createStatement()) {
                    s.execute("PRAGMA wal_autocheckpoint=0");
                }
                return c;
            }
        };
        ds.setUrl(url);
        return ds;
    }

    private static void createParentDirectory(String file) {
        if (file.isEmpty() || file.startsWith(":memory:") || file.startsWith("file:")) return;
        try {
            Path parent = Path.of(file).toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public Jdbi jdbi() { return jdbi; }

    public Dialect dialect() { return dialect; }

    /**
     * Runs {@code work} in a transaction of its own as far as it can tell, which on SQLite may commit together with
     * other writers' transactions queued meanwhile ({@link GroupCommit}); it returns once its work is committed.
     * For short writes that many callers make at once (publishes). The work must use the handle it gets or
     * {@link #jdbi()}, and must not depend on the thread it runs on.
     */
    public <T> T inSharedCommit(org.jdbi.v3.core.HandleCallback<T, RuntimeException> work) {
        if (sqliteWriters == null) return jdbi.inTransaction(work);
        // the statements may run on another thread: this request's cached counters end here all the same
        changeCounters.wrote();
        return sqliteWriters.groupCommit().inTransaction(work);
    }

    /** SQLite's group commit (tests). */
    GroupCommit groupCommit() {
        return sqliteWriters.groupCommit();
    }

    /** The counters changes to the directory and to packages move; what caches of their rows check. */
    public ChangeCounters changeCounters() { return changeCounters; }

    /** True when the database answers a trivial query. */
    public boolean ready() {
        try {
            return jdbi.withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one()) == 1;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** What tells SQLite's commits without a query; null on PostgreSQL or where the WAL index cannot be read. */
    WalCommits walCommits() {
        return walCommits;
    }

    /** SQLite's queue of names on their way into the trigram table; null on PostgreSQL. */
    NameTrigramQueue nameTrigrams() {
        return nameTrigrams;
    }

    @Override
    public void close() {
        if (nameTrigrams != null) nameTrigrams.close();
        if (sqliteWriters != null) sqliteWriters.close();
        dataSource.close();
        if (walCommits != null) walCommits.close();
    }
}
