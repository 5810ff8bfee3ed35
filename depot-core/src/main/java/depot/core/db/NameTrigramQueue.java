package depot.core.db;

import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves published package names from SQLite's queue into the FTS5 trigram table (migration V15), a batch per
 * transaction: FTS5 writes a segment of its index at every commit, so one name per publish cost a quarter of a small
 * publish, and a batch of hundreds costs about what one did. Every {@link #ROUND_MILLIS} ms, and at once again
 * while a full batch was moved. A name is in the queue or in the table, never both and never neither (the move and
 * the triggers each change both in one transaction), which is what {@link NameFilter} relies on.
 */
final class NameTrigramQueue implements AutoCloseable {
    static final long ROUND_MILLIS = 250;
    /** Names per transaction: a few milliseconds of the writers' turn. */
    static final int BATCH = 1000;
    private static final Logger LOG = LoggerFactory.getLogger(NameTrigramQueue.class);

    private final Jdbi jdbi;
    private final ScheduledExecutorService rounds = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "depot-name-index");
        t.setDaemon(true);
        return t;
    });

    NameTrigramQueue(Jdbi jdbi) {
        this.jdbi = jdbi;
        schedule(ROUND_MILLIS);
    }

    private void schedule(long delay) {
        try {
            rounds.schedule(this::round, delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closed) {
            // the database is closing
        }
    }

    private void round() {
        int moved = 0;
        try {
            moved = moveBatch();
        } catch (RuntimeException e) {
            // the names stay queued, and listings still find them there; the next round tries again
            LOG.debug("moving queued names into the trigram table failed: {}", e.toString());
        }
        schedule(moved == BATCH ? 1 : ROUND_MILLIS);
    }

    /** Moves the oldest queued names (at most {@link #BATCH}) in one transaction; how many it moved. */
    int moveBatch() {
        // a read first: an idle database is not written to
        boolean queued = jdbi.withHandle(h -> h.createQuery("SELECT EXISTS (SELECT 1 FROM package_name_trigrams_queue)")
                .mapTo(Boolean.class).one());
        if (!queued) return 0;
        return jdbi.inTransaction(h -> {
            Long last = h.createQuery("""
                    SELECT MAX(package_id) FROM (SELECT package_id FROM package_name_trigrams_queue
                    ORDER BY package_id LIMIT :batch)""").bind("batch", BATCH).mapTo(Long.class).one();
            if (last == null) return 0;
            h.createUpdate("""
                    INSERT INTO package_name_trigrams (rowid, name)
                    SELECT p.id, p.name FROM package_name_trigrams_queue q JOIN packages p ON p.id = q.package_id
                    WHERE q.package_id <= :last""").bind("last", last).execute();
            return h.createUpdate("DELETE FROM package_name_trigrams_queue WHERE package_id <= :last")
                    .bind("last", last).execute();
        });
    }

    /** Moves every queued name now. */
    void drain() {
        while (moveBatch() == BATCH) {
            // the next batch
        }
    }

    @Override
    public void close() {
        rounds.shutdownNow();
        try {
            rounds.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
