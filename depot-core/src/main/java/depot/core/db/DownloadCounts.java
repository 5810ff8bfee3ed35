package depot.core.db;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.jdbi.v3.core.Jdbi;

/**
 * Downloads per package file and day. A download costs one in-memory increment; every {@link #FLUSH_SECONDS}
 * seconds (and on close) the counts are added to {@code package_file_downloads}, so a cluster's nodes sum and the
 * request path never writes to the database. Reads add what this node has not written yet. A crash loses at most
 * the last few seconds of counts — downloads are statistics, not records.
 */
public final class DownloadCounts implements AutoCloseable {
    static final int FLUSH_SECONDS = 5;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DownloadCounts.class);
    private static final long DAY_MILLIS = 86_400_000L;

    private final Jdbi jdbi;
    private final Clock clock;
    private final ConcurrentHashMap<Key, LongAdder> pending = new ConcurrentHashMap<>();
    private volatile ScheduledExecutorService flusher;

    private record Key(long fileId, long packageId, int day) {}

    public DownloadCounts(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /** Today as the table counts days: UTC days since 1970-01-01. */
    public int today() { return (int) Math.floorDiv(clock.now(), DAY_MILLIS); }

    /** One download of a file of a package. */
    public void record(long fileId, long packageId) {
        pending.computeIfAbsent(new Key(fileId, packageId, today()), k -> new LongAdder()).increment();
        if (flusher == null) start();
    }

    private synchronized void start() {
        if (flusher != null) return;
        flusher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "depot-download-counts");
            t.setDaemon(true);
            return t;
        });
        flusher.scheduleWithFixedDelay(this::flushQuietly, FLUSH_SECONDS, FLUSH_SECONDS, TimeUnit.SECONDS);
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.warn("could not write download counts; they are kept for the next try", e);
        }
    }

    /** Adds the counts taken since the last flush to the table. */
    public synchronized void flush() {
        int today = today();
        for (Map.Entry<Key, LongAdder> e : List.copyOf(pending.entrySet())) {
            Key k = e.getKey();
            long n = e.getValue().sumThenReset();
            if (k.day() < today) pending.remove(k, e.getValue());
            if (n == 0) continue;
            try {
                jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO package_file_downloads (package_file_id, package_id, day, downloads)
                        VALUES (:f, :p, :d, :n)
                        ON CONFLICT (package_file_id, day) DO UPDATE
                        SET downloads = package_file_downloads.downloads + excluded.downloads""")
                        .bind("f", k.fileId()).bind("p", k.packageId()).bind("d", k.day()).bind("n", n).execute());
            } catch (RuntimeException failed) {
                if (fileExists(k.fileId())) {
                    // the database is away: keep the count for the next flush
                    pending.computeIfAbsent(k, x -> new LongAdder()).add(n);
                    throw failed;
                }
                // the file was deleted since: its count goes with it
            }
        }
    }

    private boolean fileExists(long fileId) {
        try {
            return jdbi.withHandle(h -> h.createQuery("SELECT 1 FROM package_files WHERE id = :f").bind("f", fileId)
                    .mapTo(Integer.class).findOne().isPresent());
        } catch (RuntimeException e) {
            return true;
        }
    }

    /** Downloads of each file of a package, all time. */
    public Map<Long, Long> perFile(long packageId) {
        Map<Long, Long> out = new HashMap<>();
        jdbi.useHandle(h -> h.createQuery("""
                SELECT package_file_id, SUM(downloads) FROM package_file_downloads WHERE package_id = :p
                GROUP BY package_file_id""").bind("p", packageId)
                .map((rs, c) -> new long[] {rs.getLong(1), rs.getLong(2)})
                .forEach(r -> out.put(r[0], r[1])));
        pending.forEach((k, v) -> {
            if (k.packageId() == packageId) out.merge(k.fileId(), v.sum(), Long::sum);
        });
        return out;
    }

    /** Downloads of a package on each of the last {@code days} days, oldest first, today last. */
    public long[] perDay(long packageId, int days) {
        int today = today();
        int first = today - days + 1;
        long[] out = new long[days];
        jdbi.useHandle(h -> h.createQuery("""
                SELECT day, SUM(downloads) FROM package_file_downloads WHERE package_id = :p AND day >= :first
                GROUP BY day""").bind("p", packageId).bind("first", first)
                .map((rs, c) -> new long[] {rs.getLong(1), rs.getLong(2)})
                .forEach(r -> {
                    if (r[0] >= first && r[0] <= today) out[(int) r[0] - first] += r[1];
                }));
        pending.forEach((k, v) -> {
            if (k.packageId() == packageId && k.day() >= first && k.day() <= today) out[k.day() - first] += v.sum();
        });
        return out;
    }

    @Override
    public void close() {
        ScheduledExecutorService f = flusher;
        if (f != null) {
            f.shutdown();
            try {
                f.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        flushQuietly();
    }
}
