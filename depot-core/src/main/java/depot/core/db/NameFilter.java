package depot.core.db;

import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a package listing filtered by name reads its rows from. The filter itself stays
 * {@code LOWER(p.name) LIKE '%text%'} on both databases; what changes is how the candidate rows are found, since no
 * B-tree serves a LIKE that starts with a wildcard (migration V9 adds the trigram indexes).
 *
 * <p>On PostgreSQL the GIN trigram index on {@code LOWER(name)} serves that LIKE directly, so the source is always the
 * packages table; where pg_trgm could not be installed the filter scans, and {@link #of} says so once.
 *
 * <p>On SQLite the FTS5 table {@code package_name_trigrams} yields the rows whose names hold the text's trigrams, in
 * sequence, with the few names still queued for that table ({@link NameTrigramQueue}), and the LIKE then checks
 * each: the trigram tokenizer folds case in all of Unicode where SQLite's LIKE folds ASCII only, so the candidates
 * are a superset and the answers stay exactly what the LIKE alone gave. Immutable and thread-safe.
 */
final class NameFilter {
    private static final Logger LOG = LoggerFactory.getLogger(NameFilter.class);

    /**
     * Reading, fetching and sorting this many candidates takes about 10 ms (100,000 took 100 ms). More candidates mean
     * the text is common, and the ordered scan of the project's packages finds a page of matches sooner.
     */
    static final int MAX_CANDIDATES = 10_000;

    private static final Source SCAN = new Source("packages p", Map.of());

    private final boolean trigramTable;

    private NameFilter(boolean trigramTable) { this.trigramTable = trigramTable; }

    /** The rows a listing reads, and the parameters their SQL binds. */
    record Source(String sql, Map<String, Object> parameters) {}

    /** The filter for {@code db}; on PostgreSQL without the trigram index, logs a warning with the remedy. */
    static NameFilter of(Database db) {
        if (db.dialect() == Database.Dialect.SQLITE) return new NameFilter(true);
        String unindexed = db.jdbi().withHandle(h -> h.createQuery("""
                SELECT CASE
                    WHEN to_regclass('packages_name_trgm') IS NOT NULL THEN NULL
                    WHEN EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm')
                        THEN 'pg_trgm was installed after the migration that indexes names'
                    WHEN EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm')
                        THEN 'the database user may not install the extension pg_trgm'
                    ELSE 'this PostgreSQL server does not have the extension pg_trgm (contrib)' END""")
                .mapTo(String.class).one());
        if (unindexed != null) {
            LOG.warn("Filtering packages by name reads every package of a project, since names are not indexed: {}. "
                    + "To index them, run as the database owner or a superuser: "
                    + "CREATE EXTENSION IF NOT EXISTS pg_trgm; CREATE INDEX packages_name_trgm ON packages USING gin (LOWER(name) gin_trgm_ops);", unindexed);
        }
        return new NameFilter(false);
    }

    /**
     * The source of a listing filtered by {@code lowerText} (lowercase, as the LIKE binds it; null for no filter): the
     * packages table, or on SQLite the candidates the trigram table gives when they are few enough.
     */
    Source source(Handle h, String lowerText) {
        // a text shorter than one trigram matches nothing in the table: such filters scan
        if (lowerText == null || !trigramTable || lowerText.codePointCount(0, lowerText.length()) < 3) return SCAN;
        // a phrase in double quotes is taken as it is: no FTS5 operator or column filter can be written inside one
        String phrase = "\"" + lowerText.replace("\"", "\"\"") + "\"";
        int candidates = h.createQuery("""
                SELECT COUNT(*) FROM (SELECT 1 FROM package_name_trigrams WHERE package_name_trigrams MATCH :phrase
                LIMIT :limit)""")
                .bind("phrase", phrase).bind("limit", MAX_CANDIDATES + 1).mapTo(Integer.class).one();
        if (candidates > MAX_CANDIDATES) return SCAN;
        // CROSS JOIN fixes the order: the candidates first, then each package by id, whatever the other filters.
        // Names published in the last moment wait in the queue (NameTrigramQueue): each is a candidate too.
        return new Source("""
                (SELECT rowid AS id FROM package_name_trigrams WHERE package_name_trigrams MATCH :phrase
                 UNION ALL SELECT package_id FROM package_name_trigrams_queue) t
                CROSS JOIN packages p ON p.id = t.id""", Map.of("phrase", phrase));
    }
}
