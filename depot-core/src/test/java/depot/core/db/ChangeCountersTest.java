package depot.core.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The change counters and the caches kept under them, on a real SQLite database. */
class ChangeCountersTest {
    @TempDir Path dir;

    @Test
    void changes_move_their_counter_and_a_token_touch_moves_none() {
        try (Database db = Database.open("jdbc:sqlite:" + dir.resolve("c.db"), null, null)) {
            ChangeCounters counters = db.changeCounters();
            Directory directory = new Directory(db);
            Identities identities = new Identities(db);
            long d0 = counters.directory();
            long p0 = counters.packages();
            long ns = directory.insertNamespace("user", "u", "u", "u", null, "private", null, 1L);
            long user = identities.insertUser("u", "u", "u@example.com", null, false, ns, 1L);
            long token = identities.insertPersonalToken(user, "t", "d".repeat(64), "api", null, 1L);
            long d1 = counters.directory();
            assertThat(d1).isGreaterThan(d0);
            identities.touchPersonalToken(token, 2L);
            assertThat(counters.directory()).isEqualTo(d1);
            identities.revokePersonalToken(token);
            assertThat(counters.directory()).isGreaterThan(d1);
            assertThat(counters.packages()).isEqualTo(p0);
        }
    }

    @Test
    void type_counts_are_kept_while_no_package_changes_and_read_again_after_any_change() {
        try (Database db = Database.open("jdbc:sqlite:" + dir.resolve("k.db"), null, null)) {
            Directory directory = new Directory(db);
            Packages packages = new Packages(db);
            long project = privateProject(directory);
            java.util.List<Long> ids = java.util.List.of(project);
            java.util.List<String> types = java.util.List.of("generic", "npm");
            long first = packages.insert(project, "generic", "a", "a", "1.0", "default", null, null, null, 1L).id();

            var before = packages.reports().typeCounts(ids, types);
            var again = packages.reports().typeCounts(ids, types);
            packages.insert(project, "npm", "b", "b", "1.0", "default", null, null, null, 2L);
            var afterInsert = packages.reports().typeCounts(ids, types);
            packages.delete(first);
            var afterDelete = packages.reports().typeCounts(ids, types);

            assertThat(before).containsExactly(java.util.Map.entry("generic", 1L));
            assertThat(again).isSameAs(before);
            assertThat(afterInsert).containsExactly(java.util.Map.entry("generic", 1L), java.util.Map.entry("npm", 1L));
            assertThat(afterDelete).containsExactly(java.util.Map.entry("npm", 1L));
        }
    }

    @Test
    void list_totals_are_kept_while_no_package_changes_and_counted_again_after_any_change() {
        try (Database db = Database.open("jdbc:sqlite:" + dir.resolve("t.db"), null, null)) {
            Directory directory = new Directory(db);
            Packages packages = new Packages(db);
            long project = privateProject(directory);
            for (String name : java.util.List.of("a", "b", "c")) {
                packages.insert(project, "generic", name, name, "1.0", "default", null, null, null, 1L);
            }
            java.util.concurrent.atomic.AtomicInteger counted = new java.util.concurrent.atomic.AtomicInteger();
            db.jdbi().setSqlLogger(new org.jdbi.v3.core.statement.SqlLogger() {
                @Override
                public void logAfterExecution(org.jdbi.v3.core.statement.StatementContext c) {
                    if (c.getRenderedSql().startsWith("SELECT COUNT(*) FROM (SELECT 1 FROM")) counted.incrementAndGet();
                }
            });
            // two to a page: the first page has a next one, so its total is counted
            PackageQuery q = new PackageQuery(java.util.List.of(project), null, null, null, null, false, "created_at",
                    "desc", 1, 2);

            Long first = packages.list(q).total();
            Long again = packages.list(q).total();
            int countsBeforeChange = counted.get();
            long added = packages.insert(project, "generic", "d", "d", "1.0", "default", null, null, null, 2L).id();
            Long afterInsert = packages.list(q).total();
            packages.delete(added);
            Long afterDelete = packages.list(q).total();

            assertThat(java.util.List.of(first, again, afterInsert, afterDelete)).containsExactly(3L, 3L, 4L, 3L);
            assertThat(countsBeforeChange).as("counts for two lists with no change between").isEqualTo(1);
            assertThat(counted.get()).as("counts in all").isEqualTo(3);
        }
    }

