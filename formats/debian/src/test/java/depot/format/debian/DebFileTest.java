package depot.format.debian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import depot.core.error.DepotException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.ar.ArArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Packages paragraphs equal dpkg-scanpackages' for the same .deb files (xz, gzip and zstd members; known fields in
 * dpkg's order, others after them), and hostile packages are refused before anything large is held.
 */
class DebFileTest {
    private static final List<String> GOLDEN = List.of("pool/main/d/depot-data/depot-data_2.0~rc1+dfsg-3_all.deb",
            "pool/main/d/depot-hello/depot-hello_1.2.3-1_amd64.deb",
            "pool/main/d/depot-hello/depot-hello-zst_1.2.3-1_amd64.deb");

    static byte[] resource(String name) throws IOException {
        try (InputStream in = DebFileTest.class.getResourceAsStream("/golden/" + name)) {
            return in.readAllBytes();
        }
    }

    static String hex(String algorithm, byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
    }

    @Test
    void paragraphs_equal_dpkg_scanpackages() throws Exception {
        List<String> paragraphs = new ArrayList<>();
        for (String path : GOLDEN) {
            byte[] deb = resource(path.substring(path.lastIndexOf('/') + 1));
            Control control = DebFile.read(new ByteArrayInputStream(deb)).control();
            paragraphs.add(PackagesStanza.render(control, path, deb.length, hex("MD5", deb), hex("SHA-1", deb),
                    hex("SHA-256", deb)));
        }
        // dpkg-scanpackages --multiversion pool, as run over these files (golden/Packages)
        assertEquals(new String(resource("Packages"), StandardCharsets.UTF_8), String.join("\n", paragraphs) + "\n");
    }

    static byte[] ar(Map<String, byte[]> members) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ArArchiveOutputStream ar = new ArArchiveOutputStream(bytes)) {
            for (var m : members.entrySet()) {
                ar.putArchiveEntry(new ArArchiveEntry(m.getKey(), m.getValue().length));
                ar.write(m.getValue());
                ar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    static byte[] tar(Map<String, byte[]> files) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            for (var f : files.entrySet()) {
                TarArchiveEntry e = new TarArchiveEntry(f.getKey());
                e.setSize(f.getValue().length);
                tar.putArchiveEntry(e);
                tar.write(f.getValue());
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    static byte[] deb(String control) throws IOException {
        var members = new java.util.LinkedHashMap<String, byte[]>();
        members.put("debian-binary", "2.0\n".getBytes(StandardCharsets.US_ASCII));
        members.put("control.tar", tar(Map.of("./control", control.getBytes(StandardCharsets.UTF_8))));
        members.put("data.tar", tar(Map.of("./usr/share/doc/x/README", "x".getBytes(StandardCharsets.UTF_8))));
        return ar(members);
    }

    @Test
    void a_plain_control_tar_reads() throws Exception {
        byte[] deb = deb("Package: depot-x\nVersion: 1.0\nArchitecture: all\nDescription: x\n");
        Control c = DebFile.read(new ByteArrayInputStream(deb)).control();
        assertEquals("depot-x", c.get("package"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Version: 1.0\\nArchitecture: all|Package is missing",
            "Package: Depot\\nVersion: 1.0\\nArchitecture: all|not a valid package name",
            "Package: ../x\\nVersion: 1.0\\nArchitecture: all|not a valid package name",
            "Package: depot-x\\nVersion: one\\nArchitecture: all|not a valid Debian version",
            "Package: depot-x\\nVersion: 1.0/../2\\nArchitecture: all|not a valid Debian version",
            "Package: depot-x\\nVersion: 1.0\\nArchitecture: AMD64|not a valid architecture",
            "Package: depot-x\\nVersion: 1.0\\nArchitecture: all\\n\\nPackage: y|more than one paragraph",
            "Package: depot-x\\nPackage: y\\nVersion: 1.0\\nArchitecture: all|duplicate control field",
            "' continued\\nPackage: depot-x'|continuation line",
    })
    void bad_control_files_are_refused(String control, String reason) {
        DepotException e = assertThrows(DepotException.Invalid.class,
                () -> DebFile.read(new ByteArrayInputStream(deb(control.replace("\\n", "\n")))));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    @Test
    void what_is_not_a_deb_is_refused() throws Exception {
        assertThrows(DepotException.Invalid.class, () -> DebFile.read(new ByteArrayInputStream("not a deb".getBytes())));
        assertThrows(DepotException.Invalid.class, () -> DebFile.read(new ByteArrayInputStream(new byte[0])));
        byte[] wrongFirst = ar(Map.of("control.tar", tar(Map.of("./control", "Package: a\n".getBytes()))));
        assertTrue(assertThrows(DepotException.Invalid.class, () -> DebFile.read(new ByteArrayInputStream(wrongFirst)))
                .getMessage().contains("debian-binary"));
        var noData = new java.util.LinkedHashMap<String, byte[]>();
        noData.put("debian-binary", "2.0\n".getBytes());
        noData.put("control.tar", tar(Map.of("./control", "Package: depot-x\nVersion: 1\nArchitecture: all\n".getBytes())));
        assertTrue(assertThrows(DepotException.Invalid.class, () -> DebFile.read(new ByteArrayInputStream(ar(noData))))
                .getMessage().contains("no data.tar"));
        var odd = new java.util.LinkedHashMap<String, byte[]>(noData);
        odd.put("evil.sh", "rm -rf /".getBytes());
        assertTrue(assertThrows(DepotException.Invalid.class, () -> DebFile.read(new ByteArrayInputStream(ar(odd))))
                .getMessage().contains("unexpected member"));
    }

    @Test
    void a_control_tar_with_too_many_entries_or_a_huge_control_file_is_refused() throws Exception {
        var many = new java.util.LinkedHashMap<String, byte[]>();
        for (int i = 0; i < 1001; i++) many.put("./f" + i, new byte[0]);
        var members = new java.util.LinkedHashMap<String, byte[]>();
        members.put("debian-binary", "2.0\n".getBytes());
        members.put("control.tar", tar(many));
        members.put("data.tar", tar(Map.of()));
        assertTrue(assertThrows(DepotException.Invalid.class, () -> DebFile.read(new ByteArrayInputStream(ar(members))))
                .getMessage().contains("more than 1000 entries"));
        members.put("control.tar", tar(Map.of("./control", ("Package: depot-x\nDescription: " + "x".repeat(2 << 20)).getBytes())));
        assertTrue(assertThrows(DepotException.Invalid.class, () -> DebFile.read(new ByteArrayInputStream(ar(members))))
                .getMessage().contains("larger than 1 MiB"));
    }
}
