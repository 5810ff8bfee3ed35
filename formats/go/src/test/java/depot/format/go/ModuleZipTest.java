package depot.format.go;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import depot.core.error.DepotException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ModuleZipTest {
    private static final String M = "depot.test/m";
    private static final String P = M + "@v1.0.0/";

    static byte[] resource(String name) throws IOException {
        try (InputStream in = ModuleZipTest.class.getResourceAsStream("/golden/" + name)) {
            return in.readAllBytes();
        }
    }

    static ModuleZip read(byte[] zip, String module, String version) throws IOException {
        return ModuleZip.read(new SeekableInMemoryByteChannel(zip), module, version);
    }

    /** Entries name → content; a name ending in / is a directory; content "@link" makes a symbolic link. */
    static byte[] zip(Map<String, String> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream out = new ZipArchiveOutputStream(bytes)) {
            for (var e : entries.entrySet()) {
                ZipArchiveEntry entry = new ZipArchiveEntry(e.getKey());
                if (e.getValue().equals("@link")) entry.setUnixMode(0120777);
                out.putArchiveEntry(entry);
                if (!e.getKey().endsWith("/")) out.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                out.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    @Test
    void hashes_as_the_go_command_does() throws IOException {
        ModuleZip hello = read(resource("hello-v1.2.3.zip"), "depot.test/acme/Hello", "v1.2.3");
        assertEquals("h1:tzRLNd1zoF3clLUx02LOx9oFtX2mW/ROfF0G8tIdIlg=", hello.hash());
        assertArrayEquals(resource("hello-v1.2.3.mod"), hello.goMod());
        assertEquals("h1:TTFqWiYtlZv2xwMJ6Ac7qz7AmXAU+CwB41mIBU+gpFs=", ModuleZip.goModHash(hello.goMod()));
        assertEquals(4, hello.files());
        ModuleZip dirs = read(resource("dirs-v0.1.0-rc.1.zip"), "depot.test/dirs", "v0.1.0-rc.1");
        assertEquals("h1:FsxvM/vl9H+oQMqDqObnwXCGlWxqXsg2gdmVLIsMV3A=", dirs.hash());
        assertNull(dirs.goMod());
        assertEquals("h1:FTI5RU2yc/8DUoiPh89VYpV4cvANHdLYQQnYyeExL9I=",
                ModuleZip.goModHash(GoMod.synthesized("depot.test/dirs")));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "depot.test/other@v1.0.0/a.go|package a|path does not have prefix",
            "depot.test/m@v1.0.0/../escape.go|x|not clean",
            "depot.test/m@v1.0.0//abs.go|x|not clean",
            "depot.test/m@v1.0.0/a/./b.go|x|not clean",
            "depot.test/m@v1.0.0/a\\b.go|x|invalid char",
            "depot.test/m@v1.0.0/x?y.go|x|invalid char '?'",
            "depot.test/m@v1.0.0/sub/go.mod|module depot.test/m/sub|not in module root",
            "depot.test/m@v1.0.0/GO.MOD|module depot.test/m|lowercase",
            "depot.test/m@v1.0.0/vendor/x/x.go|package x|vendored package",
            "depot.test/m@v1.0.0/aux.go|x|disallowed as path element component on Windows",
            "depot.test/m@v1.0.0/link|@link|not a regular file",
    })
    void refuses_what_the_go_command_would(String name, String content, String reason) throws IOException {
        byte[] zip = zip(Map.of(P + "ok.go", "package m", name, content));
        DepotException e = assertThrows(DepotException.Invalid.class, () -> read(zip, M, "v1.0.0"));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    @Test
    void names_equal_under_case_folding_collide() throws IOException {
        var files = new java.util.LinkedHashMap<String, String>();
        files.put(P + "x/Y.go", "a");
        files.put(P + "x/y.go", "b");
        assertTrue(assertThrows(DepotException.Invalid.class, () -> read(zip(files), M, "v1.0.0")).getMessage()
                .contains("case-insensitive file name collision"));
        var dirs = new java.util.LinkedHashMap<String, String>();
        dirs.put(P + "X/a.go", "a");
        dirs.put(P + "x/b.go", "b");
        assertThrows(DepotException.Invalid.class, () -> read(zip(dirs), M, "v1.0.0"));
        var twice = new java.util.LinkedHashMap<String, String>();
        twice.put(P + "a", "a");
        twice.put(P + "a/b.go", "b");
        assertTrue(assertThrows(DepotException.Invalid.class, () -> read(zip(twice), M, "v1.0.0")).getMessage()
                .contains("both a file and a directory"));
    }

    @Test
    void a_size_that_lies_or_a_go_mod_too_large_is_refused() throws IOException {
        byte[] zip = zip(Map.of(P + "a.go", "package m // 0123456789"));
        // the central directory says 5 bytes; the data inflates to more
        int cd = lastIndexOf(zip, new byte[] {0x50, 0x4b, 0x01, 0x02});
        ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN).putInt(cd + 24, 5);
        assertTrue(assertThrows(DepotException.Invalid.class, () -> read(zip, M, "v1.0.0")).getMessage()
                .contains("size"));
        byte[] big = zip(Map.of(P + "go.mod", "module depot.test/m\n" + " ".repeat(17 << 20)));
        assertTrue(assertThrows(DepotException.Invalid.class, () -> read(big, M, "v1.0.0")).getMessage()
                .contains("go.mod file too large"));
    }

    @Test
    void what_is_not_a_zip_is_refused() {
        assertThrows(DepotException.Invalid.class,
                () -> read("not a zip at all".getBytes(StandardCharsets.UTF_8), M, "v1.0.0"));
        assertThrows(DepotException.Invalid.class, () -> read(new byte[0], M, "v1.0.0"));
    }

    private static int lastIndexOf(byte[] data, byte[] what) {
        for (int i = data.length - what.length; i >= 0; i--) {
            if (java.util.Arrays.equals(data, i, i + what.length, what, 0, what.length)) return i;
        }
        throw new AssertionError("not found");
    }
}
