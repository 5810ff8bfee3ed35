package depot.format.nuget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class PortablePdbTest {
    /** Metadata root with a "#~" stream first and the "#Pdb" stream second, at offset 96. */
    static byte[] pdb() {
        ByteBuffer b = ByteBuffer.allocate(200).order(ByteOrder.LITTLE_ENDIAN);
        b.put("BSJB".getBytes(StandardCharsets.US_ASCII)).putShort((short) 1).putShort((short) 1).putInt(0).putInt(12);
        b.put("PDB v1.0\0\0\0\0".getBytes(StandardCharsets.US_ASCII)).putShort((short) 0).putShort((short) 2);
        b.putInt(128).putInt(8).put("#~\0\0".getBytes(StandardCharsets.US_ASCII));
        b.putInt(96).putInt(32).put("#Pdb\0\0\0\0".getBytes(StandardCharsets.US_ASCII));
        b.position(96);
        b.put(HexFormat.of().parseHex("78563412cdab01ef0123456789abcdef" + "01020304"));
        return b.array();
    }

    @Test
    void reads_the_ssqp_signature_and_the_checksum_with_the_id_zeroed() throws Exception {
        byte[] bytes = pdb();
        PortablePdb pdb = PortablePdb.read(new ByteArrayInputStream(bytes));
        assertThat(pdb.signature()).isEqualTo("12345678abcdef010123456789abcdef" + "ffffffff");
        assertThat(pdb.idOffset()).isEqualTo(96);
        byte[] zeroed = bytes.clone();
        Arrays.fill(zeroed, 96, 116, (byte) 0);
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(zeroed));
        assertThat(pdb.checksum(new ByteArrayInputStream(bytes))).isEqualTo(expected);
        // the checksum does not depend on how the stream is chunked
        assertThat(pdb.checksum(new java.io.FilterInputStream(new ByteArrayInputStream(bytes)) {
            @Override
            public int read(byte[] b, int off, int len) throws java.io.IOException {
                return super.read(b, off, Math.min(len, 7));
            }
        })).isEqualTo(expected);
    }

    @Test
    void refuses_windows_pdbs_truncated_headers_and_missing_streams() {
        assertThatThrownBy(() -> PortablePdb.read(new ByteArrayInputStream(
                "Microsoft C/C++ MSF 7.00\r\n".getBytes(StandardCharsets.US_ASCII)))).hasMessageContaining("Windows");
        assertThatThrownBy(() -> PortablePdb.read(new ByteArrayInputStream(Arrays.copyOf(pdb(), 30))))
                .hasMessageContaining("truncated");
        byte[] noPdb = pdb();
        noPdb[53] = 'X'; // "#Pdb" becomes "#Xdb"
        assertThatThrownBy(() -> PortablePdb.read(new ByteArrayInputStream(noPdb))).hasMessageContaining("no #Pdb");
    }
}
