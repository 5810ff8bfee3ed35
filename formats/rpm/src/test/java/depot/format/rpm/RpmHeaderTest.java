package depot.format.rpm;

import static depot.core.testing.Hostile.parsesOrRefuses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import depot.core.error.DepotException;
import depot.core.testing.Hostile;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The RPM header reader: what it reads from a well-formed file, and a clear 400 for every kind of lie. */
class RpmHeaderTest {
    static byte[] sample() {
        return RpmWriter.minimal("hello", "1.2", "3.el9", "x86_64").int32(1003, 2)
                .strings(1117, "hello", "hello.conf", "doc").strings(1118, "/usr/bin/", "/etc/", "/usr/share/hello/")
                .int32(1116, 0, 1, 2).int32(1030, 0100755, 0100644, 040755).int32(1037, 0, 64 | 1, 0)
                .strings(1049, "rpmlib(CompressedFileNames)", "libfoo", "/bin/sh").int32(1048, (1 << 24) | 8 | 2, 12, 1 << 9)
                .strings(1050, "3.0.4-1", "2:1.0-4", "")
                .strings(1047, "hello", "hello(x86-64)").int32(1112, 8, 8).strings(1113, "2:1.2-3.el9", "2:1.2-3.el9")
                .build();
    }

    static RpmPackage read(byte[] rpm) throws IOException {
        ByteArrayInputStream in = new ByteArrayInputStream(rpm);
        RpmHeader.Headers headers = RpmHeader.read(in);
        RpmPackage p = RpmPackage.of(headers);
        RpmDigests.check(in, rpm.length, headers);
        return p;
    }

    @Test
    void reads_the_nevra_files_and_dependencies() throws IOException {
        RpmPackage p = read(sample());
        assertEquals("hello", p.name());
        assertEquals(2, p.epoch());
        assertEquals("2:1.2-3.el9", p.evr());
        assertEquals("hello-1.2-3.el9.x86_64.rpm", p.fileName());
        assertEquals(List.of(new RpmPackage.FileEntry("/usr/bin/hello", ""), new RpmPackage.FileEntry("/etc/hello.conf", "ghost"),
                new RpmPackage.FileEntry("/usr/share/hello/doc", "dir")), p.files());
        // rpmlib features and a require on the package's own file are not listed; a scriptlet's require is "pre"
        List<RpmPackage.Dep> requires = Repodata.listed("requires", p.requires(), p);
        assertEquals(List.of("libfoo", "/bin/sh"), requires.stream().map(RpmPackage.Dep::name).toList());
        assertTrue(Repodata.pre(requires.get(1)));
        assertEquals(p, RpmPackage.fromJson(p.json()));
        String primary = new String(Repodata.primary(List.of(new Repodata.Listed(p, "ab".repeat(32), 10, 5, "Packages/x.rpm"))));
        assertTrue(primary.contains("<rpm:entry name=\"libfoo\" flags=\"GE\" epoch=\"2\" ver=\"1.0\" rel=\"4\"/>"), primary);
        assertTrue(primary.contains("<file type=\"ghost\">/etc/hello.conf</file>"), primary);
        assertTrue(!primary.contains("/usr/share/hello/doc"), "a directory outside bin and /etc is only in filelists");
    }

    @Test
    void of_glibcs_requires_only_the_newest_stays_and_comes_last() throws IOException {
        RpmPackage p = read(RpmWriter.minimal("bin", "1", "1", "x86_64")
                .strings(1049, "libc.so.6()(64bit)", "libc.so.6(GLIBC_2.34)(64bit)", "rtld(GNU_HASH)", "libc.so.6(GLIBC_2.2.5)(64bit)")
                .int32(1048, 0, 0, 0, 0).strings(1050, "", "", "", "").build());
        assertEquals(List.of("rtld(GNU_HASH)", "libc.so.6(GLIBC_2.34)(64bit)"),
                Repodata.listed("requires", p.requires(), p).stream().map(RpmPackage.Dep::name).toList());
    }

    @Test
    void a_header_signature_brought_by_the_upload_is_checked_against_the_header() throws IOException {
        byte[] signed = RpmWriter.minimal("signed", "1", "1", "noarch").signed().build();
        RpmHeader.Headers headers = RpmHeader.read(new ByteArrayInputStream(signed));
        assertTrue(RpmSigner.signed(headers.signature()));
        RpmSigner.checkSigned(headers);
        // the header changed after it was signed (its description): the packet's hash prefix no longer fits
        byte[] broken = replace(signed, "made by RpmWriter", "made by RpmWritex");
        DepotException.Invalid e = assertThrows(DepotException.Invalid.class,
                () -> RpmSigner.checkSigned(RpmHeader.read(new ByteArrayInputStream(broken))));
        assertTrue(e.getMessage().contains("does not match its header"), e.getMessage());
    }

