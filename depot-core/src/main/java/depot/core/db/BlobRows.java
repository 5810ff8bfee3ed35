package depot.core.db;

import java.util.List;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;

/**
 * The {@code blobs} table: a row for each stored blob, and, as gc and fsck see it, which stored blobs something
 * references — a package file, or a row of a format's own tables ({@code table.column}s its
 * {@link depot.core.packages.Housekeeper} names).
 */
public final class BlobRows {
    private static final Pattern COLUMN = Pattern.compile("[a-z][a-z0-9_]*\\.[a-z][a-z0-9_]*");
    private final Jdbi jdbi;

    public BlobRows(Jdbi jdbi) { this.jdbi = jdbi; }

    public boolean exists(String sha256) {
        return jdbi.withHandle(h -> h.createQuery("SELECT EXISTS (SELECT 1 FROM blobs WHERE sha256 = :s)")
                .bind("s", sha256).mapTo(Boolean.class).one());
    }

    /** Records a stored blob (a row already there stays as it is); joins the caller's transaction if any. */
    public void insert(String sha256, long size, long now) {
        // a transaction, so that on SQLite it waits for its turn with the other writers (SqliteWriters)
        jdbi.useTransaction(h -> h.createUpdate("""
                INSERT INTO blobs (sha256, size, created_at) VALUES (:s, :size, :now)
                ON CONFLICT (sha256) DO NOTHING""")
                .bind("s", sha256).bind("size", size).bind("now", now).execute());
    }

    /** Every blob digest something references: package files and the {@code table.column}s given (a format's). */
    public List<String> referenced(List<String> blobColumns) {
        StringBuilder sql = new StringBuilder("SELECT sha256 FROM package_files");
        for (String c : checked(blobColumns)) {
            sql.append(" UNION SELECT ").append(column(c)).append(" FROM ").append(table(c));
        }
        return jdbi.withHandle(h -> h.createQuery(sql.toString()).mapTo(String.class).list());
    }

    /**
     * Removes the blob row unless a package file or one of the {@code table.column}s references it; true when the
     * row is gone (or was never there).
     */
    public boolean deleteIfUnreferenced(String sha256, List<String> blobColumns) {
        StringBuilder sql = new StringBuilder("SELECT EXISTS (SELECT 1 FROM package_files WHERE sha256 = :s)");
        for (String c : checked(blobColumns)) {
            sql.append(" OR EXISTS (SELECT 1 FROM ").append(table(c)).append(" WHERE ").append(column(c))
                    .append(" = :s)");
        }
        return jdbi.inTransaction(h -> {
            if (h.createQuery(sql.toString()).bind("s", sha256).mapTo(Boolean.class).one()) return false;
            h.createUpdate("DELETE FROM blobs WHERE sha256 = :s").bind("s", sha256).execute();
            return true;
        });
    }

    private static List<String> checked(List<String> blobColumns) {
        for (String c : blobColumns) {
            if (!COLUMN.matcher(c).matches()) {
                throw new IllegalArgumentException("not a table.column name: " + c);
            }
        }
        return blobColumns;
    }

    private static String table(String column) { return column.substring(0, column.indexOf('.')); }

    private static String column(String column) { return column.substring(column.indexOf('.') + 1); }
}
