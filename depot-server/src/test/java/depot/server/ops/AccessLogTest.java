package depot.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AccessLogTest {

    @Test
    void every_line_is_written_once_in_the_log_format_with_each_writers_lines_in_order() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int writers = 4;
        int perWriter = 20_000; // more than the queue holds: requests wait for the writer, nothing is dropped
        try (AccessLog log = new AccessLog(new PrintStream(bytes, false, StandardCharsets.UTF_8))) {
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            for (int w = 0; w < writers; w++) {
                int id = w;
                pool.submit(() -> {
                    for (int i = 0; i < perWriter; i++) log.add("127.0.0.1 GET /w" + id + " 200 " + i);
                });
            }
            pool.shutdown();
            assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        }
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(writers * perWriter);
        assertThat(lines).allMatch(l -> l.matches(
                "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}[+-]\\d{4} INFO depot\\.access - 127\\.0\\.0\\.1 GET /w\\d 200 \\d+"));
        int[] next = new int[writers];
        for (String l : lines) {
            int w = l.charAt(l.indexOf("/w") + 2) - '0';
            assertThat(Integer.parseInt(l.substring(l.lastIndexOf(' ') + 1))).isEqualTo(next[w]++);
        }
    }

    @Test
    void a_line_after_a_quiet_spell_is_written_too() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (AccessLog log = new AccessLog(new PrintStream(bytes, true, StandardCharsets.UTF_8))) {
            log.add("first");
            awaitLines(bytes, 1);
            // long enough for the writer to stop looking and wait to be woken
            Thread.sleep(AccessLog.TICK_MILLIS * 150);
            log.add("after the quiet");

            assertThat(awaitLines(bytes, 2).get(1)).endsWith(" - after the quiet");
        }
    }

    private static List<String> awaitLines(ByteArrayOutputStream bytes, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<String> lines;
        do {
            Thread.sleep(5);
            synchronized (bytes) {
                lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
            }
        } while (lines.size() < count && System.nanoTime() < deadline);
        assertThat(lines).hasSize(count);
        return lines;
    }
}
