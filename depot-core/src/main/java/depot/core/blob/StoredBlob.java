package depot.core.blob;

/** What one pass over an upload learned: its size and digests (lower-case hex). */
public record StoredBlob(String sha256, long size, String md5, String sha1, String sha512) {
}
