package depot.core.db;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.sqlite.BusyHandler;

/**
 * How a SQLite connection waits for the one writer's lock. SQLite's own busy timeout sleeps 1, 2, 5, 10 … 100 ms
 * between tries, so with a few publishes at once most of a writer's wait was sleeping past the moment the lock came
 * free (an eighth of the small-file publish's wall time). This one retries after 20 µs, backing off to 1 ms, and gives
 * up after the same overall timeout. One per connection, which one thread uses at a time.
 */
final class SqliteBusyWait extends BusyHandler {
    /** How long a connection waits for the writer's lock before its statement fails. */
    static final long TIMEOUT_MILLIS = 30_000;
    private final long timeoutNanos;
    private long since;

    SqliteBusyWait(long timeoutMillis) {
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    }

    @Override
    protected int callback(int triesSoFar) {
        long now = System.nanoTime();
        if (triesSoFar == 0) since = now;
        if (now - since > timeoutNanos) return 0;
        LockSupport.parkNanos(Math.min(20_000L << Math.min(triesSoFar / 8, 6), 1_000_000L));
        return 1;
    }
}
