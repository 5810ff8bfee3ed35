package depot.core.model;

/** A user's or a group's namespace. Groups nest through {@code parentId}. */
public record Namespace(long id, String kind, String name, String path, String fullPath, Long parentId,
                        String visibility, String description, long createdAt) {
    public boolean group() { return "group".equals(kind); }
}
