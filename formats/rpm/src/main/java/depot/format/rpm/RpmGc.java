package depot.format.rpm;

import depot.core.packages.Housekeeper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/**
 * The RPM repository's part of gc: drops metadata snapshots that are neither among the newest
 * {@link RpmSnapshots#KEEP} of their repository and scope nor younger than the grace period (a client that read an
 * older repomd.xml may still fetch its files); the blob sweep then removes files no kept snapshot names.
 */
final class RpmGc implements Housekeeper {
    private final Jdbi jdbi;

    RpmGc(Jdbi jdbi) { this.jdbi = jdbi; }

    @Override
    public String name() { return "RPM repodata"; }

    @Override
    public List<String> blobColumns() { return List.of("rpm_snapshot_files.sha256"); }

    @Override
    public Map<String, Long> collect(long now, long graceMillis) {
        long removed = jdbi.withHandle(h -> h.createUpdate("""
                DELETE FROM rpm_snapshots WHERE created_at < :cutoff AND (
                    SELECT COUNT(*) FROM rpm_snapshots newer WHERE newer.repository_id = rpm_snapshots.repository_id
                    AND newer.scope_key = rpm_snapshots.scope_key AND newer.id > rpm_snapshots.id) >= :keep""")
                .bind("cutoff", now - graceMillis).bind("keep", RpmSnapshots.KEEP).execute());
        Map<String, Long> out = new LinkedHashMap<>();
        out.put("old repodata snapshots", removed);
        return out;
    }
}
