package depot.core.packages;

import depot.core.blob.BlobStore;
import depot.core.db.BlobRows;
import depot.core.db.Clock;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Blob housekeeping. {@link #gc} first lets each {@link Housekeeper} (a format with tables of its own, such as the
 * container registry) drop what nothing needs, then deletes blobs that nothing references and that are older than a grace period (uploads in flight are younger); {@link #fsck} re-hashes every blob and reports those whose bytes no
 * longer match their name. Both report progress through a callback.
 */
public final class Maintenance {
    private final BlobStore blobs;
    private final BlobRows blobRows;
    private final Clock clock;
    private final List<Housekeeper> housekeepers;
    private final List<String> blobColumns;

    public Maintenance(BlobStore blobs, BlobRows blobRows, Clock clock, List<Housekeeper> housekeepers) {
        this.blobs = blobs;
        this.blobRows = blobRows;
        this.clock = clock;
        this.housekeepers = List.copyOf(housekeepers);
        this.blobColumns = housekeepers.stream().flatMap(h -> h.blobColumns().stream()).toList();
    }

    public record Progress(String phase, long done, long bytes) {}

    /** {@code parts}: what each housekeeper removed, by its name, as {@link Housekeeper#collect} counted it. */
    public record GcResult(long scanned, long deleted, long bytesFreed, Map<String, Map<String, Long>> parts) {}

    /**
     * {@code missing}: digests a package file or the registry references that the store does not hold;
     * {@code unreferenced}: stored blobs nothing references (left by interrupted uploads; gc removes them).
     */
    public record FsckResult(long checked, long bytes, List<String> corrupt, List<String> missing, long unreferenced) {}

    public GcResult gc(long graceMillis, Consumer<Progress> progress) throws IOException {
        long cutoff = clock.now() - graceMillis;
        Map<String, Map<String, Long>> parts = new LinkedHashMap<>();
        for (Housekeeper h : housekeepers) {
            progress.accept(new Progress(h.name(), 0, 0));
            parts.put(h.name(), h.collect(clock.now(), graceMillis));
        }
        List<BlobStore.BlobEntry> candidates = new ArrayList<>();
        long[] scanned = {0};
        blobs.forEach(e -> {
            scanned[0]++;
            if (e.modifiedAt() < cutoff) candidates.add(e);
            if (scanned[0] % 1000 == 0) progress.accept(new Progress("scan", scanned[0], 0));
        });
        long deleted = 0;
        long freed = 0;
        for (BlobStore.BlobEntry e : candidates) {
            if (!blobRows.deleteIfUnreferenced(e.sha256(), blobColumns)) continue;
            // an upload that deduplicated onto this blob meanwhile refreshed its time: keep it
            if (stillOld(e.sha256(), cutoff)) {
                blobs.delete(e.sha256());
                deleted++;
                freed += e.size();
                progress.accept(new Progress("delete", deleted, freed));
            }
        }
        blobs.sweepTemporary(cutoff);
        if (deleted > 0) blobs.reclaim();
        return new GcResult(scanned[0], deleted, freed, parts);
    }

    /** Blobs are named by SHA-256 alone, so that is the one digest fsck needs. */
    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }

    /** Whether the blob is still older than the cutoff: an upload of the same bytes touches it. */
    private boolean stillOld(String sha256, long cutoff) throws IOException {
        return blobs.modifiedAt(sha256).map(t -> t < cutoff).orElse(true);
    }

    public FsckResult fsck(Consumer<Progress> progress) throws IOException {
        List<BlobStore.BlobEntry> all = new ArrayList<>();
        blobs.forEach(all::add);
        List<String> corrupt = new ArrayList<>();
        long checked = 0;
        long bytes = 0;
        byte[] buf = new byte[64 * 1024];
        for (BlobStore.BlobEntry e : all) {
            MessageDigest sha256 = sha256();
            try (InputStream in = blobs.open(e.sha256(), 0, Long.MAX_VALUE).orElse(null)) {
                if (in == null) continue;
                int n;
                while ((n = in.read(buf)) != -1) sha256.update(buf, 0, n);
            }
            if (!HexFormat.of().formatHex(sha256.digest()).equals(e.sha256())) corrupt.add(e.sha256());
            checked++;
            bytes += e.size();
            progress.accept(new Progress("verify", checked, bytes));
        }
        java.util.Set<String> stored = new java.util.HashSet<>();
        for (BlobStore.BlobEntry e : all) stored.add(e.sha256());
        java.util.Set<String> referenced = new java.util.HashSet<>(blobRows.referenced(blobColumns));
        List<String> missing = referenced.stream().filter(sha -> !stored.contains(sha)).sorted().toList();
        long unreferenced = stored.stream().filter(sha -> !referenced.contains(sha)).count();
        return new FsckResult(checked, bytes, corrupt, missing, unreferenced);
    }
}
