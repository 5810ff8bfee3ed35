package depot.core.packages;

import java.util.List;
import java.util.Map;

/**
 * A part of Depot with tables of its own that hold stored blobs (a format's, such as the container registry's
 * manifests and layers). {@link Maintenance#gc} first asks every housekeeper to let go of what it no longer needs,
 * then keeps every blob its columns name; {@code fsck} counts them as referenced.
 */
public interface Housekeeper {
    /** How gc's report names this part ("container registry"). */
    String name();

    /** {@code table.column} pairs holding the hex SHA-256 of blobs this part keeps ({@code oci_blobs.sha256}). */
    List<String> blobColumns();

    /**
     * Drops what this part no longer needs, before the blob sweep; answers how many of each kind it removed
     * ({@code "idle uploads" -> 3}), in the order the report lists them.
     */
    Map<String, Long> collect(long now, long graceMillis);
}
