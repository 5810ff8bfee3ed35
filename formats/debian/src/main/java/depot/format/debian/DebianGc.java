package depot.format.debian;

import depot.core.packages.Housekeeper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/**
 * The Debian repository's part of gc: drops index snapshots that are neither among the newest {@link Snapshots#KEEP}
 * of their distribution and scope nor younger than the grace period (a client in the middle of an update may still
 * fetch their files by hash); the blob sweep then removes index files no kept snapshot names.
 */
final class DebianGc implements Housekeeper {
    private final Jdbi jdbi;

    DebianGc(Jdbi jdbi) { this.jdbi = jdbi; }

    @Override
    public String name() { return "Debian indexes"; }

    @Override
    public List<String> blobColumns() { return List.of("debian_snapshot_files.sha256"); }

    @Override
    public Map<String, Long> collect(long now, long graceMillis) {
        long removed = jdbi.withHandle(h -> h.createUpdate("""
                DELETE FROM debian_snapshots WHERE created_at < :cutoff AND (
                    SELECT COUNT(*) FROM debian_snapshots newer WHERE newer.distribution_id = debian_snapshots.distribution_id
                    AND newer.scope_key = debian_snapshots.scope_key AND newer.id > debian_snapshots.id) >= :keep""")
                .bind("cutoff", now - graceMillis).bind("keep", Snapshots.KEEP).execute());
        Map<String, Long> out = new LinkedHashMap<>();
        out.put("old index snapshots", removed);
        return out;
    }
}
