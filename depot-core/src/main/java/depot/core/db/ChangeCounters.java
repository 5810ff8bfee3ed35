package depot.core.db;

import java.util.Arrays;
import java.util.Locale;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Two change counters in the {@code change_stamps} table that database triggers move with every change they cover
 * (migration V11, per dialect): {@code directory} — users, tokens, CI jobs, groups, projects, members, settings —
 * and {@code packages} — packages and their files. Caches of those rows ({@link StampedCache}) hold while the counter
 * stands still, so a revoked token, a removed member, a project made private or a deleted package stops working at
 * the next request on every node, whoever made the change (another node, the CLI), without a query per row.
 *
 * <p>A request reads both counters once, in one query: {@link #beginRequest} starts a memo on the request's thread
 * that the first read fills. A statement that writes, run on that thread afterwards, ends the memo for the rest of
 * the request, so a request never reads its own change from a cache made before it. Outside a request (background
 * work, the CLI) every read asks the database. Inside a transaction the counters are {@link #UNCACHED}: what a
 * transaction reads may be its own uncommitted writes, which no cache may keep. Thread-safe.
 */
public final class ChangeCounters {
    /** What the counters read as inside a transaction: caches neither serve nor keep anything then. */
    public static final long UNCACHED = -1;
    private static final Values IN_TRANSACTION = new Values(UNCACHED, UNCACHED);
    /**
     * How long counters read with a WAL header are trusted without a query, whatever the header says: a bound on
     * what an unforeseen way for a commit to leave the header alone could cost.
     */
    static final long WAL_TRUST_NANOS = 1_000_000_000L;
    private final Jdbi jdbi;
    private final ThreadLocal<Memo> memo = ThreadLocal.withInitial(Memo::new);
    /** SQLite's WAL header, read instead of a query while nothing committed; null on PostgreSQL. */
    private final WalCommits commits;
    private volatile Seen seen;

    /** The counters as one read saw them. */
    private record Values(long directory, long packages) {}

    /** Counters read by query, and the WAL header read just before it. */
    private record Seen(long[] header, Values values, long at) {}

    private static final class Memo {
        boolean inRequest;
        boolean wrote;
        Values values;
    }

    /**
     * With {@code commits} (SQLite), a request that has not written reads the counters without a query while no
     * commit has happened since they were last read; once it wrote, or outside a request, it asks the database.
     */
    ChangeCounters(Jdbi jdbi, WalCommits commits) {
        this.jdbi = jdbi;
        this.commits = commits;
        SqlLogger previous = jdbi.getConfig(SqlStatements.class).getSqlLogger();
        jdbi.setSqlLogger(new SqlLogger() {
            @Override
            public void logBeforeExecution(StatementContext context) {
                if (writes(context.getRawSql())) wrote();
                previous.logBeforeExecution(context);
            }

            @Override
            public void logAfterExecution(StatementContext context) { previous.logAfterExecution(context); }

            @Override
            public void logException(StatementContext context, java.sql.SQLException ex) {
                previous.logException(context, ex);
            }
        });
    }

    public long directory() { return values().directory(); }

    public long packages() { return values().packages(); }

    private Values values() {
        Memo m = memo.get();
        if (m.inRequest && !m.wrote) {
            if (m.values == null) m.values = sinceLastCommit();
            if (m.values != null) return m.values;
        }
        Values v = query();
        if (m.inRequest && !m.wrote && v != IN_TRANSACTION) m.values = v;
        return v;
    }

    /**
     * The counters, from the last query when no commit has happened since (the header is read before the query, so
     * a commit between the two reads as a change); null without a WAL header to read, or inside a transaction.
     */
    private Values sinceLastCommit() {
        long[] header = commits == null ? null : commits.header();
        if (header == null) return null;
        Seen last = seen;
        long now = System.nanoTime();
        if (last != null && Arrays.equals(last.header(), header) && now - last.at() < WAL_TRUST_NANOS) {
            return last.values();
        }
        Values v = query();
        if (v == IN_TRANSACTION) return null;
        seen = new Seen(header, v, now);
        return v;
    }

    private Values query() {
        return jdbi.withHandle(h -> {
            if (h.isInTransaction()) return IN_TRANSACTION;
            // through JDBI, so that SQLite keeps the compiled statement (SqliteStatementCache): compiling it again
            // for every request cost a third of this read
            java.util.Map<String, Long> counters = new java.util.HashMap<>();
            h.createQuery("SELECT name, value FROM change_stamps")
                    .map((rows, ctx) -> java.util.Map.entry(rows.getString(1), rows.getLong(2)))
                    .forEach(e -> counters.put(e.getKey(), e.getValue()));
            return new Values(counters.getOrDefault("directory", 0L), counters.getOrDefault("packages", 0L));
        });
    }

    /** Starts the memo of a request on this thread (any memo left on it by an earlier request ends). */
    public void beginRequest() {
        Memo m = memo.get();
        m.inRequest = true;
        m.wrote = false;
        m.values = null;
    }

    public void endRequest() {
        Memo m = memo.get();
        m.inRequest = false;
        m.values = null;
    }

    /** Ends this thread's memo for the rest of its request: it writes (or has another thread write for it). */
    void wrote() {
        Memo m = memo.get();
        if (m.inRequest) m.wrote = true;
    }

    /** Anything but a plain query may change rows (a trigger may move a counter), so it ends the memo. */
    static boolean writes(String sql) {
        int i = 0;
        while (i < sql.length() && Character.isWhitespace(sql.charAt(i))) i++;
        return !sql.regionMatches(true, i, "SELECT", 0, 6) || sql.toUpperCase(Locale.ROOT).contains(" FOR UPDATE");
    }
}
