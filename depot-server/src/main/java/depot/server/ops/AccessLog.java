package depot.server.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The access log, written off the request threads: a request hands its line to a bounded queue and goes on; one
 * thread, looking every few milliseconds, formats and writes the lines in order. When the writer falls behind by a
 * whole queue, requests wait for it rather than lose lines. {@link #close} writes what is left.
 */
final class AccessLog implements AutoCloseable {
    private static final Logger ACCESS = LoggerFactory.getLogger("depot.access");
    private static final String STOP = "";
    private static final long POLL_MILLIS = 10;
    private final BlockingQueue<String> lines = new ArrayBlockingQueue<>(16_384);
    private final Thread writer;

    AccessLog() {
        writer = new Thread(this::write, "depot-access-log");
        writer.setDaemon(true);
        writer.start();
    }

    boolean enabled() { return ACCESS.isInfoEnabled(); }

    void add(String line) {
        try {
            lines.put(line);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void write() {
        List<String> batch = new ArrayList<>();
        try {
            while (true) {
                // the writer looks every few milliseconds rather than waiting on the queue: a request that adds
                // its line then never has a sleeping thread to wake (a futex call, on every request)
                if (lines.drainTo(batch, 1024) == 0) {
                    Thread.sleep(POLL_MILLIS);
                    continue;
                }
                for (String line : batch) {
                    if (line == STOP) return;
                    ACCESS.info(line);
                }
                batch.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        add(STOP);
        try {
            writer.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
