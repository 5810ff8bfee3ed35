package depot.core.model;

/** A membership of a user in a project ({@code sourceType = "project"}) or a group ({@code "namespace"}). */
public record Member(long id, String sourceType, long sourceId, long userId, int accessLevel, Long expiresAt,
                     long createdAt) {
}
