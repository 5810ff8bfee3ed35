package depot.core.model;

import java.util.List;

public record PersonalAccessToken(long id, long userId, String name, String scopes, Long expiresAt,
                                  boolean revoked, Long lastUsedAt, long createdAt) {
    public List<String> scopeList() { return Scopes.split(scopes); }
}
