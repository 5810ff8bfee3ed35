package depot.server.web;

/**
 * Who published, and from which pipeline: GitLab's "published by pipeline #N on branch, commit". {@code user} is a
 * username or a description ("a deploy token"); the URLs are null unless {@code ci_url} names the CI server.
 */
public record Publish(String user, Long pipeline, String pipelineUrl, String ref, String commit, String commitUrl) {
    public String shortCommit() { return commit == null ? null : commit.substring(0, Math.min(8, commit.length())); }
}
