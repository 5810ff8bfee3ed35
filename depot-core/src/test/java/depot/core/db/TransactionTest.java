package depot.core.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stores join the caller's transaction, so a failure rolls every write back (real SQLite). */
class TransactionTest {
    @TempDir Path dir;

    @Test
    void a_failure_inside_a_transaction_rolls_back_writes_made_through_the_stores() {
        try (Database db = Database.open("jdbc:sqlite:" + dir.resolve("t.db"), null, null)) {
            Directory directory = new Directory(db);

            assertThatThrownBy(() -> db.jdbi().useTransaction(h -> {
                directory.insertNamespace("group", "g", "g", "g", null, "private", null, 1L);
                throw new IllegalStateException("boom");
            })).hasMessage("boom");

            assertThat(directory.namespaceByPath("g")).isEmpty();
        }
    }

    @Test
    void migrations_run_once_and_the_schema_is_reusable() {
        String url = "jdbc:sqlite:" + dir.resolve("m.db");
        try (Database db = Database.open(url, null, null)) {
            new Directory(db).insertNamespace("group", "g", "g", "g", null, "private", null, 1L);
        }
        try (Database again = Database.open(url, null, null)) {
            assertThat(new Directory(again).namespaceByPath("g")).isPresent();
            assertThat(again.ready()).isTrue();
        }
    }

    @Test
    void a_formats_own_migrations_run_with_their_own_history_and_versions() {
        String url = "jdbc:sqlite:" + dir.resolve("f.db");
        java.util.Map<String, String> formats = java.util.Map.of("probe", "db/probe-format");
        try (Database db = Database.open(url, null, null, formats)) {
            db.jdbi().useHandle(h -> h.execute("INSERT INTO probe_items (name, size) VALUES ('a', 3)"));
        }
        try (Database again = Database.open(url, null, null, formats)) {
            long size = again.jdbi().withHandle(h -> h.createQuery("SELECT size FROM probe_items WHERE name = 'a'")
                    .mapTo(Long.class).one());
            assertThat(size).isEqualTo(3L);
            // versions 1 and 2 of the format's own history, beside the core's (whose versions also start at 1)
            java.util.List<String> versions = again.jdbi().withHandle(h -> h.createQuery(
                    "SELECT version FROM flyway_history_probe WHERE success AND type = 'SQL' ORDER BY installed_rank")
                    .mapTo(String.class).list());
            assertThat(versions).containsExactly("1", "2");
            long core = again.jdbi().withHandle(h -> h.createQuery(
                    "SELECT COUNT(*) FROM flyway_schema_history WHERE version = '1'").mapTo(Long.class).one());
            assertThat(core).isEqualTo(1L);
        }
        assertThatThrownBy(() -> Database.open(url, null, null, java.util.Map.of("Bad; DROP", "db/probe-format")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
