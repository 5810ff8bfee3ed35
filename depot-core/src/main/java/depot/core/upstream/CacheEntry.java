package depot.core.upstream;

/**
 * What Depot fetched from an upstream at {@code relativePath} (a path under the upstream's URL): a {@code metadata}
 * document, re-checked when its upstream's cache validity has passed since {@code upstreamCheckedAt}, or a
 * {@code file}, kept until deleted. Its bytes are the stored blob {@code sha256}.
 */
public record CacheEntry(long id, long upstreamId, String relativePath, String kind, String sha256, long size,
                         String contentType, String upstreamEtag, long upstreamCheckedAt, long createdAt,
                         long downloadsCount) {
    public static final String METADATA = "metadata";
    public static final String FILE = "file";

    public String fileName() {
        int slash = relativePath.lastIndexOf('/');
        return slash < 0 ? relativePath : relativePath.substring(slash + 1);
    }
}
