package depot.core.model;

/**
 * What an index document depends on: the number of visible versions, the newest change and the sum of their ids (so
 * a delete and a publish in the same millisecond still differ), for one project ({@code projectId}, 0 for several).
 */
public record ChangeStamp(long projectId, long count, long updatedAt, long idSum, long newestCreatedAt) {
    public String hex() { return Long.toHexString(count) + "-" + Long.toHexString(updatedAt) + "-" + Long.toHexString(idSum); }
}
