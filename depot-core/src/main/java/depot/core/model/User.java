package depot.core.model;

public record User(long id, String username, String name, String email, String passwordHash,
                   boolean admin, String state, long namespaceId, long createdAt) {
    public boolean active() { return "active".equals(state); }
}
