package depot.server.ops;

import depot.core.db.Database;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Copies every row of an embedded (SQLite) database into an empty PostgreSQL database that has the same schema
 * version: tables in foreign-key order, rows in id order (so a namespace's parent comes first), values converted to
 * the target column's type (SQLite keeps booleans as integers), then identity sequences moved past the copied ids.
 * The whole copy is one transaction on the target: it lands entirely or not at all.
 */
public final class DatabaseCopy {
    private static final int BATCH = 500;

    private DatabaseCopy() {}

    /** Reports (table, rows copied so far) as it goes; returns rows per table. */
    public static Map<String, Long> copy(Database from, Database to, BiConsumer<String, Long> progress) {
        if (to.dialect() != Database.Dialect.POSTGRES) throw new IllegalArgumentException("the target must be PostgreSQL");
        String fromVersion = schemaVersion(from);
        String toVersion = schemaVersion(to);
        if (!fromVersion.equals(toVersion)) {
            throw new IllegalStateException("schema versions differ: " + fromVersion + " here, " + toVersion + " there");
        }
        return to.jdbi().inTransaction(target -> {
            long users = target.createQuery("SELECT COUNT(*) FROM users").mapTo(Long.class).one();
            if (users > 0) throw new IllegalStateException("the target database is not empty (it has users)");
            Map<String, Long> copied = new LinkedHashMap<>();
            for (String table : tablesInDependencyOrder(target)) {
                Map<String, String> columns = columns(target, table);
                long n = copyTable(from, target, table, columns, progress);
                copied.put(table, n);
                if (columns.containsKey("id")) {
                    target.createQuery("SELECT setval(pg_get_serial_sequence(:t, 'id'), COALESCE(MAX(id), 0) + 1, false) FROM "
                            + table).bind("t", table).mapTo(Long.class).list();
                }
            }
            return copied;
        });
    }

    private static String schemaVersion(Database db) {
        return db.jdbi().withHandle(h -> h.createQuery(
                "SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank DESC LIMIT 1")
                .mapTo(String.class).one());
    }

    /** Base tables of the current schema, each after the tables its foreign keys point at. */
    static List<String> tablesInDependencyOrder(Handle h) {
        List<String> tables = h.createQuery("""
                SELECT table_name FROM information_schema.tables
                WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'
                  AND table_name NOT LIKE 'flyway!_%' ESCAPE '!' ORDER BY table_name""").mapTo(String.class).list()
                .stream().filter(t -> !t.equals("change_stamps")).toList();   // each database keeps its own counters
        Map<String, Set<String>> dependsOn = new LinkedHashMap<>();
        for (String t : tables) dependsOn.put(t, new LinkedHashSet<>());
        h.createQuery("""
                SELECT c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent
                FROM pg_constraint c WHERE c.contype = 'f'""")
                .map((rs, ctx) -> new String[] {rs.getString("child"), rs.getString("parent")})
                .forEach(fk -> {
                    if (dependsOn.containsKey(fk[0]) && !fk[0].equals(fk[1])) dependsOn.get(fk[0]).add(fk[1]);
                });
        List<String> ordered = new ArrayList<>();
        while (ordered.size() < tables.size()) {
            boolean progressed = false;
            for (String t : tables) {
                if (!ordered.contains(t) && ordered.containsAll(dependsOn.get(t))) {
                    ordered.add(t);
                    progressed = true;
                }
            }
            if (!progressed) throw new IllegalStateException("foreign keys form a cycle among " + tables);
        }
        return ordered;
    }

    private static Map<String, String> columns(Handle h, String table) {
        Map<String, String> columns = new LinkedHashMap<>();
        h.createQuery("""
                SELECT column_name, data_type FROM information_schema.columns
                WHERE table_schema = current_schema() AND table_name = :t ORDER BY ordinal_position""")
                .bind("t", table).map((rs, ctx) -> new String[] {rs.getString(1), rs.getString(2)})
                .forEach(c -> columns.put(c[0], c[1]));
        return columns;
    }

    private static long copyTable(Database from, Handle target, String table, Map<String, String> columns,
                                  BiConsumer<String, Long> progress) {
        List<String> names = new ArrayList<>(columns.keySet());
        String insert = "INSERT INTO " + table + " (" + String.join(", ", names) + ") VALUES ("
                + String.join(", ", names.stream().map(n -> ":" + n).toList()) + ")";
        String select = "SELECT " + String.join(", ", names) + " FROM " + table
                + (columns.containsKey("id") ? " ORDER BY id" : "");
        long[] count = {0};
        PreparedBatch[] batch = {target.prepareBatch(insert)};
        from.jdbi().useHandle(source -> source.createQuery(select).setFetchSize(BATCH).map((rs, ctx) -> {
            for (int i = 0; i < names.size(); i++) {
                batch[0].bind(names.get(i), convert(rs.getObject(i + 1), columns.get(names.get(i))));
            }
            batch[0].add();
            if (++count[0] % BATCH == 0) {
                batch[0].execute();
                batch[0] = target.prepareBatch(insert);
                progress.accept(table, count[0]);
            }
            return 0;
        }).forEach(x -> { }));
        if (count[0] % BATCH != 0) batch[0].execute();
        progress.accept(table, count[0]);
        return count[0];
    }

    /** SQLite's storage classes to PostgreSQL's column types. */
    static Object convert(Object value, String targetType) {
        if (value == null) return null;
        switch (targetType) {
            case "boolean":
                if (value instanceof Number n) return n.longValue() != 0;
                if (value instanceof String s) return s.equals("1") || s.equalsIgnoreCase("true");
                return value;
            case "bigint":
                return value instanceof Number n ? n.longValue() : Long.parseLong(value.toString());
            case "integer":
            case "smallint":
                return value instanceof Number n ? n.intValue() : Integer.parseInt(value.toString());
            case "character":
            case "character varying":
            case "text":
                return value.toString();
            default:
                return value;
        }
    }
}
