package depot.core.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

/**
 * A start skips Flyway only when the history records exactly the scripts there are, applied and unchanged; every other
 * history goes to Flyway, which still refuses what it always refused (real SQLite, the shipped scripts).
 */
class SchemaHistoryTest {
    private static final java.util.List<String> CORE = java.util.List.of("classpath:db/migration", "classpath:db/dialect/sqlite");
    private static final String HISTORY = "flyway_schema_history";
    @TempDir Path dir;
    private String url;
    private SQLiteDataSource ds;

    @BeforeEach
    void setUp() {
        url = "jdbc:sqlite:" + dir.resolve("h.db");
        ds = new SQLiteDataSource();
        ds.setUrl(url);
    }

    @Test
    void a_database_flyway_migrated_is_up_to_date_with_the_same_checksums() {
        // given
        assertThat(SchemaHistory.upToDate(ds, CORE, HISTORY)).as("no history yet").isFalse();

        // when
        Database.open(url, null, null, java.util.Map.of("probe", "db/probe-format")).close();

        // then: our checksums are the ones Flyway recorded, for the core's and a format's own history
        assertThat(SchemaHistory.upToDate(ds, CORE, HISTORY)).isTrue();
        assertThat(SchemaHistory.upToDate(ds, java.util.List.of("classpath:db/probe-format"), "flyway_history_probe")).isTrue();
    }

    @Test
    void a_changed_script_goes_to_flyway_which_refuses_it() {
        Database.open(url, null, null).close();
        execute("UPDATE flyway_schema_history SET checksum = checksum + 1 WHERE version = '2'");

        assertThat(SchemaHistory.upToDate(ds, CORE, HISTORY)).isFalse();
        assertThatThrownBy(() -> Database.open(url, null, null)).hasMessageContaining("checksum");
    }

    @Test
    void a_failed_or_missing_script_goes_to_flyway() {
        Database.open(url, null, null).close();
        execute("UPDATE flyway_schema_history SET success = 0 WHERE version = '3'");
        assertThat(SchemaHistory.upToDate(ds, CORE, HISTORY)).as("failed").isFalse();

        execute("UPDATE flyway_schema_history SET success = 1 WHERE version = '3'");
        assertThat(SchemaHistory.upToDate(ds, CORE, HISTORY)).isTrue();
        execute("DELETE FROM flyway_schema_history WHERE version = '3'");
        assertThat(SchemaHistory.upToDate(ds, CORE, HISTORY)).as("not applied").isFalse();
    }

    @Test
    void a_version_the_scripts_do_not_have_goes_to_flyway() {
        Database.open(url, null, null).close();
        execute("""
                INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum,
                    installed_by, execution_time, success) VALUES (99, '99', 'later', 'SQL', 'V99__later.sql', 1, 'x', 0, 1)""");

        assertThat(SchemaHistory.upToDate(ds, CORE, HISTORY)).isFalse();
    }

    @Test
    void in_a_jar_a_folder_lists_its_own_files_and_a_location_outside_db_lists_nothing() throws Exception {
        Path jar = dir.resolve("scripts.jar");
        try (var out = new java.util.jar.JarOutputStream(java.nio.file.Files.newOutputStream(jar))) {
            for (String name : java.util.List.of("db/", "db/x/", "db/x/V1__a.sql", "db/x/V2__b.sql", "db/x/notes.txt",
                    "db/x/sub/", "db/x/sub/V9__c.sql", "db/y/V1__d.sql", "other/V1__e.sql")) {
                out.putNextEntry(new java.util.jar.JarEntry(name));
                out.closeEntry();
            }
        }
        String base = "jar:" + jar.toUri() + "!/";

        assertThat(SchemaHistory.names(new java.net.URL(base + "db/x"), "db/x"))
                .containsExactlyInAnyOrder("V1__a.sql", "V2__b.sql", "notes.txt");
        assertThat(SchemaHistory.names(new java.net.URL(base + "db/x/"), "db/x/")).hasSize(3);
        assertThat(SchemaHistory.names(new java.net.URL(base + "db/y"), "db/y")).containsExactly("V1__d.sql");
        assertThat(SchemaHistory.names(new java.net.URL(base + "other"), "other")).as("outside db/").isEmpty();
    }

    private void execute(String sql) {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate(sql);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
