package depot.core.db;

import static org.assertj.core.api.Assertions.assertThat;

import depot.core.model.Package;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SQLite's trigram table of package names (migration V9, fed through a queue since V15) follows the packages table,
 * and the listing reads its candidates from it, and from the queue, only while they are few. Real SQLite; both
 * databases' answers are compared with a plain substring match in depot-it (PackageNameFilterContract).
 */
class PackageNameTrigramsTest {
    @TempDir Path dir;
    private Database db;
    private Packages packages;
    private long group;
    private long project;

    @BeforeEach
    void open() {
        db = Database.open("jdbc:sqlite:" + dir.resolve("t.db"), null, null);
        packages = new Packages(db);
        Directory directory = new Directory(db);
        group = directory.insertNamespace("group", "g", "g", "g", null, "private", null, 1L);
        project = directory.insertProject(group, "p", "p", "g/p", "private", true, null, null, 1L);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void the_table_follows_inserts_renames_and_deletes_of_packages_and_of_their_project() {
        // given
        long kept = publish(project, "Alpha-Tool", 1);
        long renamed = publish(project, "beta-tool", 2);
        long deleted = publish(project, "gamma-tool", 3);
        long other = new Directory(db).insertProject(group, "o", "o", "g/o", "private", true, null, null, 1L);
        publish(other, "delta-tool", 4);

        // when: nothing renames a package today; the trigger keeps the table right should anything start to
        db.jdbi().useHandle(h -> h.execute("UPDATE packages SET name = 'Epsilon-Tool' WHERE id = ?", renamed));
        packages.delete(deleted);
        new Directory(db).deleteProject(other);

        // then: the same answers while the names are queued, once they are in the table, and after changes there
        for (int round = 0; round < 2; round++) {
            assertThat(matching("tool")).containsExactlyInAnyOrder(kept, renamed);
            assertThat(matching("ALPHA")).containsExactly(kept);
            assertThat(matching("epsilon")).containsExactly(renamed);
            assertThat(matching("beta")).isEmpty();
            assertThat(matching("gamma")).isEmpty();
            db.nameTrigrams().drain();
            // the other project's package went with it (a cascade fires the delete trigger too)
            assertThat(indexed()).containsExactly(kept, renamed);
            assertThat(queued()).isEmpty();
            // changed again once indexed: the rename queues the package under its new name, the delete removes it
            if (round == 0) {
                db.jdbi().useHandle(h -> h.execute("UPDATE packages SET name = 'Epsilon-Tool' WHERE id = ?", renamed));
                assertThat(queued()).containsExactly(renamed);
                assertThat(indexed()).containsExactly(kept);
            }
        }
        long gone = publish(project, "zeta-tool", 5);
        db.nameTrigrams().drain();
        packages.delete(gone);
        assertThat(matching("zeta")).isEmpty();
        assertThat(indexed()).containsExactly(kept, renamed);
    }

    @Test
    void names_move_from_the_queue_in_batches_and_are_found_on_either_side_of_the_move() {
        // given: more than a batch, published in one transaction
        int count = NameTrigramQueue.BATCH + 7;
        db.jdbi().useTransaction(h -> {
            for (int i = 0; i < count; i++) publish(project, "queued-" + i, i);
        });

        // when: the oldest batch moves (whether or not the background round was first, the rest is still queued
        // or moves now)
        db.nameTrigrams().moveBatch();
        List<Long> halfway = matching("queued-100");

        // then
        db.nameTrigrams().drain();
        assertThat(queued()).isEmpty();
        assertThat(indexed()).hasSize(count);
        assertThat(matching("queued-100")).isEqualTo(halfway).hasSize(8);   // queued-100, queued-1000 … queued-1006
    }

    @Test
    void names_published_before_the_migration_are_in_the_table() {
        // given: a database at V8 with a package, as every installation was before V9
        String url = "jdbc:sqlite:" + dir.resolve("old.db");
        Flyway.configure().dataSource(url, null, null)
                .locations("classpath:db/migration", "classpath:db/dialect/sqlite").target("8")
                .placeholders(Map.of("id_pk", "INTEGER PRIMARY KEY AUTOINCREMENT")).load().migrate();
        Jdbi.create(url).useHandle(h -> {
            h.execute("INSERT INTO namespaces (kind, name, path, full_path, visibility, created_at) "
                    + "VALUES ('group', 'g', 'g', 'g', 'private', 1)");
            h.execute("INSERT INTO projects (namespace_id, name, path, full_path, visibility, created_at) "
                    + "VALUES (1, 'p', 'p', 'g/p', 'private', 1)");
            h.execute("INSERT INTO packages (project_id, package_type, name, normalized_name, created_at, updated_at) "
                    + "VALUES (1, 'generic', 'Older-Package', 'older-package', 1, 1)");
        });

        // when
        try (Database migrated = Database.open(url, null, null)) {
            // then
            List<Long> found = migrated.jdbi().withHandle(h -> h.createQuery(
                    "SELECT rowid FROM package_name_trigrams WHERE package_name_trigrams MATCH '\"r-pack\"'")
                    .mapTo(Long.class).list());
            assertThat(found).containsExactly(1L);
        }
    }

    @Test
    void a_text_in_more_names_than_the_candidate_limit_is_matched_by_the_scan() {
        // given
        db.jdbi().useTransaction(h -> {
            for (int i = 0; i <= NameFilter.MAX_CANDIDATES; i++) {
                publish(project, "common-" + i, i);
            }
        });
        db.nameTrigrams().drain();
        NameFilter filter = NameFilter.of(db);

        // when
        NameFilter.Source common = db.jdbi().withHandle(h -> filter.source(h, "common"));
        NameFilter.Source rare = db.jdbi().withHandle(h -> filter.source(h, "common-777"));
        Page<Package> listed = packages.list(query("ommon-1000"));

        // then
        assertThat(common.sql()).isEqualTo("packages p");
        assertThat(rare.sql()).contains("package_name_trigrams");
        assertThat(listed.items()).extracting(Package::name)
                .containsExactly("common-1000", "common-10000");
        assertThat(packages.list(query("COMMON")).total()).isNull();   // more than Page.COUNT_LIMIT: not counted
    }

    private List<Long> indexed() {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT rowid FROM package_name_trigrams ORDER BY rowid")
                .mapTo(Long.class).list());
    }

    private List<Long> queued() {
        return db.jdbi().withHandle(h -> h.createQuery(
                "SELECT package_id FROM package_name_trigrams_queue ORDER BY package_id").mapTo(Long.class).list());
    }

    private long publish(long projectId, String name, long now) {
        return packages.insert(projectId, "generic", name, name.toLowerCase(), "1.0", "default", null, null, null, now).id();
    }

    private List<Long> matching(String text) {
        return packages.list(query(text)).items().stream().map(Package::id).toList();
    }

    private PackageQuery query(String name) {
        return new PackageQuery(List.of(project), null, name, null, null, false, "created_at", "asc", 1, 100);
    }
}
