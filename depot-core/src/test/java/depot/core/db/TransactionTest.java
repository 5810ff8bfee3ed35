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
            Directory directory = new Directory(db.jdbi());

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
            new Directory(db.jdbi()).insertNamespace("group", "g", "g", "g", null, "private", null, 1L);
        }
        try (Database again = Database.open(url, null, null)) {
            assertThat(new Directory(again.jdbi()).namespaceByPath("g")).isPresent();
            assertThat(again.ready()).isTrue();
        }
    }
}
