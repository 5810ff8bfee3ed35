package depot.core.model;

/** A CI job that may act for its user within its project while it runs. */
public record CiJob(long id, long projectId, long userId, long pipelineId, String ref, String sha, String name,
                    String status, long expiresAt, long createdAt, Long finishedAt) {
    public boolean running(long now) { return "running".equals(status) && now < expiresAt; }
}
