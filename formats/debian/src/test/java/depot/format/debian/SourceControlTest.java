package depot.format.debian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import depot.core.error.DepotException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The .dsc and .changes reader: signed and unsigned, checksum fields that agree, and hostile ones refused. */
class SourceControlTest {
    static final String SHA = "a7f66e2d2f3fc6e7ebaa75e61b08313e5e5ea520c6c3d0527eb15f5132e73af1";
    static final String DSC = "Format: 3.0 (quilt)\nSource: acme\nBinary: acme\nVersion: 1.0-1\n"
            + "Checksums-Sha256:\n " + SHA + " 168 acme_1.0.orig.tar.gz\n"
            + "Files:\n 5f6f08a0f70b598d2162fc4ebbc41dcb 168 acme_1.0.orig.tar.gz\n";

    private static SourceControl parse(String text) {
        return SourceControl.parse(text.getBytes(StandardCharsets.UTF_8), "the .dsc");
    }

    @Test
    void a_cleartext_signed_dsc_is_read_without_its_signature_and_dash_escapes() {
        String signed = "-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA512\n\n" + DSC.replace("Binary: acme", "- Binary: acme")
                + "-----BEGIN PGP SIGNATURE-----\n\niQIzBAEBCgAdFiEE\n-----END PGP SIGNATURE-----\n";
        SourceControl dsc = parse(signed);
        assertEquals("acme", dsc.control().get("Binary"));
        SourceControl.Listed tar = dsc.files().get("acme_1.0.orig.tar.gz");
        assertEquals(168, tar.size());
        assertEquals(SHA, tar.sha256());
        assertEquals("5f6f08a0f70b598d2162fc4ebbc41dcb", tar.md5());
        assertEquals(parse(DSC).files(), dsc.files());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "Source: acme\nVersion: 1\nFiles:\n 5f6f08a0f70b598d2162fc4ebbc41dcb 1 a.tar\n",              // no SHA-256
            "Source: acme\nChecksums-Sha256:\n " + SHA + " 1 ../../etc/passwd\n",                          // traversal
            "Source: acme\nChecksums-Sha256:\n " + SHA + " 1 a/b.tar\n",                                    // a path
            "Source: acme\nChecksums-Sha256:\n " + SHA + " 1 a.tar\n " + SHA + " 2 a.tar\n",              // twice
            "Source: acme\nChecksums-Sha256:\n " + SHA + " 1 a.tar\nFiles:\n 5f6f08a0f70b598d2162fc4ebbc41dcb 2 a.tar\n",  // sizes differ
            "Source: acme\nChecksums-Sha256:\n " + SHA + " 1 a.tar\nFiles:\n 5f6f08a0f70b598d2162fc4ebbc41dcb 1 b.tar\n",  // lists differ
            "Source: acme\nChecksums-Sha256:\n nothex 1 a.tar\n",
            "-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA512\n\nSource: acme\n",                               // unterminated
            "Source: acme\n\nSource: other\n"})                                                              // two paragraphs
    void hostile_or_inconsistent_paragraphs_are_refused(String text) {
        assertThrows(DepotException.Invalid.class, () -> parse(text));
    }

    @Test
    void more_than_the_file_limit_is_refused_before_reading_on() {
        StringBuilder b = new StringBuilder("Source: acme\nChecksums-Sha256:\n");
        for (int i = 0; i <= SourceControl.MAX_FILES; i++) b.append(' ').append(SHA).append(" 1 f").append(i).append(".tar\n");
        assertThrows(DepotException.Invalid.class, () -> parse(b.toString()));
        assertThrows(DepotException.Invalid.class, () -> SourceControl.parse(new byte[SourceControl.MAX_BYTES + 1], "the .dsc"));
    }
}
