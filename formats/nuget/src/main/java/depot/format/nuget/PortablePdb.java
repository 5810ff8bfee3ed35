package depot.format.nuget;

import depot.core.error.DepotException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What a symbol server needs of a Portable PDB (ECMA-335 metadata with a {@code #Pdb} stream): the PDB id, which
 * gives the SSQP key {@code <file>/<guid N-form>FFFFFFFF/<file>}, and the checksum a debugger sends in
 * {@code SymbolChecksum: SHA256:<hex>} — SHA-256 of the file with the 20-byte PDB id zeroed.
 *
 * @param signature the key's middle part, lower case
 * @param idOffset  where the 20-byte PDB id starts in the file
 */
record PortablePdb(String signature, int idOffset) {
    private static final int HEADER_LIMIT = 64 * 1024;
    private static final int MAGIC = 0x424A5342; // "BSJB"

    /** Reads the metadata root and stream headers from the start of a PDB. Windows (MSF) PDBs are refused. */
    static PortablePdb read(InputStream head) throws IOException {
        byte[] bytes = head.readNBytes(HEADER_LIMIT);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        try {
            if (b.getInt() != MAGIC) throw new DepotException.Invalid("not a Portable PDB (Windows PDBs are not supported)");
            b.getShort();
            b.getShort();
            b.getInt();
            int versionLength = b.getInt();
            if (versionLength < 0 || versionLength > 255) throw new DepotException.Invalid("not a Portable PDB");
            b.position(b.position() + versionLength);
            b.getShort();
            int streams = b.getShort() & 0xffff;
            for (int i = 0; i < streams; i++) {
                int offset = b.getInt();
                b.getInt();
                StringBuilder name = new StringBuilder();
                int start = b.position();
                byte c;
                while ((c = b.get()) != 0) name.append((char) c);
                int consumed = b.position() - start;
                b.position(start + ((consumed + 3) & ~3));
                if (name.toString().equals("#Pdb")) {
                    if (offset < 0 || offset + 20 > bytes.length) throw new DepotException.Invalid("the PDB's #Pdb stream is out of reach");
                    ByteBuffer id = ByteBuffer.wrap(bytes, offset, 16).order(ByteOrder.LITTLE_ENDIAN);
                    String guid = String.format("%08x%04x%04x", id.getInt(), id.getShort(), id.getShort())
                            + HexFormat.of().formatHex(bytes, offset + 8, offset + 16);
                    return new PortablePdb(guid + "ffffffff", offset);
                }
            }
        } catch (java.nio.BufferUnderflowException | IndexOutOfBoundsException | IllegalArgumentException e) {
            // (position() past the end throws IllegalArgumentException)
            throw new DepotException.Invalid("the PDB's metadata header is truncated");
        }
        throw new DepotException.Invalid("not a Portable PDB: it has no #Pdb stream");
    }

    /** SHA-256 of the whole file with the PDB id zeroed, streamed. */
    String checksum(InputStream file) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buf = new byte[65536];
        long pos = 0;
        int n;
        while ((n = file.read(buf)) > 0) {
            for (long i = Math.max(pos, idOffset); i < Math.min(pos + n, idOffset + 20L); i++) buf[(int) (i - pos)] = 0;
            sha.update(buf, 0, n);
            pos += n;
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /**
     * The stored name of a {@code .pdb} entry: its last path segment. The whole entry path must be printable: no
     * control or bidirectional-formatting characters (a right-to-left override makes {@code exe.pdb} read otherwise),
     * the name at most 255 characters.
     */
    static String fileName(String path) {
        String p = path.replace('\\', '/');
        String name = p.substring(p.lastIndexOf('/') + 1);
        boolean clean = !name.isEmpty() && name.length() <= 255 && p.length() <= 1024 && p.codePoints()
                .noneMatch(c -> Character.isISOControl(c) || Character.getType(c) == Character.FORMAT
                        || Character.getType(c) == Character.LINE_SEPARATOR
                        || Character.getType(c) == Character.PARAGRAPH_SEPARATOR);
        if (!clean) throw new DepotException.Invalid("the symbol package has a .pdb entry with an invalid name");
        return name;
    }
}
