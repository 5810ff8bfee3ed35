package depot.format.rpm;

import depot.http.OpenPgpKey;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

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

    private RpmSigner() {}

    static boolean signed(RpmHeader signature) {
        for (int tag : SIGNATURES) if (signature.has(tag)) return true;
        return false;
    }

    /**
     * The bytes that come before the main header in the signed file: the lead as it was, the new signature header
     * and its padding. {@code rpm} is the original file, read from its start.
     */
    static byte[] prefix(InputStream rpm, RpmHeader.Headers headers, OpenPgpKey key) throws IOException {
        byte[] lead = rpm.readNBytes(RpmHeader.LEAD_SIZE);
        rpm.skipNBytes(headers.main().start - RpmHeader.LEAD_SIZE);
        byte[] main = rpm.readNBytes((int) (headers.main().end - headers.main().start));
        byte[] signature = signatureHeader(headers.signature(), key.signatureBytes(main));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(lead);
        out.writeBytes(signature);
        out.writeBytes(new byte[(8 - signature.length % 8) % 8]);
        return out.toByteArray();
    }

    /** The signature header with its entries, a header signature, sorted by tag, under one region. */
    static byte[] signatureHeader(RpmHeader old, byte[] packet) {
        List<int[]> index = new ArrayList<>();
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        List<Integer> tags = new ArrayList<>(old.tags());
        if (!tags.contains(RSA_HEADER)) tags.add(RSA_HEADER);
        tags.sort(null);
        for (int tag : tags) {
            RpmHeader.Raw raw = tag == RSA_HEADER ? new RpmHeader.Raw(RpmHeader.BIN, packet.length, packet) : old.raw(tag);
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
