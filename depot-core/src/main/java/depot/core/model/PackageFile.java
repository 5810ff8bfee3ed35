package depot.core.model;

public record PackageFile(long id, long packageId, String fileName, long size, String sha256, String md5,
                          String sha1, String sha512, String metadata, Long ciJobId, long createdAt) {
}