    @Test
    void a_file_name_names_its_package() {
        assertEquals("acme-tool", RpmReads.nameOf("acme-tool-1.0-1.x86_64.rpm"));
        assertEquals("a", RpmReads.nameOf("a-2-3.noarch.rpm"));
        assertEquals(null, RpmReads.nameOf("acme.rpm"));
        assertEquals(null, RpmReads.nameOf("acme-1.0-1.x86_64.deb"));
    }

    @Test
    void a_source_package_is_arch_src() throws IOException {
        RpmWriter w = new RpmWriter().string(1000, "hello").string(1001, "1").string(1002, "1").string(1022, "x86_64");
        assertEquals("src", read(w.build()).arch());
    }

    static List<Object[]> lies() {
        byte[] good = sample();
        int main = mainHeaderAt(good);
        return List.of(
                new Object[] {"not an RPM", "PK\3\4 not an rpm at all".getBytes(), "not an RPM"},
                new Object[] {"cut inside the headers", Arrays.copyOf(good, main + 40), "ends inside"},
                new Object[] {"an index count that lies", patch(good, main + 8, 0x7fffffff), "entries"},
                new Object[] {"a negative data size", patch(good, main + 12, -5), "bytes"},
                new Object[] {"huge tag data", patch(good, main + 12, 512 << 20), "bytes"},
                new Object[] {"an entry past the data", patch(good, main + 16 + 8, 1 << 20), "outside"},
                new Object[] {"a count past the data", patch(good, main + 16 + 12, 1 << 20), "outside"},
                new Object[] {"an unknown type", patch(good, main + 16 + 4, 77), "type"},
                new Object[] {"a traversal in the name", RpmWriter.minimal("../../etc/passwd", "1", "1", "noarch").build(), "invalid package name"},
                new Object[] {"a slash in the release", RpmWriter.minimal("a", "1", "1/../x", "noarch").build(), "invalid release"},
                new Object[] {"a slash in the arch", RpmWriter.minimal("a", "1", "1", "x/../y").build(), "invalid architecture"},
                new Object[] {"no name", new RpmWriter().string(1001, "1").string(1002, "1").build(), "no Name"},
                new Object[] {"a name that is a number", new RpmWriter().int32(1000, 7).string(1001, "1").string(1002, "1").build(), "no Name"},
                new Object[] {"unterminated string", new RpmWriter().raw(1000, RpmHeader.STRING, "abc".getBytes(), 1).build(), "unterminated"},
                new Object[] {"cut short", Arrays.copyOf(good, good.length - 3), "cut short"},
                new Object[] {"padded", Arrays.copyOf(good, good.length + 100), "padded"},
                new Object[] {"a changed summary", replace(good, "a test package", "a test packagE"), "does not match its SHA-256 digest"},
                new Object[] {"a changed MD5", flipLast(good, 10), "MD5"},
                new Object[] {"file list that disagrees", RpmWriter.minimal("a", "1", "1", "noarch").strings(1117, "x", "y")
                        .strings(1118, "/").int32(1116, 0, 5).build(), "inconsistent"});
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lies")
    void refuses(String what, byte[] rpm, String message) {
        DepotException.Invalid e = assertThrows(DepotException.Invalid.class, () -> read(rpm));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Provide
    Arbitrary<byte[]> rpms() { return Hostile.mutationsOf(sample()); }

    @Property(tries = 500)
    void mutated_rpms_are_read_or_refused(@ForAll("rpms") byte[] rpm) {
        parsesOrRefuses(() -> {
            RpmPackage p = read(rpm);
            return Repodata.build(List.of(new Repodata.Listed(p, "00".repeat(32), rpm.length, 0, "Packages/" + p.fileName())), 1);
        });
    }

    /** Where the main header starts: after the lead and the signature header, padded to 8. */
    static int mainHeaderAt(byte[] rpm) {
        ByteBuffer b = ByteBuffer.wrap(rpm);
        int n = b.getInt(96 + 8), size = b.getInt(96 + 12);
        int end = 96 + 16 + 16 * n + size;
        return end + (8 - end % 8) % 8;
    }

    /** The RPM with one byte flipped {@code back} bytes before the end of its signature header (its last digest). */
    static byte[] flipLast(byte[] rpm, int back) {
        ByteBuffer b = ByteBuffer.wrap(rpm);
        int n = b.getInt(96 + 8), size = b.getInt(96 + 12);
        byte[] copy = rpm.clone();
        copy[96 + 16 + 16 * n + size - back] ^= 1;
        return copy;
    }

    static byte[] replace(byte[] rpm, String from, String to) {
        String text = new String(rpm, java.nio.charset.StandardCharsets.ISO_8859_1);
        return text.replace(from, to).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    static byte[] patch(byte[] rpm, int at, int value) {
        byte[] copy = rpm.clone();
        ByteBuffer.wrap(copy).putInt(at, value);
        return copy;
    }
}
