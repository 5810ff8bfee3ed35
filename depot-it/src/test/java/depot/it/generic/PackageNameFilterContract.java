package depot.it.generic;

import static org.assertj.core.api.Assertions.assertThat;

import depot.core.db.Database;
import depot.core.db.PackageQuery;
import depot.core.db.Packages;
import depot.it.support.Api;
import depot.it.support.Backend;
import depot.it.support.TestServer;
import depot.it.support.World;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.StatementContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * The packages API's name filter ({@code package_name}: a part of the name in any case) answers what a plain
 * substring match of the lowercase names answers, however the database finds the rows (SQLite: the trigram table,
 * PostgreSQL: the pg_trgm index), with the other filters, the order, the pages and X-Total as they were. A name's
 * lowercase is the database's own ({@code LOWER}), as it always was: SQLite lowers ASCII only. Runs once per database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PackageNameFilterContract {
    /** Parts of names and of filters: LIKE's wildcards and escape, FTS5 syntax, quotes, case, Unicode. */
    private static final List<String> PARTS = List.of("lib", "Lib", "LIB", "core", "io", "%", "_", "!", "!!", "%_",
            "\"", "'", "\"\"", "a%b", "a_b", "a!b", "100%", "x_y", "ÄPFEL", "äpfel", "Straße", "STRASSE", "日本語",
            "🙂", "naïve", "Ωmega", "ωMEGA", " ", "-", ".", "/", "@scope/", "NEAR", "OR", "AND", "NOT", "*", "^", ":",
            "(", ")", "{", "}", "+", "\\", "name:", "ab", "abc", "abcd", "ä", "z");
    /** Names every project starts with, so that the filters around them always have something to find. */
    private static final List<String> FIXED = List.of("Ωmega🙂", "🙂🙂-smile", "ÄPFEL-äpfel", "100%_done!", "say \"hi\"",
            "it's", "a🙂b", "Lib OR Core");
    private static final List<String> FILTERS = List.of("a", "b", "z", "A", "%", "_", "!", "\"", "'", "ä", "Ä", "ß",
            "🙂", "ab", "AB", "%%", "__", "!!", "!%", "!_", "%_", "a%", "_b", "''", "\"\"", "🙂🙂", "a🙂", "io",
            "lib", "LIB", "Lib", "abc", "ABCD", "a%b", "a_b", "a!b", "x_y", "100%", "0%", "%b", "a\"b", "\"a", "'li",
            "äpfel", "ÄPFEL", "pfel", "PFEL", "straße", "STRASSE", "strasse", "日本", "日本語", "本語", "naïve", "NAÏVE",
            "ωmega", "ΩMEGA", "mega", "lib*", "*", "^lib", "name:", "name:lib", "-lib", "lib OR core", "NEAR(",
            "NEAR", "AND", "not", "{lib}", "(core)", "lib-core", " core", "@scope/", "/li", ".io", "\\",
            "zzzz", "nothing-like-this", "\u0000", "a\u0000b", "lib\u0000", "\u0000\u0000\u0000");

    private TestServer server;
    private Api root;
    private long group;
    private long project;
    private long sibling;

    abstract Backend backend();

    @BeforeAll
    void start() throws Exception {
        server = new TestServer(backend());
        World world = new World(server);
        root = server.root();
        group = world.group("names-" + backend().name().toLowerCase(), "private");
        project = world.project(group, "many", "private");
        sibling = world.project(group, "sibling", "private");
        long doomed = world.project(group, "doomed", "private");
        Random random = new Random(22);
        publish(project, random, 300, 1_000_000);
        publish(sibling, random, 60, 2_000_000);
        publish(doomed, random, 30, 3_000_000);
        renameAndDelete(random);
        assertThat(root.delete("/api/v4/projects/" + doomed).status()).isEqualTo(202);
    }

    @AfterAll
    void stop() throws Exception {
        server.close();
    }

    /** The fixed names, then names of one to three parts; of two types; some hidden (left out of default lists). */
    private void publish(long projectId, Random random, int count, long createdAt) {
        Packages packages = server.services().packages();
        server.services().database().jdbi().useTransaction(h -> {
            for (int i = 0; i < count; i++) {
                StringBuilder name = new StringBuilder(i < FIXED.size() ? FIXED.get(i) : "");
                for (int parts = i < FIXED.size() ? 0 : 1 + random.nextInt(3); parts > 0; parts--) {
                    name.append(PARTS.get(random.nextInt(PARTS.size())));
                }
                String type = i % 3 == 0 ? "npm" : "generic";
                String status = i % 11 == 10 ? "hidden" : "default";
                packages.insert(projectId, type, name.toString(), name.toString().toLowerCase(), "1.0." + i, status,
                        null, null, null, createdAt + i);
            }
        });
    }

    /** Nothing renames a package today; the filter must follow should anything start to. Some go, one by one. */
    private void renameAndDelete(Random random) {
        List<Long> ids = server.services().database().jdbi().withHandle(h -> h.createQuery(
                        "SELECT id FROM packages WHERE project_id = :p ORDER BY id")
                .bind("p", project).mapTo(Long.class).list());
        for (int i = FIXED.size(); i < ids.size(); i += 17) {
            String name = "Renamed-" + PARTS.get(random.nextInt(PARTS.size())) + "-" + i;
            long id = ids.get(i);
            server.services().database().jdbi().useHandle(h -> h.createUpdate(
                    "UPDATE packages SET name = :n WHERE id = :id").bind("n", name).bind("id", id).execute());
        }
        for (int i = FIXED.size() + 5; i < ids.size(); i += 19) server.services().packages().delete(ids.get(i));
    }

    /** A package as the database holds it, with the database's lowercase of its name. */
    private record Row(long id, long projectId, String type, String lowerName, String status, long createdAt) {}

    private List<Row> rows(List<Long> projectIds) {
        return server.services().database().jdbi().withHandle(h -> h.createQuery("""
                SELECT id, project_id, package_type, LOWER(name), status, created_at FROM packages
                WHERE project_id IN (<ids>)""").bindList("ids", projectIds)
                .map((rs, ctx) -> new Row(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getLong(6)))
                .list());
    }

    private static List<Long> substringMatches(List<Row> rows, String filter, String type, String status,
                                               boolean desc) {
        Comparator<Row> order = Comparator.comparingLong(Row::createdAt).thenComparingLong(Row::id);
        return rows.stream()
                .filter(r -> r.lowerName().contains(filter.toLowerCase()))
                .filter(r -> type == null || r.type().equals(type))
                .filter(r -> status == null ? !r.status().equals("hidden") : r.status().equals(status))
                .sorted(desc ? order.reversed() : order)
                .map(Row::id).toList();
    }

    @Test
    void the_filter_answers_what_a_substring_match_of_the_lowercase_names_answers() {
        // given
        List<Row> inProject = rows(List.of(project));
        List<Row> inGroup = rows(List.of(project, sibling));
        List<String> filters = new ArrayList<>(FILTERS);
        Random random = new Random(7);
        for (int i = 0; i < 40; i++) {
            filters.add(pieceOf(inProject.get(random.nextInt(inProject.size())).lowerName(), random));
        }

        for (String filter : filters) {
            String projectList = "/api/v4/projects/" + project + "/packages?package_name=" + encode(filter);
            String groupList = "/api/v4/groups/" + group + "/packages?package_name=" + encode(filter);

            // when / then: every page, counted; then one page from the end; with a type; the hidden ones; a group's
            assertThat(allPages(projectList + "&order_by=created_at&sort=asc")).as(filter)
                    .isEqualTo(substringMatches(inProject, filter, null, null, false));
            assertThat(page(projectList + "&order_by=created_at&sort=desc&per_page=3&page=2")).as(filter)
                    .isEqualTo(pageOf(substringMatches(inProject, filter, null, null, true), 3, 2));
            assertThat(allPages(projectList + "&package_type=npm")).as(filter)
                    .isEqualTo(substringMatches(inProject, filter, "npm", null, false));
            assertThat(allPages(projectList + "&status=hidden")).as(filter)
                    .isEqualTo(substringMatches(inProject, filter, null, "hidden", false));
            assertThat(allPages(groupList + "&order_by=created_at&sort=asc")).as(filter)
                    .isEqualTo(substringMatches(inGroup, filter, null, null, false));
            // project paths: many before sibling; ties by id. Names sort by the database's collation: compared as a set
            assertThat(allPages(groupList + "&order_by=project_path&sort=asc")).as(filter)
                    .isEqualTo(substringMatches(inGroup, filter, null, null, false).stream()
                            .sorted(Comparator.comparing((Long id) -> !projectOf(inGroup, id).equals(project))
                                    .thenComparing(Comparator.naturalOrder())).toList());
            assertThat(allPages(groupList + "&order_by=name&sort=desc")).as(filter)
                    .containsExactlyInAnyOrderElementsOf(substringMatches(inGroup, filter, null, null, false));
        }
    }

    private static Long projectOf(List<Row> rows, long id) {
        return rows.stream().filter(r -> r.id() == id).findFirst().orElseThrow().projectId();
    }

    /** A part of a name, its case changed here and there. */
    private static String pieceOf(String name, Random random) {
        int[] cps = name.codePoints().toArray();
        int start = random.nextInt(cps.length);
        int end = Math.min(cps.length, start + 1 + random.nextInt(6));
        StringBuilder piece = new StringBuilder();
        for (int i = start; i < end; i++) {
            String c = new String(Character.toChars(cps[i]));
            piece.append(random.nextBoolean() ? c.toUpperCase() : c);
        }
        return piece.toString().isBlank() ? "core" : piece.toString();
    }

    private static String encode(String s) { return URLEncoder.encode(s, StandardCharsets.UTF_8); }

    /** The ids of every page of a listing, checking X-Total against them. */
    private List<Long> allPages(String url) {
        List<Long> ids = new ArrayList<>();
        String total = null;
        for (int page = 1; ; page++) {
            Api.Response r = root.get(url + "&per_page=100&page=" + page);
            assertThat(r.status()).as(url + " " + r.body()).isEqualTo(200);
            r.json().forEach(p -> ids.add(p.get("id").asLong()));
            total = r.header("X-Total");
            if (r.header("X-Next-Page") == null || r.header("X-Next-Page").isEmpty()) break;
        }
        assertThat(total).as(url).isEqualTo(String.valueOf(ids.size()));
        return ids;
    }

    private List<Long> page(String url) {
        List<Long> ids = new ArrayList<>();
        for (JsonNode p : root.get(url).json()) ids.add(p.get("id").asLong());
        return ids;
    }

    private static List<Long> pageOf(List<Long> all, int perPage, int page) {
        return all.subList(Math.min(all.size(), (page - 1) * perPage), Math.min(all.size(), page * perPage));
    }

    @Test
    void the_listing_reads_a_rare_name_from_the_trigram_index() {
        // given: a project of its own group, so that the group listings above do not see it
        World world = new World(server);
        long big = world.project(world.group("plans-" + backend().name().toLowerCase(), "private"), "big", "private");
        Packages packages = server.services().packages();
        Database db = server.services().database();
        db.jdbi().useTransaction(h -> {
            for (int i = 0; i < 5_000; i++) {
                packages.insert(big, "generic", "plan-" + i, "plan-" + i, "1.0.0", "default", null, null, null, i);
            }
        });
        // as autovacuum leaves it: statistics (else the new project looks empty), new index entries merged into the GIN
        // tree from its pending list (which every search reads whole, and the planner prices so)
        if (db.dialect() == Database.Dialect.POSTGRES) db.jdbi().useHandle(h -> h.execute("VACUUM ANALYZE packages"));
        QueryPlans plans = new QueryPlans(db.dialect());

        // when
        db.jdbi().setSqlLogger(plans);
        List<String> names;
        try {
            names = packages.list(new PackageQuery(List.of(big), null, "PLAN-1234", null, null, false, "created_at",
                    "desc", 1, 20)).items().stream().map(depot.core.model.Package::name).toList();
            // the group list's order by project path joins projects too
            packages.list(new PackageQuery(List.of(big, project), null, "PLAN-1234", null, null, false, "project_path",
                    "asc", 1, 20));
        } finally {
            db.jdbi().setSqlLogger(SqlLogger.NOP_SQL_LOGGER);
        }

        // then: the page of each list (a last page gives its total: no count query runs)
        assertThat(names).containsExactly("plan-1234");
        assertThat(plans.plans).hasSize(2).allSatisfy(plan -> {
            if (db.dialect() == Database.Dialect.SQLITE) {
                assertThat(plan).contains("SCAN package_name_trigrams VIRTUAL TABLE",
                        "SEARCH p USING INTEGER PRIMARY KEY");
            } else {
                assertThat(plan).contains("Bitmap Index Scan on packages_name_trgm");
            }
        });
    }

    /**
     * Explains each statement that reads packages as it runs, with its own bound values, on its own connection.
     * PostgreSQL is told to avoid a sequential scan: on a table this small it would rather read the table.
     */
    private static final class QueryPlans implements SqlLogger {
        final List<String> plans = new ArrayList<>();
        private final Database.Dialect dialect;

        QueryPlans(Database.Dialect dialect) { this.dialect = dialect; }

        @Override
        public void logBeforeExecution(StatementContext ctx) {
            String sql = ctx.getParsedSql().getSql();
            if (!sql.contains("packages p")) return;
            String explain = dialect == Database.Dialect.SQLITE ? "EXPLAIN QUERY PLAN " : "EXPLAIN ";
            try (Statement settings = ctx.getConnection().createStatement();
                 PreparedStatement ps = ctx.getConnection().prepareStatement(explain + sql)) {
                if (dialect == Database.Dialect.POSTGRES) settings.execute("SET enable_seqscan = off");
                List<String> names = ctx.getParsedSql().getParameters().getParameterNames();
                for (int i = 0; i < names.size(); i++) {
                    ctx.getBinding().findForName(names.get(i), ctx).orElseThrow().apply(i + 1, ps, ctx);
                }
                StringBuilder plan = new StringBuilder();
                try (ResultSet rs = ps.executeQuery()) {
                    int detail = dialect == Database.Dialect.SQLITE ? 4 : 1;
                    while (rs.next()) plan.append(rs.getString(detail)).append('\n');
                }
                plans.add(plan.toString());
                if (dialect == Database.Dialect.POSTGRES) settings.execute("RESET enable_seqscan");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