    @Test
    void a_request_reads_the_counters_once_until_it_writes() throws Exception {
        try (Database db = Database.open("jdbc:sqlite:" + dir.resolve("r.db"), null, null)) {
            ChangeCounters counters = db.changeCounters();
            Directory directory = new Directory(db);
            long project = privateProject(directory);

            counters.beginRequest();
            long seen = counters.directory();
            assertThat(directory.project(project).orElseThrow().visibility()).isEqualTo("private");
            // another node changes the project while this request runs: the request keeps the state it began with
            CompletableFuture.runAsync(() -> directory.updateProject(project, "p", "public", true, null)).get();
            assertThat(counters.directory()).isEqualTo(seen);
            assertThat(directory.project(project).orElseThrow().visibility()).isEqualTo("private");
            // its own write ends that: from then on it reads the database's counters
            directory.updateProject(project, "p", "internal", true, null);
            assertThat(counters.directory()).isGreaterThan(seen);
            assertThat(directory.project(project).orElseThrow().visibility()).isEqualTo("internal");
            counters.endRequest();

            // the next request sees the change another node made
            CompletableFuture.runAsync(() -> directory.updateProject(project, "p", "public", true, null)).get();
            counters.beginRequest();
            assertThat(directory.project(project).orElseThrow().visibility()).isEqualTo("public");
            counters.endRequest();
        }
    }

    @Test
    void a_shared_commit_ends_the_memo_of_the_request_it_writes_for_whichever_thread_runs_it() throws Exception {
        try (Database db = Database.open("jdbc:sqlite:" + dir.resolve("s.db"), null, null)) {
            ChangeCounters counters = db.changeCounters();
            Directory directory = new Directory(db);
            long project = privateProject(directory);
            counters.beginRequest();
            long seen = counters.directory();

            // queued behind another writer, the work runs on that writer's thread: none of its statements is seen
            // here (this work has none), and the memo must end all the same
            db.inSharedCommit(h -> null);
            CompletableFuture.runAsync(() -> directory.updateProject(project, "p", "public", true, null)).get();

            assertThat(counters.directory()).isGreaterThan(seen);
            assertThat(directory.project(project).orElseThrow().visibility()).isEqualTo("public");
            counters.endRequest();
        }
    }

    @Test
    void what_a_transaction_read_of_its_own_writes_is_never_cached() {
        try (Database db = Database.open("jdbc:sqlite:" + dir.resolve("t.db"), null, null)) {
            Directory directory = new Directory(db);
            long project = privateProject(directory);
            assertThat(directory.project(project).orElseThrow().name()).isEqualTo("p");

            assertThatThrownBy(() -> db.jdbi().useTransaction(h -> {
                directory.updateProject(project, "renamed", "private", true, null);
                assertThat(db.changeCounters().directory()).isEqualTo(ChangeCounters.UNCACHED);
                assertThat(directory.project(project).orElseThrow().name()).isEqualTo("renamed");
                throw new IllegalStateException("roll back");
            })).hasMessage("roll back");

            // the next change moves the counter to the value the rolled-back transaction had seen
            directory.insertNamespace("group", "h", "h", "h", null, "private", null, 1L);
            assertThat(directory.project(project).orElseThrow().name()).isEqualTo("p");
        }
    }

    @Test
    void only_plain_queries_count_as_reads() {
        assertThat(ChangeCounters.writes("SELECT * FROM projects")).isFalse();
        assertThat(ChangeCounters.writes("  select 1")).isFalse();
        assertThat(ChangeCounters.writes("SELECT id FROM packages WHERE id = 1 FOR UPDATE")).isTrue();
        assertThat(ChangeCounters.writes("INSERT INTO settings VALUES ('a', 'b') RETURNING name")).isTrue();
        assertThat(ChangeCounters.writes("WITH x AS (DELETE FROM t RETURNING *) SELECT * FROM x")).isTrue();
        assertThat(ChangeCounters.writes("UPDATE users SET state = 'blocked'")).isTrue();
    }

    /** A private project in a private group: the directory rows the counter tests change. */
    private static long privateProject(Directory directory) {
        long ns = directory.insertNamespace("group", "g", "g", "g", null, "private", null, 1L);
        return directory.insertProject(ns, "p", "p", "g/p", "private", true, null, null, 1L);
    }
}
