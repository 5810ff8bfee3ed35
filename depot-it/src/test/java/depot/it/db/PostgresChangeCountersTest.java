package depot.it.db;

import static org.assertj.core.api.Assertions.assertThat;

import depot.core.db.ChangeCounters;
import depot.core.db.Database;
import depot.core.db.Directory;
import depot.it.support.Backend;
import depot.it.support.OneStack;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL's change counters move once per transaction however many rows it changes: a counter bumped per row
 * made a transaction of n rows cost O(n²) (every bump steps over the row versions the earlier ones left).
 */
@OneStack
class PostgresChangeCountersTest {
    @Test
    void a_transaction_of_many_rows_moves_each_counter_once_and_every_transaction_moves_it() throws Exception {
        String url = Backend.POSTGRES.newDatabaseUrl();
        try (Database db = Database.open(url, null, null)) {
            ChangeCounters counters = db.changeCounters();
            Directory directory = new Directory(db);
            long group = directory.insertNamespace("group", "g", "g", "g", null, "private", null, 1L);
            long project = directory.insertProject(group, "p", "p", "g/p", "private", true, null, null, 1L);
            long directory0 = counters.directory();
            long packages0 = counters.packages();

            try (Connection c = DriverManager.getConnection(url)) {
                // one statement, 20,000 rows (a bump per row took tens of seconds here)
                assertThat(insertPackages(c, project, "a-", 20_000)).isEqualTo(20_000);
                assertThat(counters.packages()).isEqualTo(packages0 + 1);
                assertThat(counters.directory()).isEqualTo(directory0);

                // one transaction of several statements and both counters: each moves once
                c.setAutoCommit(false);
                insertPackages(c, project, "b-", 100);
                try (Statement st = c.createStatement()) {
                    st.executeUpdate("DELETE FROM packages WHERE name LIKE 'a-1%'");
                    st.executeUpdate("UPDATE projects SET description = 'changed' WHERE id = " + project);
                    st.executeUpdate("UPDATE namespaces SET description = 'changed' WHERE id = " + group);
                }
                c.commit();
                assertThat(counters.packages()).isEqualTo(packages0 + 2);
                assertThat(counters.directory()).isEqualTo(directory0 + 1);

                // a rolled-back transaction moves nothing, and the one after it moves the counter again
                insertPackages(c, project, "c-", 10);
                c.rollback();
                assertThat(counters.packages()).isEqualTo(packages0 + 2);
                insertPackages(c, project, "d-", 10);
                c.commit();
                assertThat(counters.packages()).isEqualTo(packages0 + 3);

                // and so does a single-row change in a transaction of its own, on the same connection
                c.setAutoCommit(true);
                insertPackages(c, project, "e-", 1);
                assertThat(counters.packages()).isEqualTo(packages0 + 4);
            }
        }
    }

    private static int insertPackages(Connection c, long project, String prefix, int count) throws Exception {
        try (PreparedStatement st = c.prepareStatement("""
                INSERT INTO packages (project_id, package_type, name, normalized_name, version, status, created_at,
                                      updated_at)
                SELECT ?, 'generic', ? || n, ? || n, '1.0.0', 'default', n, n FROM generate_series(1, ?) AS n""")) {
            st.setLong(1, project);
            st.setString(2, prefix);
            st.setString(3, prefix);
            st.setInt(4, count);
            return st.executeUpdate();
        }
    }
}
