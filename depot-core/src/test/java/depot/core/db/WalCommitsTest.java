package depot.core.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.statement.StatementContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SQLite's WAL header as the sign of a commit, on real databases, with commits from Depot and from outside it. */
class WalCommitsTest {
    @TempDir Path dir;

    @Test
    void every_commit_changes_the_header_whoever_makes_it_and_reads_change_nothing() throws Exception {
        Path file = dir.resolve("h.db");
        try (Database db = Database.open("jdbc:sqlite:" + file, null, null)) {
            WalCommits commits = db.walCommits();
            assertThat(commits).isNotNull();
            Directory directory = new Directory(db);
            long[] before = commits.header();
            assertThat(directory.project(1)).isEmpty();
            assertThat(commits.header()).isEqualTo(before);

            directory.insertNamespace("group", "g", "g", "g", null, "private", null, 1L);
            long[] afterDepot = commits.header();
            assertThat(afterDepot).isNotEqualTo(before);

            // another process (the sqlite3 shell, the CLI) commits through a connection of its own
            try (Connection outside = DriverManager.getConnection("jdbc:sqlite:" + file);
                 var s = outside.createStatement()) {
                s.executeUpdate("UPDATE namespaces SET description = 'from outside'");
            }
            long[] afterOutside = commits.header();
            assertThat(afterOutside).isNotEqualTo(afterDepot);

            // the log started over by a checkpoint: the next commit still changes the header
            db.jdbi().useHandle(h -> h.createQuery("PRAGMA wal_checkpoint(TRUNCATE)").mapToMap().list());
            directory.insertNamespace("group", "h", "h", "h", null, "private", null, 1L);
            assertThat(commits.header()).isNotEqualTo(afterOutside);
        }
    }

    @Test
    void the_server_keeps_its_locks_on_the_index_and_survives_other_processes_opening_the_database()
            throws Exception {
        Path file = dir.resolve("l.db");
        try (Database db = Database.open("jdbc:sqlite:" + file, null, null)) {
            assertThat(db.walCommits()).isNotNull();
            Path shm = Path.of(file + "-shm");
            long inode = ((Number) java.nio.file.Files.getAttribute(shm, "unix:ino")).longValue();
            Path locks = Path.of("/proc/locks");
            if (java.nio.file.Files.isReadable(locks)) {
                // SQLite's connections hold read locks on the index while they are open; watching it must not drop
                // them (closing a descriptor of a file drops all of the process's locks on it)
                String pid = " " + ProcessHandle.current().pid() + " ";
                assertThat(java.nio.file.Files.readAllLines(locks))
                        .anySatisfy(line -> assertThat(line).contains(pid).contains(":" + inode + " "));
            }
            // other processes open the database and commit, as the CLI or the sqlite3 shell do; each commit is seen
            // at once, and the process reading the index lives on (it died of SIGBUS when they started it over)
            ChangeCounters counters = db.changeCounters();
            for (int i = 0; i < 5; i++) {
                long seen = inRequest(counters, counters::directory);
                Process outside = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp", System.getProperty("java.class.path"), OutsideCommit.class.getName(), file.toString())
                        .inheritIO().start();
                assertThat(outside.waitFor()).isZero();
                assertThat(inRequest(counters, counters::directory)).isGreaterThan(seen);
            }
        }
    }

