package depot.format.conan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import depot.core.error.DepotException;
import depot.core.testing.Hostile;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConanFilesTest {
    @Test
    void manifests_list_their_files_and_refuse_other_shapes() {
        assertThat(ConanFiles.manifest("1795762468\nconanfile.py: 59cb21a9b4dd4b5bdffd1d65f6ac012f\n"
                + "export_source/include/hdr.h: 095296d9bae4e11464eea13ec7d5253c\n"))
                .containsOnlyKeys("conanfile.py", "export_source/include/hdr.h");
        assertThatThrownBy(() -> ConanFiles.manifest("conanfile.py: 59cb21a9b4dd4b5bdffd1d65f6ac012f\n"))
                .isInstanceOf(DepotException.Invalid.class).hasMessageContaining("timestamp");
        assertThatThrownBy(() -> ConanFiles.manifest("1\nconanfile.py 59cb\n")).hasMessageContaining("line 2");
        assertThatThrownBy(() -> ConanFiles.manifest("1\n../../etc/passwd: 59cb21a9b4dd4b5bdffd1d65f6ac012f\n"))
                .hasMessageContaining("outside");
    }

    @Test
    void conaninfo_sections_become_maps_or_lists() {
        Map<String, Object> info = ConanFiles.conaninfo("[settings]\n    arch=x86_64\n    os=Linux\n[options]\nshared=False\n"
                + "[requires]\nhdr/1.0.Z\n[conf]\n");
        assertThat(info.get("settings")).isEqualTo(Map.of("arch", "x86_64", "os", "Linux"));
        assertThat(info.get("options")).isEqualTo(Map.of("shared", "False"));
        assertThat(info.get("requires")).isEqualTo(List.of("hdr/1.0.Z"));
        assertThat(info.get("conf")).isEqualTo(List.of());
        assertThat(ConanFiles.conaninfo("")).isEmpty();
        assertThatThrownBy(() -> ConanFiles.conaninfo("arch=x86_64\n")).hasMessageContaining("outside a [section]");
        // found by the hostile uploads through the server: a 60,000-character key was stored as a JSON name that the
        // recipe's later reads could not parse (a 500 on every upload to that recipe)
        assertThatThrownBy(() -> ConanFiles.conaninfo("[options]\n" + "k".repeat(60_000) + "=1\n"))
                .hasMessageContaining("longer than 4096");
    }

    @Test
    void recipe_attributes_are_read_from_literals_without_running_anything() {
        Map<String, String> a = ConanFiles.recipeAttributes("class Hdr(ConanFile):\n    name = \"hdr\"\n"
                + "    description = \"A header-only test library\"\n    license = 'MIT'\n"
                + "    topics = (\"test\", \"header-only\")\n    url = compute()\n");
        assertThat(a).containsEntry("description", "A header-only test library").containsEntry("license", "MIT")
                .containsEntry("topics", "test, header-only").doesNotContainKey("url");
    }

    @Test
    void archives_must_be_gzip_tar_inside_their_folder() throws Exception {
        byte[] good = Hostile.tgz(Map.of("include/hdr.h", "#define HDR 1\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(ConanFiles.checkArchive(new ByteArrayInputStream(good), good.length, "conan_package.tgz")).isEqualTo(1);
        byte[] traversal = Hostile.tgz(Map.of("../../escape.h", new byte[1]));
        assertThatThrownBy(() -> ConanFiles.checkArchive(new ByteArrayInputStream(traversal), traversal.length, "x.tgz"))
                .hasMessageContaining("outside the package");
        byte[] absolute = absoluteEntry("/etc/passwd");
        assertThatThrownBy(() -> ConanFiles.checkArchive(new ByteArrayInputStream(absolute), absolute.length, "x.tgz"))
                .hasMessageContaining("absolute");
        byte[] plain = "not gzip".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ConanFiles.checkArchive(new ByteArrayInputStream(plain), plain.length, "x.tgz"))
                .hasMessageContaining("not gzip");
        byte[] cut = java.util.Arrays.copyOf(good, good.length / 2);
        assertThatThrownBy(() -> ConanFiles.checkArchive(new ByteArrayInputStream(cut), cut.length, "x.tgz"))
                .isInstanceOf(DepotException.Invalid.class);
    }

    @Test
    void references_follow_conans_grammar() {
        assertThat(ConanRef.of("hdr", "1.0", "_", "_").toString()).isEqualTo("hdr/1.0");
        assertThat(ConanRef.of("tool", "2.1", "acme+cpp", "stable").toString()).isEqualTo("tool/2.1@acme+cpp/stable");
        assertThatThrownBy(() -> ConanRef.of("..", "1.0", "_", "_")).hasMessageContaining("recipe name");
        assertThatThrownBy(() -> ConanRef.of("hdr", "1.0", "acme", "_")).hasMessageContaining("both");
        assertThatThrownBy(() -> ConanRef.recipeFile("../conanfile.py")).hasMessageContaining("holds no file");
        assertThatThrownBy(() -> ConanRef.revision("abc/../x", "recipe revision")).hasMessageContaining("recipe revision");
    }

    @Test
    void search_patterns_are_globs_with_everything_else_literal() {
        assertThat(ConanSearch.glob("hdr*", true).matcher("HDR/1.0").matches()).isTrue();
        assertThat(ConanSearch.glob("hdr*", false).matcher("HDR/1.0").matches()).isFalse();
        assertThat(ConanSearch.glob("t?ol/2.1@acme+cpp/stable", true).matcher("tool/2.1@acme+cpp/stable").matches()).isTrue();
        assertThat(ConanSearch.glob("a.c", true).matcher("abc").matches()).isFalse();
    }

    /** Hostile.tgz, like most writers, strips a leading slash; this keeps it, as a hostile client would. */
    private static byte[] absoluteEntry(String name) throws java.io.IOException {
        var bytes = new java.io.ByteArrayOutputStream();
        try (var tar = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(
                new java.util.zip.GZIPOutputStream(bytes))) {
            var entry = new org.apache.commons.compress.archivers.tar.TarArchiveEntry(name, true);
            entry.setSize(1);
            tar.putArchiveEntry(entry);
            tar.write(new byte[1]);
            tar.closeArchiveEntry();
        }
        return bytes.toByteArray();
    }
}
