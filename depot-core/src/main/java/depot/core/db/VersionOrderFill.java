package depot.core.db;

import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/** The version sort keys (V20) of rows written before there were any. */
public final class VersionOrderFill {
    private VersionOrderFill() {}

    /**
     * Gives rows written before versions had a sort key theirs, a thousand at a time; returns how many it filled.
     * Idempotent, and safe while the server runs (a row it misses is one inserted with its key).
     */
    public static int fill(Jdbi jdbi) {
        int filled = 0;
        while (true) {
            List<Map.Entry<Long, String>> rows = jdbi.withHandle(h -> h.createQuery(
                            "SELECT id, version FROM packages WHERE version_order IS NULL LIMIT 1000")
                    .map((rs, c) -> Map.entry(rs.getLong(1), rs.getString(2))).list());
            if (rows.isEmpty()) return filled;
            jdbi.useTransaction(h -> {
                var batch = h.prepareBatch("UPDATE packages SET version_order = :o WHERE id = :id");
                for (Map.Entry<Long, String> r : rows) {
                    batch.bind("o", depot.core.packages.VersionKey.of(r.getValue())).bind("id", r.getKey()).add();
                }
                batch.execute();
            });
            filled += rows.size();
        }
    }
}