    /** Another process: one commit that moves the directory counter, through a connection of its own. */
    public static final class OutsideCommit {
        public static void main(String[] args) throws Exception {
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + args[0]);
                 var s = c.createStatement()) {
                s.executeUpdate("INSERT INTO namespaces (kind, name, path, full_path, visibility, created_at) "
                        + "VALUES ('group', 'o', 'o" + System.nanoTime() + "', 'o" + System.nanoTime()
                        + "', 'private', 1)");
            }
        }
    }

    @Test
    void requests_read_the_counters_by_query_only_after_a_commit() throws Exception {
        Path file = dir.resolve("q.db");
        try (Database db = Database.open("jdbc:sqlite:" + file, null, null)) {
            AtomicInteger queries = countCounterQueries(db);
            ChangeCounters counters = db.changeCounters();
            Directory directory = new Directory(db);
            long ns = directory.insertNamespace("group", "g", "g", "g", null, "private", null, 1L);
            long project = directory.insertProject(ns, "p", "p", "g/p", "private", true, null, null, 1L);

            long seen = inRequest(counters, counters::directory);
            int afterFirst = queries.get();
            for (int i = 0; i < 100; i++) assertThat(inRequest(counters, counters::directory)).isEqualTo(seen);
            assertThat(queries.get()).isEqualTo(afterFirst);

            // a revocation made by hand in SQL, outside Depot, is seen by the very next request
            try (Connection outside = DriverManager.getConnection("jdbc:sqlite:" + file);
                 var s = outside.createStatement()) {
                s.executeUpdate("UPDATE projects SET visibility = 'public' WHERE id = " + project);
            }
            counters.beginRequest();
            assertThat(counters.directory()).isGreaterThan(seen);
            assertThat(directory.project(project).orElseThrow().visibility()).isEqualTo("public");
            counters.endRequest();
            assertThat(queries.get()).isEqualTo(afterFirst + 1);
        }
    }

    @Test
    void inside_a_request_a_transaction_still_reads_its_own_writes() {
        try (Database db = Database.open("jdbc:sqlite:" + dir.resolve("t.db"), null, null)) {
            ChangeCounters counters = db.changeCounters();
            Directory directory = new Directory(db);
            long ns = directory.insertNamespace("group", "g", "g", "g", null, "private", null, 1L);
            long project = directory.insertProject(ns, "p", "p", "g/p", "private", true, null, null, 1L);
            inRequest(counters, () -> directory.project(project).orElseThrow().name().length());

            counters.beginRequest();
            db.jdbi().useTransaction(h -> {
                assertThat(directory.project(project).orElseThrow().name()).isEqualTo("p");
                directory.updateProject(project, "renamed", "private", true, null);
                assertThat(counters.directory()).isEqualTo(ChangeCounters.UNCACHED);
                assertThat(directory.project(project).orElseThrow().name()).isEqualTo("renamed");
            });
            counters.endRequest();
            assertThat(inRequest(counters, () -> directory.project(project).orElseThrow().name().length()))
                    .isEqualTo("renamed".length());
        }
    }

    @Test
    void a_database_without_a_readable_index_reads_the_counters_by_query() {
        Path file = dir.resolve("u.db");
        try (Database db = Database.open("jdbc:sqlite:file:" + file + "?cache=private", null, null)) {
            assertThat(db.walCommits()).isNull();
            ChangeCounters counters = db.changeCounters();
            long seen = inRequest(counters, counters::directory);
            new Directory(db).insertNamespace("group", "g", "g", "g", null, "private", null, 1L);
            assertThat(inRequest(counters, counters::directory)).isGreaterThan(seen);
        }
    }

    private static long inRequest(ChangeCounters counters, java.util.function.LongSupplier read) {
        counters.beginRequest();
        try {
            return read.getAsLong();
        } finally {
            counters.endRequest();
        }
    }

    /** Counts the queries that read the counters, keeping the logger the counters themselves installed. */
    private static AtomicInteger countCounterQueries(Database db) {
        AtomicInteger n = new AtomicInteger();
        SqlLogger previous = db.jdbi().getConfig(SqlStatements.class).getSqlLogger();
        db.jdbi().setSqlLogger(new SqlLogger() {
            @Override
            public void logBeforeExecution(StatementContext context) {
                if (context.getRawSql().contains("change_stamps")) n.incrementAndGet();
                previous.logBeforeExecution(context);
            }

            @Override
            public void logAfterExecution(StatementContext context) { previous.logAfterExecution(context); }

            @Override
            public void logException(StatementContext context, java.sql.SQLException ex) {
                previous.logException(context, ex);
            }
        });
        return n;
    }
}
