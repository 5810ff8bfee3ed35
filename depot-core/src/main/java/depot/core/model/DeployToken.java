package depot.core.model;

import java.util.List;

/** A deploy token of a project ({@code projectId} set) or of a group ({@code namespaceId} set). */
public record DeployToken(long id, Long projectId, Long namespaceId, String name, String username,
                          String scopes, Long expiresAt, boolean revoked, long createdAt) {
    public List<String> scopeList() { return Scopes.split(scopes); }
}
