package depot.format.rpm;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Checks an RPM as {@code rpm -K} does before anything is published: the size the signature header gives for the
 * main header and payload, the main header's SHA-256 (or SHA-1) digest, and the payload's digest the main header
 * gives. A package cut short, padded, or changed after it was built is refused, so it never replaces a good file.
 */
final class RpmDigests {
    private static final int SIG_SIZE = 1000, SIG_LONGSIZE = 270, SIG_SHA1 = 269, SIG_SHA256 = 273, SIG_MD5 = 1004;
    private static final int PAYLOAD_DIGEST = 5092, PAYLOAD_DIGEST_ALGO = 5093;

    private RpmDigests() {}

    /**
     * Checks an RPM of {@code size} bytes against {@code headers}, reading {@code payload} — the stream
     * {@link RpmHeader#read} left just after the main header — to its end: one pass over the file in all.
     */
    static void check(InputStream payload, long size, RpmHeader.Headers headers) throws IOException {
        RpmHeader sig = headers.signature();
        RpmHeader main = headers.main();
        long declared = sig.has(SIG_LONGSIZE) ? sig.number(SIG_LONGSIZE, -1) : sig.number(SIG_SIZE, -1);
        if (declared < 0) throw RpmHeader.invalid("the RPM's signature header gives no size");
        if (declared != size - main.start) {
            throw RpmHeader.invalid("the RPM is " + (size - main.start) + " bytes after its signature header, but says "
                    + declared + " (cut short or padded?)");
        }
        String sha256 = sig.string(SIG_SHA256);
        String sha1 = sig.string(SIG_SHA1);
        byte[] md5 = sig.has(SIG_MD5) ? sig.raw(SIG_MD5).bytes() : null;
        if (sha256 == null && sha1 == null && md5 == null) throw RpmHeader.invalid("the RPM's signature header has no digest");
        // every digest the package carries is checked, as rpm -K checks them: header SHA-256 and SHA-1, MD5 of
        // header and payload, and the payload digest of the main header
        MessageDigest header256 = digest("SHA-256"), header1 = digest("SHA-1"), whole = digest("MD5");
        main.update(header256);
        main.update(header1);
        main.update(whole);
        List<String> payloadDigest = main.strings(PAYLOAD_DIGEST, 1);
        MessageDigest payloadBytes = payloadDigest.isEmpty() ? null : digest(payloadAlgorithm(main.number(PAYLOAD_DIGEST_ALGO, 8)));
        byte[] buffer = new byte[64 * 1024];
        int n;
        while ((n = payload.read(buffer)) > 0) {
            if (payloadBytes != null) payloadBytes.update(buffer, 0, n);
            whole.update(buffer, 0, n);
        }
        HexFormat hex = HexFormat.of();
        if (sha256 != null && !hex.formatHex(header256.digest()).equalsIgnoreCase(sha256)) {
            throw RpmHeader.invalid("the RPM's header does not match its SHA-256 digest (changed after it was built?)");
        }
        if (sha1 != null && !hex.formatHex(header1.digest()).equalsIgnoreCase(sha1)) {
            throw RpmHeader.invalid("the RPM's header does not match its SHA-1 digest (changed after it was built?)");
        }
        if (md5 != null && !java.util.Arrays.equals(whole.digest(), md5)) {
            throw RpmHeader.invalid("the RPM does not match its MD5 digest (changed after it was built?)");
        }
        if (payloadBytes != null && !hex.formatHex(payloadBytes.digest()).equalsIgnoreCase(payloadDigest.get(0))) {
            throw RpmHeader.invalid("the RPM's payload does not match its digest (cut short or changed?)");
        }
    }

    private static String payloadAlgorithm(long rpmHashAlgo) {
        return switch ((int) rpmHashAlgo) {
            case 2 -> "SHA-1";
            case 8 -> "SHA-256";
            case 9 -> "SHA-384";
            case 10 -> "SHA-512";
            default -> throw RpmHeader.invalid("the RPM's payload digest uses an unknown algorithm (" + rpmHashAlgo + ")");
        };
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
