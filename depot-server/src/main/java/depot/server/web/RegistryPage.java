package depot.server.web;

import java.util.List;

/**
 * A project's container images: each repository with its tags, and the commands to log in, push and pull.
 * {@code deletable} when the viewer may delete tags.
 */
public record RegistryPage(String projectPath, String host, List<Repository> repositories, boolean deletable) {

    public record Repository(long id, String name, long tagCount, String size, List<Tag> tags) {}

    public record Tag(String name, String digest, String shortDigest, String mediaType, String size, String updatedAt) {}

    public String base() { return "/" + projectPath + "/-/container_registry"; }
}
