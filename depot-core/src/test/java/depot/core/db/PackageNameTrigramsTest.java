package depot.core.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SQLite's trigram table of package names (migration V9). Real SQLite. */
class PackageNameTrigramsTest {
    @TempDir Path dir;

    @Test
    void names_published_before_the_migration_are_in_the_table() {
        // given: a database at V8 with a package, as every installation was before V9
        String url = "jdbc:sqlite:" + dir.resolve("old.db");
        org.flywaydb.core.Flyway.configure().dataSource(url, null, null)
                .locations("classpath:db/migration", "classpath:db/dialect/sqlite").target("8")
                .placeholders(java.util.Map.of("id_pk", "INTEGER PRIMARY KEY AUTOINCREMENT")).load().migrate();
        org.jdbi.v3.core.Jdbi.create(url).useHandle(h -> {
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
}
