package depot.core.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writers' turns, background checkpoints and cached statements on a real SQLite database. */
class SqliteWritersTest {
    @TempDir Path dir;

    @Test
    void concurrent_writers_all_commit_and_the_log_starts_over_instead_of_growing() throws Exception {
        Path file = dir.resolve("w.db");
        try (Database db = Database.open("jdbc:sqlite:" + file, null, null)) {
            db.jdbi().useHandle(h -> h.execute("CREATE TABLE t (n INTEGER PRIMARY KEY, pad TEXT)"));
            ExecutorService pool = Executors.newFixedThreadPool(6);
            List<Future<?>> work = new ArrayList<>();
            String pad = "x".repeat(3000); // about a page per row: 30,000 pages (120 MB) in all
            for (int w = 0; w < 6; w++) {
                int writer = w;
                work.add(pool.submit(() -> {
                    for (int i = 0; i < 5000; i++) {
                        int n = writer * 10_000 + i;
                        db.jdbi().useTransaction(h -> h.createUpdate("INSERT INTO t (n, pad) VALUES (:n, :p)")
                                .bind("n", n).bind("p", pad).execute());
                        // readers beside the writers, some leaving their result unread (a cached statement)
                        db.jdbi().withHandle(h -> h.createQuery("SELECT n FROM t WHERE n >= :n ORDER BY n")
                                .bind("n", n).mapTo(Integer.class).findFirst());
                    }
                    return null;
                }));
            }
            for (Future<?> f : work) f.get();
            pool.shutdown();

            long rows = db.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM t").mapTo(Long.class).one());
            assertThat(rows).isEqualTo(30_000);
            // the log started over on the way (one never restarted would hold all 120 MB, not its 64 MiB cap),
            // and a checkpoint round after the last write empties it
            assertThat(Files.size(dir.resolve("w.db-wal"))).isLessThanOrEqualTo(64L << 20);
            Thread.sleep(3 * SqliteWriters.CHECKPOINT_MILLIS);
            db.jdbi().useTransaction(h -> h.execute("INSERT INTO t (n, pad) VALUES (-1, 'last')"));
            long framesNow = db.jdbi().withHandle(h -> h.createQuery("PRAGMA wal_checkpoint(PASSIVE)")
                    .map((rs, ctx) -> rs.getLong(2)).one());
            assertThat(framesNow).isLessThan(100);
        }
    }

    @Test
    void a_reader_outside_depot_holding_its_snapshot_never_holds_up_writers() throws Exception {
        Path file = dir.resolve("r.db");
        try (Database db = Database.open("jdbc:sqlite:" + file, null, null)) {
            db.jdbi().useHandle(h -> h.execute("CREATE TABLE t (n INTEGER PRIMARY KEY, pad TEXT)"));
            db.jdbi().useHandle(h -> h.execute("INSERT INTO t (n, pad) VALUES (0, 'first')"));
            // a backup or a person at the sqlite3 prompt: a read transaction left open
            try (java.sql.Connection outside = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file);
                 java.sql.Statement st = outside.createStatement()) {
                st.execute("BEGIN");
                try (java.sql.ResultSet rs = st.executeQuery("SELECT count(*) FROM t")) {
                    assertThat(rs.next()).isTrue();
                }
                String pad = "x".repeat(3000);
                long slowest = 0;
                // 4,000 pages: the log passes the restart threshold twice, and its readers never leave
                for (int i = 1; i <= 4000; i++) {
                    int n = i;
                    long t0 = System.nanoTime();
                    db.jdbi().useTransaction(h -> h.createUpdate("INSERT INTO t (n, pad) VALUES (:n, :p)")
                            .bind("n", n).bind("p", pad).execute());
                    slowest = Math.max(slowest, System.nanoTime() - t0);
                }
                st.execute("COMMIT");
                // a restart waits 25 ms for readers; waiting for this one would take SQLite's whole busy timeout
                assertThat(java.time.Duration.ofNanos(slowest)).isLessThan(java.time.Duration.ofSeconds(5));
            }
            long rows = db.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM t").mapTo(Long.class).one());
            assertThat(rows).isEqualTo(4001);
        }
    }

    @Test
    void the_same_statement_used_inside_its_own_iteration_reads_correctly() {
        try (Database db = Database.open("jdbc:sqlite:" + dir.resolve("n.db"), null, null)) {
            db.jdbi().useHandle(h -> {
                h.execute("CREATE TABLE t (n INTEGER)");
                for (int i = 1; i <= 3; i++) h.execute("INSERT INTO t (n) VALUES (?)", i);
            });
            String sql = "SELECT n FROM t WHERE n >= :n ORDER BY n";

            List<String> pairs = db.jdbi().withHandle(h -> {
                List<String> out = new ArrayList<>();
                try (var outer = h.createQuery(sql).bind("n", 1).mapTo(Integer.class).stream()) {
                    outer.forEach(a -> out.add(a + ":" + h.createQuery(sql).bind("n", a).mapTo(Integer.class).list()));
                }
                return out;
            });
            // and again, from the statements the first round gave back
            List<Integer> again = db.jdbi().withHandle(h -> h.createQuery(sql).bind("n", 2).mapTo(Integer.class).list());

            assertThat(pairs).containsExactly("1:[1, 2, 3]", "2:[2, 3]", "3:[3]");
            assertThat(again).containsExactly(2, 3);
        }
    }
}
