package depot.core.model;

public record Package(long id, long projectId, String packageType, String name, String normalizedName,
                      String version, PackageStatus status, String metadata, Long creatorId, Long ciJobId,
                      long createdAt, long updatedAt) {
}
