package depot.core.model;

public record Project(long id, long namespaceId, String name, String path, String fullPath, String visibility,
                      boolean packagesEnabled, String description, Long creatorId, long createdAt) {
    public Visibility visibilityLevel() { return Visibility.of(visibility); }
}
