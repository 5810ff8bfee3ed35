package depot.core.upstream;

/**
 * A remote registry a group ({@code namespaceId}) or the instance (null) reads through for one package type, at
 * {@code position} in its owner's list. {@code password} is stored but never shown back; metadata fetched from it is
 * fresh for {@code cacheValidityHours}.
 */
public record Upstream(long id, Long namespaceId, String packageType, int position, String name, String description,
                       String url, String username, String password, int cacheValidityHours, long createdAt,
                       long updatedAt) {
    public long cacheValidityMillis() { return cacheValidityHours * 3_600_000L; }
}
