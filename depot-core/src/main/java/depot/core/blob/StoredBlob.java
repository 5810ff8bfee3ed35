package depot.core.blob;

/**
 * What one pass over an upload learned: its size and digests (lower-case hex). SHA-256 is always there; MD5, SHA-1
 * and SHA-512 are there when the upload asked for them or was small enough to hash them on the way, and null
 * otherwise — a package file's row then has them completed after its publish ({@code PendingDigests}).
 */
public record StoredBlob(String sha256, long size, String md5, String sha1, String sha512) {

    /** Whether every digest is known. */
    public boolean complete() { return md5 != null && sha1 != null && sha512 != null; }
}
