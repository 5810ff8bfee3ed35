package depot.it.generic;

import static org.assertj.core.api.Assertions.assertThat;

import depot.core.db.Database;
import depot.core.db.Directory;
import depot.core.db.PackageQuery;
import depot.core.db.Packages;
import depot.it.support.Backend;
import depot.it.support.OneStack;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

@OneStack
class PostgresPackageNameFilterTest extends PackageNameFilterContract {
    @Override
    Backend backend() { return Backend.POSTGRES; }

    @Test
    void a_user_who_may_not_install_pg_trgm_migrates_and_filters_without_the_index() throws Exception {
        // given: a database Depot's user may create tables in but not install extensions into (no CREATE on it)
        String url = Backend.POSTGRES.newDatabaseUrl();
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            st.execute("CREATE ROLE depot_without_trgm LOGIN PASSWORD 'secret'");
            st.execute("GRANT CREATE ON SCHEMA public TO depot_without_trgm");
        }
        String limited = url.replace("user=postgres", "user=depot_without_trgm&password=secret");

        // when
        try (Database db = Database.open(limited, null, null)) {
            Directory directory = new Directory(db);
            long group = directory.insertNamespace("group", "g", "g", "g", null, "private", null, 1L);
            long project = directory.insertProject(group, "p", "p", "g/p", "private", true, null, null, 1L);
            Packages packages = new Packages(db);
            packages.insert(project, "generic", "Some-Tool", "some-tool", "1.0", "default", null, null, null, 1);
            packages.insert(project, "generic", "other", "other", "1.0", "default", null, null, null, 2);

            // then
            String index = db.jdbi().withHandle(h -> h.createQuery("SELECT to_regclass('packages_name_trgm')::text")
                    .mapTo(String.class).one());
            assertThat(index).isNull();
            assertThat(packages.list(new PackageQuery(List.of(project), null, "e-TOO", null, null, false, null, null,
                    1, 20)).items()).extracting(depot.core.model.Package::name).containsExactly("Some-Tool");
        }
    }
}
