package depot.format.rpm;

import depot.http.OpenPgpKey;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.jcajce.JcaPGPObjectFactory;

/**
 * Signs an RPM that comes unsigned, as {@code rpmsign} does: an RSA header signature (tag 268, an OpenPGP signature
 * packet over the main header's bytes) is added to the signature header, which is written anew with its region
 * trailer; the lead, the main header and the payload are copied unchanged, so every digest the package carries
 * still holds. An RPM signed before upload keeps its own signature.
 */
final class RpmSigner {
    /** Signature tags: DSA and RSA header signatures, PGP and GPG header-and-payload signatures. */
    private static final int[] SIGNATURES = {267, 268, 1002, 1005};
    private static final int RSA_HEADER = 268;
    private static final int REGION = 62;
    private static final int RESERVED = 1008;

    private RpmSigner() {}

    static boolean signed(RpmHeader signature) {
        for (int tag : SIGNATURES) if (signature.has(tag)) return true;
        return false;
    }

    /**
     * The bytes that come before the main header in the signed file: the lead as it was, the new signature header
     * and its padding.
     */
    static byte[] prefix(RpmHeader.Headers headers, OpenPgpKey key) {
        byte[] lead = headers.lead();
        byte[] main = headers.main().bytes();
        // made at the package's build time (not before the key): the same upload again gives the same bytes
        long built = headers.main().number(1006, 0) * 1000;
        Date when = new Date(Math.max(built, key.created().getTime()));
        byte[] signature = signatureHeader(headers.signature(), key.signatureBytes(main, when));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(lead);
        out.writeBytes(signature);
        out.writeBytes(new byte[(8 - signature.length % 8) % 8]);
        return out.toByteArray();
    }

    /**
     * The signature header with its entries and a header signature, sorted by tag, under one region. As rpmsign
     * does, the signature takes its room out of the reserved space (tag 1008) when there is enough of it, so the
     * header keeps its size.
     */
    static byte[] signatureHeader(RpmHeader old, byte[] packet) {
        byte[] grown = signatureHeader(old, packet, -1);
        if (!old.has(RESERVED)) return grown;
        int reserved = old.raw(RESERVED).count();
        int extra = grown.length - (int) (old.end - old.start);
        return extra > 0 && extra < reserved ? signatureHeader(old, packet, reserved - extra) : grown;
    }

    /**
     * Checks the header signature an RPM brought (RSA or DSA, tag 268 or 267) as far as it can be without the
     * signer's key: the first two bytes of its hash, which the packet carries, must be those of the main header's.
     */
    static void checkSigned(RpmHeader.Headers headers) {
        int tag = headers.signature().has(RSA_HEADER) ? RSA_HEADER : headers.signature().has(267) ? 267 : 0;
        if (tag == 0) return;
        try {
            Object first = new JcaPGPObjectFactory(headers.signature().raw(tag).bytes()).nextObject();
            if (!(first instanceof PGPSignatureList list) || list.isEmpty()) throw RpmHeader.invalid("the RPM's header signature is not an OpenPGP signature");
            PGPSignature sig = list.get(0);
            MessageDigest digest = MessageDigest.getInstance(switch (sig.getHashAlgorithm()) {
                case HashAlgorithmTags.SHA1 -> "SHA-1";
                case HashAlgorithmTags.SHA224 -> "SHA-224";
                case HashAlgorithmTags.SHA256 -> "SHA-256";
                case HashAlgorithmTags.SHA384 -> "SHA-384";
                case HashAlgorithmTags.SHA512 -> "SHA-512";
                default -> throw RpmHeader.invalid("the RPM's header signature uses an unknown hash");
            });
            headers.main().update(digest);
            digest.update(sig.getSignatureTrailer());
            byte[] hash = digest.digest();
            byte[] prefix = sig.getDigestPrefix();
            if (prefix == null || hash[0] != prefix[0] || hash[1] != prefix[1]) {
                throw RpmHeader.invalid("the RPM's header signature does not match its header (changed after it was signed?)");
            }
        } catch (IOException | RuntimeException | java.security.NoSuchAlgorithmException e) {
            if (e instanceof depot.core.error.DepotException d) throw d;
            throw RpmHeader.invalid("the RPM's header signature cannot be read");
        }
    }

    private static byte[] signatureHeader(RpmHeader old, byte[] packet, int reservedSize) {
        List<int[]> index = new ArrayList<>();
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        List<Integer> tags = new ArrayList<>(old.tags());
        if (!tags.contains(RSA_HEADER)) tags.add(RSA_HEADER);
        tags.sort(null);
        for (int tag : tags) {
            RpmHeader.Raw raw = tag == RSA_HEADER ? new RpmHeader.Raw(RpmHeader.BIN, packet.length, packet)
                    : tag == RESERVED && reservedSize >= 0 ? new RpmHeader.Raw(RpmHeader.BIN, reservedSize, new byte[reservedSize])
                    : old.raw(tag);
            int align = switch (raw.type()) {
                case 3 -> 2;
                case 4 -> 4;
                case 5 -> 8;
                default -> 1;
            };
            while (data.size() % align != 0) data.write(0);
            index.add(new int[] {tag, raw.type(), data.size(), raw.count()});
            data.writeBytes(raw.bytes());
        }
        int entries = index.size() + 1;
        // the region: its entry first, its trailer (pointing back over every entry) last in the store
        int trailer = data.size();
        data.writeBytes(ByteBuffer.allocate(16).putInt(REGION).putInt(RpmHeader.BIN).putInt(-entries * 16).putInt(16).array());
        ByteBuffer out = ByteBuffer.allocate(16 + 16 * entries + data.size());
        out.put(new byte[] {(byte) 0x8E, (byte) 0xAD, (byte) 0xE8, 1, 0, 0, 0, 0}).putInt(entries).putInt(data.size());
        out.putInt(REGION).putInt(RpmHeader.BIN).putInt(trailer).putInt(16);
        for (int[] e : index) out.putInt(e[0]).putInt(e[1]).putInt(e[2]).putInt(e[3]);
        out.put(data.toByteArray());
        return out.array();
    }
}
