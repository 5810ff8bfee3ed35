package depot.core.db;

import java.util.List;
import org.jdbi.v3.core.Jdbi;

/** Package file rows whose MD5, SHA-1 and SHA-512 are computed after the upload (see PendingDigests). */
public final class PendingDigestRows {
    private final Jdbi jdbi;

    PendingDigestRows(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** A blob some package file still lacks digests of, and its size. */
    public record PendingBlob(String sha256, long size) {}

    /** The blobs whose package files hold {@link depot.core.packages.PendingDigests#PENDING} digests. */
    public List<PendingBlob> blobs() {
        return jdbi.withHandle(h -> h.createQuery("""
                SELECT DISTINCT sha256, size FROM package_files WHERE md5 = '' OR sha1 = '' OR sha512 = ''""")
                .map((rs, c) -> new PendingBlob(rs.getString(1), rs.getLong(2))).list());
    }

    /** The MD5, SHA-1 and SHA-512 of a blob as some complete package file row has them. */
    public java.util.Optional<depot.core.blob.StoredBlob> completed(String sha256) {
        return jdbi.withHandle(h -> h.createQuery("""
                SELECT size, md5, sha1, sha512 FROM package_files
                WHERE sha256 = :s AND md5 <> '' AND sha1 <> '' AND sha512 <> '' LIMIT 1""")
                .bind("s", sha256)
                .map((rs, c) -> new depot.core.blob.StoredBlob(sha256, rs.getLong(1), rs.getString(2).trim(),
                        rs.getString(3).trim(), rs.getString(4).trim()))
                .findOne());
    }

    /** Fills the pending digests of every package file of a blob. */
    public void complete(depot.core.blob.StoredBlob d) {
        jdbi.useHandle(h -> h.createUpdate("""
                UPDATE package_files SET md5 = :md5, sha1 = :sha1, sha512 = :sha512
                WHERE sha256 = :s AND (md5 = '' OR sha1 = '' OR sha512 = '')""")
                .bind("md5", d.md5()).bind("sha1", d.sha1()).bind("sha512", d.sha512()).bind("s", d.sha256())
                .execute());
    }
}
