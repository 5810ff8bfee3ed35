package depot.format.npm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import depot.core.error.DepotException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;

class TarballTest {

    static byte[] tgz(String... namesAndContents) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
            for (int i = 0; i < namesAndContents.length; i += 2) {
                byte[] content = namesAndContents[i + 1].getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry e = new TarArchiveEntry(namesAndContents[i]);
                e.setSize(content.length);
                tar.putArchiveEntry(e);
                tar.write(content);
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    @Test
    void reads_package_json_from_the_top_directory_whatever_its_name() throws Exception {
        byte[] npmPack = tgz("package/index.js", "1", "package/package.json", "{\"name\":\"@a/b\",\"version\":\"1.0.0\"}");
        byte[] other = tgz("b-1.0.0/package.json", "{\"name\":\"b\",\"version\":\"2.0.0\"}");

        assertThat(Tarball.packageJson(new ByteArrayInputStream(npmPack)).get("name").asString()).isEqualTo("@a/b");
        assertThat(Tarball.packageJson(new ByteArrayInputStream(other)).get("version").asString()).isEqualTo("2.0.0");
    }

    @Test
    void refuses_what_is_not_a_gzip_tarball_with_a_package_json() throws Exception {
        byte[] good = tgz("package/package.json", "{\"name\":\"b\",\"version\":\"1.0.0\"}");
        byte[][] bad = {
                "plain text, not gzip".getBytes(StandardCharsets.UTF_8),
                Arrays.copyOf(good, good.length / 2),
                tgz("package/index.js", "1"),
                tgz("package/package.json", "{not json"),
                tgz("package/package.json", "[1]"),
                tgz("package/nested/package.json", "{}"),
        };
        for (byte[] b : bad) {
            assertThatThrownBy(() -> Tarball.packageJson(new ByteArrayInputStream(b)))
                    .isInstanceOf(DepotException.Invalid.class);
        }
    }
}
