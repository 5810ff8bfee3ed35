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
 * thread formats and writes the lines in order. When the writer falls behind by a whole queue, requests wait for it
 * rather than lose lines. {@link #close} writes what is left.
 */
final class AccessLog implements AutoCloseable {
    private static final Logger ACCESS = LoggerFactory.getLogger("depot.access");
    private static final String STOP = "";
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
                batch.add(lines.take());
                lines.drainTo(batch, 1023);
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
