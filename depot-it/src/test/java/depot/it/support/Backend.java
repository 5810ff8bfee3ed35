package depot.it.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The database a test server runs on: a SQLite file in the server's data directory, or a fresh database in
 * one real PostgreSQL (embedded binaries, started once per test JVM).
 */
public enum Backend {
    SQLITE, POSTGRES;

    private static EmbeddedPostgres postgres;
    private static final AtomicInteger DATABASES = new AtomicInteger();

    /** A JDBC URL for a new, empty database, or null for the SQLite default. */
    public String newDatabaseUrl() {
        if (this == SQLITE) return null;
        try {
            EmbeddedPostgres pg = postgres();
            String name = "depot_" + DATABASES.incrementAndGet();
            try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
                st.execute("CREATE DATABASE " + name);
            }
            return pg.getJdbcUrl("postgres", name);
        } catch (Exception e) {
            throw new IllegalStateException("could not start PostgreSQL", e);
        }
    }

    private static synchronized EmbeddedPostgres postgres() throws IOException {
        if (postgres == null) {
            postgres = EmbeddedPostgres.builder().start();
            EmbeddedPostgres pg = postgres;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    pg.close();
                } catch (IOException ignored) {
                    // the JVM is going away anyway
                }
            }));
        }
        return postgres;
    }
}
