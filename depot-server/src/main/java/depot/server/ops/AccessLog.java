package depot.server.ops;

import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
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
 *
 * <p>The lines look as every other log line does (slf4j-simple's: time, level, logger, message) and go to the same
 * standard error, but the writer formats a whole batch and writes it at once: one write per batch instead of one
 * per line took a tenth of the CPU a small download costs off the machine.
 */
final class AccessLog implements AutoCloseable {
    private static final Logger ACCESS = LoggerFactory.getLogger("depot.access");
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ").withZone(ZoneId.systemDefault());
    private static final Line STOP = new Line(0, "");
    /** How often the writer takes the lines that came meanwhile, and after how many empty looks it sleeps. */
    static final long TICK_MILLIS = 10;
    private static final int IDLE_TICKS = 100;
    private final BlockingQueue<Line> lines = new ArrayBlockingQueue<>(16_384);
    private final PrintStream out;
    private final Thread writer;

    private record Line(long millis, String text) {}

    AccessLog() {
        this(System.err);
    }

    AccessLog(PrintStream out) {
        this.out = out;
        writer = new Thread(this::write, "depot-access-log");
        writer.setDaemon(true);
        writer.start();
    }

    boolean enabled() { return ACCESS.isInfoEnabled(); }

    void add(String line) {
        put(new Line(System.currentTimeMillis(), line));
    }

    private void put(Line line) {
        try {
            lines.put(line);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void write() {
        List<Line> batch = new ArrayList<>();
        StringBuilder text = new StringBuilder(8192);
        long formatted = Long.MIN_VALUE;
        String time = "";
        try {
            int idleTicks = 0;
            while (true) {
                if (lines.drainTo(batch, 1024) == 0) {
                    // while lines come, the writer looks for them every tick instead of being woken for each one
                    // (a wake-up per request cost the request thread a tenth of a small request's time); once
                    // idle for a while, it waits to be woken by the next line
                    if (idleTicks++ < IDLE_TICKS) {
                        Thread.sleep(TICK_MILLIS);
                        continue;
                    }
                    batch.add(lines.take());
                    lines.drainTo(batch, 1023);
                }
                idleTicks = 0;
                boolean stop = false;
                for (Line line : batch) {
                    if (line == STOP) {
                        stop = true;
                        break;
                    }
                    if (line.millis() != formatted) {
                        formatted = line.millis();
                        time = TIME.format(Instant.ofEpochMilli(formatted));
                    }
                    text.append(time).append(" INFO depot.access - ").append(line.text()).append('\n');
                }
                out.print(text);
                out.flush();
                text.setLength(0);
                batch.clear();
                if (stop) return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        put(STOP);
        try {
            writer.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
