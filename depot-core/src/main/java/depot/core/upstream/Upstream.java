package depot.core.upstream;

/**
 * A remote registry a group ({@code namespaceId}) or the instance (null) reads through for one package type, at
 * {@code position} in its owner's list. {@code password} is stored but never shown back. Metadata fetched from it is
 * fresh for {@code metadataCacheValidityHours} (0: re-checked on every read); a file, for {@code cacheValidityHours}
 * (0: never re-checked), as GitLab's virtual registries count them.
 */
public record Upstream(long id, Long namespaceId, String packageType, int position, String name, String description,
                       String url, String username, String password, int cacheValidityHours,
                       int metadataCacheValidityHours, long createdAt, long updatedAt) {
    public long metadataValidityMillis() { return metadataCacheValidityHours * 3_600_000L; }

    /** Whether a file last checked at {@code checkedAt} is to be checked with the upstream again at {@code now}. */
    public boolean fileStale(long checkedAt, long now) {
        return cacheValidityHours > 0 && now - checkedAt >= cacheValidityHours * 3_600_000L;
    }
}
