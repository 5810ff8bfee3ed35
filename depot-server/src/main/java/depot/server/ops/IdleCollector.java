package depot.server.ops;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Gives memory back when the server goes quiet. The heap grows to what a busy spell needs (up to its cap) and, with
 * the serial collector Depot runs on, is only shrunk by a full collection, which a quiet server never has: a node that
 * served one burst kept its peak resident size all night. Once per quiet spell — no request for
 * {@link #QUIET_SECONDS} seconds after at least one — this asks for a full collection, which also frees the off-heap
 * buffers nothing uses any more. (G1's periodic collections do the same for that collector.)
 */
final class IdleCollector implements AutoCloseable {
    static final long QUIET_SECONDS = 10;
    private final long quietNanos;
    private volatile long lastRequest = System.nanoTime();
    private volatile boolean servedSinceCollection;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "depot-idle-collector");
        t.setDaemon(true);
        return t;
    });

    IdleCollector() {
        this(TimeUnit.SECONDS.toMillis(QUIET_SECONDS));
    }

    IdleCollector(long quietMillis) {
        this.quietNanos = TimeUnit.MILLISECONDS.toNanos(quietMillis);
        timer.scheduleWithFixedDelay(this::check, quietMillis, Math.max(1, quietMillis / 2), TimeUnit.MILLISECONDS);
    }

    void requestServed() {
        lastRequest = System.nanoTime();
        if (!servedSinceCollection) servedSinceCollection = true;
    }

    private void check() {
        if (!servedSinceCollection) return;
        if (System.nanoTime() - lastRequest < quietNanos) return;
        servedSinceCollection = false;
        System.gc();
    }

    @Override
    public void close() { timer.shutdownNow(); }
}
