package depot.format.rpm;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes RPM files for tests: a lead, a signature header and a main header with the tags given (strings, string
 * arrays, 32-bit numbers), then a few payload bytes. Enough for the reader; not a package rpm would install.
 */
public final class RpmWriter {
    private record Tag(int tag, int type, byte[] data, int count) {}

    private final List<Tag> tags = new ArrayList<>();
    private depot.http.OpenPgpKey signer;

    /** A key of the tests' own (made once), to sign RPMs as a packager would before upload. */
    public static final class TestKey {
        static final depot.http.OpenPgpKey KEY = depot.http.OpenPgpKey.load(
                depot.http.OpenPgpKey.generate("Test packager <packager@depot.test>", "test".toCharArray()), "test".toCharArray());

        public static String publicKey() { return KEY.publicKeyArmored(); }
    }

    /** Signs the RPM with {@link TestKey} (a header signature, tag 268), as rpmsign would before upload. */
    public RpmWriter signed() {
        signer = TestKey.KEY;
        return this;
    }

    public static RpmWriter minimal(String name, String version, String release, String arch) {
        return new RpmWriter().string(1000, name).string(1001, version).string(1002, release).string(1022, arch)
                .string(1004, "a test package").string(1005, "made by RpmWriter").string(1014, "MIT")
                .string(1044, name + "-" + version + "-" + release + ".src.rpm").int32(1006, 1_700_000_000);
    }

    public RpmWriter string(int tag, String value) {
        tags.add(new Tag(tag, 6, (value + "\0").getBytes(StandardCharsets.UTF_8), 1));
        return this;
    }

    public RpmWriter strings(int tag, String... values) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (String v : values) b.writeBytes((v + "\0").getBytes(StandardCharsets.UTF_8));
        tags.add(new Tag(tag, 8, b.toByteArray(), values.length));
        return this;
    }

    public RpmWriter int32(int tag, long... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length);
        for (long v : values) b.putInt((int) v);
        tags.add(new Tag(tag, 4, b.array(), values.length));
        return this;
    }

    /** A raw entry, for headers that lie. */
    public RpmWriter raw(int tag, int type, byte[] data, int count) {
        tags.add(new Tag(tag, type, data, count));
        return this;
    }

    public byte[] build() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] lead = new byte[96];
        lead[0] = (byte) 0xED; lead[1] = (byte) 0xAB; lead[2] = (byte) 0xEE; lead[3] = (byte) 0xDB;
        lead[4] = 3;
        lead[79] = 5; // signature type: header-style
        out.writeBytes(lead);
        byte[] main = header(tags);
        byte[] payload = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3};
        // the digests rpm -K checks: the size of header and payload, the header's SHA-256
        List<Tag> sigTags = new ArrayList<>();
        if (signer != null) {
            byte[] packet = signer.signatureBytes(main, new java.util.Date());
            sigTags.add(new Tag(268, 7, packet, packet.length));
        }
        sigTags.add(new Tag(273, 6, (sha256(main) + "\0").getBytes(StandardCharsets.US_ASCII), 1));
        sigTags.add(new Tag(1000, 4, java.nio.ByteBuffer.allocate(4).putInt(main.length + payload.length).array(), 1));
        byte[] md5 = md5(main, payload);
        sigTags.add(new Tag(1004, 7, md5, md5.length));
        byte[] sig = header(sigTags);
        out.writeBytes(sig);
        out.writeBytes(new byte[(8 - sig.length % 8) % 8]);
        out.writeBytes(main);
        out.writeBytes(payload);
        return out.toByteArray();
    }

    private static byte[] md5(byte[] main, byte[] payload) {
        try {
            java.security.MessageDigest md5 = java.security.MessageDigest.getInstance("MD5");
            md5.update(main);
            return md5.digest(payload);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] header(List<Tag> tags) {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        ByteBuffer index = ByteBuffer.allocate(16 * tags.size());
        for (Tag t : tags) {
            int align = t.type == 4 ? 4 : 1;
            while (data.size() % align != 0) data.write(0);
            index.putInt(t.tag).putInt(t.type).putInt(data.size()).putInt(t.count);
            data.writeBytes(t.data);
        }
        ByteBuffer intro = ByteBuffer.allocate(16);
        intro.put(new byte[] {(byte) 0x8E, (byte) 0xAD, (byte) 0xE8, 1, 0, 0, 0, 0}).putInt(tags.size()).putInt(data.size());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(intro.array());
        out.writeBytes(index.array());
        out.writeBytes(data.toByteArray());
        return out.toByteArray();
    }
}
