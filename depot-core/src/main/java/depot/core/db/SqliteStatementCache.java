package depot.core.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jdbi.v3.core.statement.DefaultStatementBuilder;
import org.jdbi.v3.core.statement.StatementBuilder;
import org.jdbi.v3.core.statement.StatementBuilderFactory;
import org.jdbi.v3.core.statement.StatementContext;
import org.sqlite.SQLiteConnection;

/**
 * Keeps each SQLite connection's prepared statements for the next use of the same SQL. SQLite compiles a statement
 * when it is prepared, and the driver has no cache of its own: compiling took a fifth of a small publish's CPU and
 * as much of a download's. PostgreSQL's driver caches by SQL already, so only SQLite connections get this.
 *
 * <p>Statements are prepared on the pooled connection's own SQLite connection (not on the pool's wrapper, which
 * closes what was prepared through it when the connection goes back), so they live as long as it does. A statement
 * is lent to one user at a time: a second use of the same SQL while the first is open gets a fresh statement, which is
 * closed after use. Given back, a statement's result set is closed (which resets it, ending its read) and its
 * parameters are cleared. At most {@link #PER_CONNECTION} are kept per connection, the least recently used closed
 * first. A connection is used by one thread at a time, so its cache needs no lock of its own.
 */
final class SqliteStatementCache implements StatementBuilderFactory {
    static final int PER_CONNECTION = 256;
    /** Each live connection's statements; a connection the pool closed is dropped when the next one opens. */
    private final Map<SQLiteConnection, Cache> caches = new java.util.IdentityHashMap<>();

    @Override
    public StatementBuilder createStatementBuilder(Connection conn) {
        SQLiteConnection sqlite;
        try {
            sqlite = conn.unwrap(SQLiteConnection.class);
        } catch (SQLException e) {
            return new DefaultStatementBuilder();
        }
        Cache cache;
        synchronized (caches) {
            cache = caches.get(sqlite);
            if (cache == null) {
                // a new connection: the pool may have retired one (its statements keep it from being collected)
                caches.keySet().removeIf(SqliteStatementCache::closed);
                cache = new Cache();
                caches.put(sqlite, cache);
            }
        }
        return new Builder(sqlite, cache);
    }

    /** A connection's idle statements by SQL, least recently used first, and the SQL of those lent out. */
    private static final class Cache extends LinkedHashMap<String, PreparedStatement> {
        /** Jdbi gives back a statement with its SQL as written, not as prepared: the key goes with the statement. */
        final Map<Statement, String> lent = new java.util.IdentityHashMap<>();

        Cache() {
            super(64, 0.75f, true);
        }

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
            if (size() <= PER_CONNECTION) return false;
            closeQuietly(eldest.getValue());
            return true;
        }
    }

    private static final class Builder extends DefaultStatementBuilder {
        private final SQLiteConnection sqlite;
        private final Cache cache;

        Builder(SQLiteConnection sqlite, Cache cache) {
            this.sqlite = sqlite;
            this.cache = cache;
        }

        @Override
        public PreparedStatement create(Connection conn, String sql, StatementContext ctx) throws SQLException {
            if (ctx.isReturningGeneratedKeys() || ctx.isConcurrentUpdatable()) return super.create(conn, sql, ctx);
            PreparedStatement ps = cache.remove(sql);
            if (ps == null || ps.isClosed()) {
                ps = sqlite.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
            }
            cache.lent.put(ps, sql);
            return ps;
        }

        @Override
        public void close(Connection conn, String rawSql, Statement stmt) throws SQLException {
            if (stmt == null) return;
            String sql = cache.lent.remove(stmt);
            if (sql == null || !(stmt instanceof PreparedStatement ps) || stmt.isClosed() || cache.containsKey(sql)) {
                stmt.close();
                return;
            }
            try {
                ResultSet open = ps.getResultSet();
                if (open != null) open.close();
                ps.clearParameters();
            } catch (SQLException e) {
                ps.close();
                return;
            }
            cache.put(sql, ps);
        }
    }

    private static boolean closed(SQLiteConnection c) {
        try {
            return c.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }

    private static void closeQuietly(Statement stmt) {
        try {
            stmt.close();
        } catch (SQLException e) {
            // closing a statement of a connection that is gone
        }
    }
}
