package depot.format.pypi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import depot.core.error.DepotException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;
import org.junit.jupiter.api.Test;

class CoreMetadataTest {
    static final String METADATA = "Metadata-Version: 2.1\nName: acme-hello\nVersion: 1.0.0\n"
            + "Summary: says\n  hello\nRequires-Python: >=3.8\n\nLong description: not a header\n";

    static byte[] zip(String name, byte[] content) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("acme_hello/__init__.py"));
            zip.write("x = 1\n".getBytes(StandardCharsets.UTF_8));
            zip.putNextEntry(new ZipEntry(name));
            zip.write(content);
        }
        return bytes.toByteArray();
    }

    static byte[] tgz(String name, String content) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
            byte[] b = content.getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry e = new TarArchiveEntry(name);
            e.setSize(b.length);
            tar.putArchiveEntry(e);
            tar.write(b);
            tar.closeArchiveEntry();
        }
        return bytes.toByteArray();
    }

    @Test
    void reads_a_wheels_metadata_headers_with_continuation_lines() throws Exception {
        byte[] wheel = zip("acme_hello-1.0.0.dist-info/METADATA", METADATA.getBytes(StandardCharsets.UTF_8));

        CoreMetadata m = CoreMetadata.fromWheel(new SeekableInMemoryByteChannel(wheel));

        assertThat(m.first("Name")).isEqualTo("acme-hello");
        assertThat(m.first("version")).isEqualTo("1.0.0");
        assertThat(m.first("Summary")).isEqualTo("says\nhello");
        assertThat(m.first("Requires-Python")).isEqualTo(">=3.8");
        assertThat(m.headers()).doesNotContainKey("long description");
        assertThat(new String(m.raw(), StandardCharsets.UTF_8)).isEqualTo(METADATA);
    }

    @Test
    void reads_an_sdists_pkg_info() throws Exception {
        CoreMetadata m = CoreMetadata.fromTarGz(new ByteArrayInputStream(tgz("acme-hello-1.0.0/PKG-INFO", METADATA)));

        assertThat(m.first("Name")).isEqualTo("acme-hello");
    }

    @Test
    void a_zip_bomb_is_refused_without_inflating_it() throws Exception {
        byte[] bomb = zip("acme_hello-1.0.0.dist-info/METADATA", new byte[64 << 20]);   // 64 MiB of zeros, ~64 KiB

        assertThat(bomb.length).isLessThan(1 << 20);
        assertThatThrownBy(() -> CoreMetadata.fromWheel(new SeekableInMemoryByteChannel(bomb)))
                .isInstanceOf(DepotException.Invalid.class).hasMessageContaining("too large");
    }

    @Test
    void refuses_archives_that_are_not_or_lack_metadata() throws Exception {
        byte[][] wheels = {"not a zip".getBytes(StandardCharsets.UTF_8),
                zip("acme_hello/METADATA", METADATA.getBytes(StandardCharsets.UTF_8)),
                zip("x.dist-info/METADATA", "no headers here".getBytes(StandardCharsets.UTF_8))};
        for (byte[] w : wheels) {
            assertThatThrownBy(() -> CoreMetadata.fromWheel(new SeekableInMemoryByteChannel(w)))
                    .isInstanceOf(DepotException.Invalid.class);
        }
        assertThatThrownBy(() -> CoreMetadata.fromTarGz(new ByteArrayInputStream(tgz("a/setup.py", "x"))))
                .isInstanceOf(DepotException.Invalid.class);
        assertThatThrownBy(() -> CoreMetadata.fromTarGz(new ByteArrayInputStream("plain".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(DepotException.Invalid.class);
    }
}
