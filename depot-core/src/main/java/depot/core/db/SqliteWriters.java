package depot.core.db;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.DelegatingTransactionHandler;
import org.jdbi.v3.core.transaction.TransactionHandler;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a SQLite database's writers take turns. SQLite has one writer at a time, and every transaction here begins as
 * a writer ({@code BEGIN IMMEDIATE}).
 *
 * <ul>
 *   <li>Transactions queue on a lock in this process before they begin, so the next one starts the moment the last
 *       one commits; waiting inside SQLite means polling its lock ({@link SqliteBusyWait}), and with a few publishes at
 *       once a third of each one's time went to those polls. Statements outside a transaction, and other processes,
 *       still meet SQLite's own lock and wait for it as before.</li>
 *   <li>Checkpoints (copying the write-ahead log into the database file, with its fsyncs) run on a thread of their
 *       own every {@link #CHECKPOINT_MILLIS} ms instead of inside the commit that filled the log, which held up every
 *       writer queued behind it. Most of the log is copied while writers go on; then, on the writers' turn, the few
 *       frames they added meanwhile. A log copied to its end starts over only when no reader still uses it, which
 *       with readers always at work is rarely: past {@link #RESTART_AFTER_FRAMES} frames the checkpoint on the
 *       writers' turn also waits for the readers of the log to finish, and restarts it, so that it stays a few MiB.
 *       It waits {@link #RESTART_WAIT_MILLIS} ms at most (Depot's reads are short; a reader outside Depot, such as a
 *       backup, may hold its snapshot for minutes) and then leaves restarts alone for
 *       {@link #RESTART_BACKOFF_MILLIS} ms, so writers are never held up for longer than that wait.</li>
 * </ul>
 */
final class SqliteWriters implements AutoCloseable {
    static final long CHECKPOINT_MILLIS = 100;
    /** Frames (pages of 4 KiB) past which a checkpoint also restarts the log. */
    static final long RESTART_AFTER_FRAMES = 2000;
    static final long RESTART_WAIT_MILLIS = 25;
    static final long RESTART_BACKOFF_MILLIS = 1000;
    private static final Logger LOG = LoggerFactory.getLogger(SqliteWriters.class);
    private final ReentrantLock turn = new ReentrantLock();
    private final ScheduledExecutorService checkpoints = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "depot-sqlite-checkpoint");
        t.setDaemon(true);
        return t;
    });

    private long lastLogFrames = -1;
    private long restartsFrom = System.nanoTime();

    private final GroupCommit groupCommit;

    SqliteWriters(Jdbi jdbi) {
        jdbi.setTransactionHandler(new Turns(jdbi.getTransactionHandler(), turn));
        groupCommit = new GroupCommit(jdbi, turn);
        checkpoints.schedule(() -> round(jdbi), CHECKPOINT_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** One checkpoint; the next follows at once while writers fill the log faster than the rounds empty it. */
    private void round(Jdbi jdbi) {
        checkpoint(jdbi);
        boolean behind = lastLogFrames > RESTART_AFTER_FRAMES && System.nanoTime() - restartsFrom >= 0;
        long delay = behind ? 1 : CHECKPOINT_MILLIS;
        try {
            checkpoints.schedule(() -> round(jdbi), delay, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            // the database is closing
        }
    }

    private void checkpoint(Jdbi jdbi) {
        try {
            // the connection first: writers waiting for their turn hold theirs, and the pool may have no other
            jdbi.useHandle(h -> {
                long frames = passiveCheckpoint(h);
                if (frames == lastLogFrames) return; // nothing written since the last round
                turn.lock();
                try {
                    long left = passiveCheckpoint(h);
                    // a restart that succeeded leaves nothing to copy: the next round finds the log short
                    if (left > RESTART_AFTER_FRAMES && System.nanoTime() - restartsFrom >= 0 && !restart(h)) {
                        restartsFrom = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RESTART_BACKOFF_MILLIS);
                    }
                    lastLogFrames = left;
                } finally {
                    turn.unlock();
                }
            });
        } catch (RuntimeException e) {
            // the next round tries again; a database being closed ends up here once
            LOG.debug("checkpoint failed: {}", e.toString());
        }
    }

    /** Copies the rest of the log and restarts it, waiting briefly for its readers; false when they stayed. */
    private static boolean restart(Handle h) {
        org.sqlite.SQLiteConnection c;
        try {
            c = h.getConnection().unwrap(org.sqlite.SQLiteConnection.class);
            org.sqlite.BusyHandler.setHandler(c, new SqliteBusyWait(RESTART_WAIT_MILLIS));
        } catch (java.sql.SQLException e) {
            return false;
        }
        try {
            return h.createQuery("PRAGMA wal_checkpoint(RESTART)").map((rs, ctx) -> rs.getLong(1)).one() == 0;
        } catch (RuntimeException busy) {
            return false;
        } finally {
            try {
                org.sqlite.BusyHandler.setHandler(c, new SqliteBusyWait(SqliteBusyWait.TIMEOUT_MILLIS));
            } catch (java.sql.SQLException e) {
                LOG.warn("could not restore the busy handler of a SQLite connection: {}", e.toString());
            }
        }
    }

    /** Copies what it can of the log without waiting for anyone; the frames in the log. */
    private static long passiveCheckpoint(Handle h) {
        return h.createQuery("PRAGMA wal_checkpoint(PASSIVE)").map((rs, ctx) -> rs.getLong(2)).one();
    }

    /** Transactions that may commit together, taking the writers' turn like any other. */
    GroupCommit groupCommit() {
        return groupCommit;
    }

    @Override
    public void close() {
        groupCommit.close();
        checkpoints.shutdownNow();
        try {
            checkpoints.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Begins an outermost transaction only on the writers' turn; nested ones and the same thread re-enter. */
    private static final class Turns extends DelegatingTransactionHandler {
        private final ReentrantLock turn;

        Turns(TransactionHandler delegate, ReentrantLock turn) {
            super(delegate);
            this.turn = turn;
        }

        @Override
        public TransactionHandler specialize(Handle handle) throws java.sql.SQLException {
            return new Turns(getDelegate().specialize(handle), turn);
        }

        @Override
        public <R, X extends Exception> R inTransaction(Handle handle, HandleCallback<R, X> callback) throws X {
            if (isInTransaction(handle)) return super.inTransaction(handle, callback);
            turn.lock();
            try {
                return super.inTransaction(handle, callback);
            } finally {
                turn.unlock();
            }
        }

        @Override
        public <R, X extends Exception> R inTransaction(Handle handle, TransactionIsolationLevel level,
                HandleCallback<R, X> callback) throws X {
            if (isInTransaction(handle)) return super.inTransaction(handle, level, callback);
            turn.lock();
            try {
                return super.inTransaction(handle, level, callback);
            } finally {
                turn.unlock();
            }
        }
    }
}
