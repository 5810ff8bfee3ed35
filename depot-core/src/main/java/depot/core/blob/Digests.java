package depot.core.blob;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** MD5, SHA-1, SHA-256 and SHA-512 updated together, so a body is hashed in one pass. Not thread-safe. */
public final class Digests {
    private final MessageDigest md5 = digest("MD5");
    private final MessageDigest sha1 = digest("SHA-1");
    private final MessageDigest sha256 = digest("SHA-256");
    private final MessageDigest sha512 = digest("SHA-512");
    private long size;

    public void update(byte[] buf, int off, int len) {
        md5.update(buf, off, len);
        sha1.update(buf, off, len);
        sha256.update(buf, off, len);
        sha512.update(buf, off, len);
        size += len;
    }

    public long size() { return size; }

    public StoredBlob finish() {
        HexFormat hex = HexFormat.of();
        return new StoredBlob(hex.formatHex(sha256.digest()), size, hex.formatHex(md5.digest()),
                hex.formatHex(sha1.digest()), hex.formatHex(sha512.digest()));
    }

    public static String sha256Hex(byte[] data) {
        return HexFormat.of().formatHex(digest("SHA-256").digest(data));
    }

    public static boolean isSha256Hex(String s) {
        return s != null && s.length() == 64 && s.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is part of every Java platform", e);
        }
    }
}
