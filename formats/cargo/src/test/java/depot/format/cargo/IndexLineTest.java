package depot.format.cargo;

import static depot.core.testing.Hostile.parsesOrRefuses;
import static org.assertj.core.api.Assertions.assertThat;

import depot.core.testing.Golden;
import depot.core.testing.Hostile;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Index lines from publish metadata as cargo 1.95 sends it (the metadata below is what it sent for the depot-it
 * crates: a renamed optional dependency, {@code dep:} and {@code ?/} features, a target dependency, rust-version),
 * against golden lines written by the index format's rules; hostile metadata and .crate files refused cleanly.
 */
class IndexLineTest {
    static final String PUBLISH = """
            {"name":"depot-app-lib","vers":"0.2.0","deps":[
              {"optional":true,"default_features":true,"name":"depot-base","features":[],"version_req":"^0.1",
               "target":null,"kind":"normal","explicit_name_in_toml":"base"},
              {"optional":false,"default_features":false,"name":"winapi","features":["std"],"version_req":"^0.3",
               "target":"cfg(windows)","kind":"normal","registry":"https://example.com/other-index"},
              {"optional":false,"default_features":true,"name":"helper","features":[],"version_req":"=1.2.3",
               "target":null,"kind":"dev"}],
             "features":{"default":["fancy"],"fancy":["dep:base","base?/extra"],"plain":["winapi/std"]},
             "authors":[],"description":"Depends on the base","documentation":null,"homepage":null,"readme":null,
             "readme_file":null,"keywords":[],"categories":[],"license":"MIT","license_file":null,"repository":null,
             "badges":{},"links":null,"rust_version":"1.60"}
            """;

    @Test
    void a_publish_becomes_the_index_line_cargo_reads() throws IOException {
        JsonNode publish = IndexLine.JSON.readTree(PUBLISH);
        String line = IndexLine.render(IndexLine.of(publish, "0".repeat(63) + "1"), false);
        Golden.same(getClass(), "depot-app-lib.line.json", line + "\n");
        assertThat(IndexLine.render(IndexLine.JSON.readTree(line), true)).contains("\"yanked\":true");
    }

    @Test
    void a_crate_without_extended_features_stays_at_schema_1() {
        JsonNode publish = IndexLine.JSON.readTree("{\"name\":\"a\",\"vers\":\"1.0.0\",\"deps\":[],\"features\":{\"x\":[]},\"links\":\"z\"}");
        assertThat(IndexLine.render(IndexLine.of(publish, "ab"), false)).isEqualTo(
                "{\"name\":\"a\",\"vers\":\"1.0.0\",\"deps\":[],\"cksum\":\"ab\",\"features\":{\"x\":[]},\"yanked\":false,"
                        + "\"links\":\"z\",\"v\":1}");
    }

    @Test
    void index_paths_are_the_standard_ones() {
        assertThat(CrateName.indexPath("a")).isEqualTo("1/a");
        assertThat(CrateName.indexPath("ab")).isEqualTo("2/ab");
        assertThat(CrateName.indexPath("abc")).isEqualTo("3/a/abc");
        assertThat(CrateName.indexPath("Cargo")).isEqualTo("ca/rg/cargo");
        assertThat(CrateName.normalize("My-Crate")).isEqualTo(CrateName.normalize("my_crate"));
    }

    @Provide
    Arbitrary<byte[]> metadata() { return Hostile.mutationsOf(PUBLISH); }

    @Property(tries = 300)
    void mutated_metadata_gives_a_line_or_a_refusal(@ForAll("metadata") byte[] json) throws IOException {
        byte[] body = body(json, tgz(Map.of("x-1.0.0/Cargo.toml", new byte[0])));
        parsesOrRefuses(() -> IndexLine.of(PublishBody.metadata(new ByteArrayInputStream(body)), "00"));
    }

    @Test
    void hostile_crates_are_refused_cleanly() throws IOException {
        byte[] manifest = "[package]\nname = \"x\"\nversion = \"1.0.0\"\n".getBytes(StandardCharsets.UTF_8);
        for (Map<String, byte[]> entries : Hostile.hostileArchives(Map.of("x-1.0.0/Cargo.toml", manifest), "x-1.0.0/Cargo.toml")) {
            parsesOrRefuses(() -> {
                CrateFile.check(new ByteArrayInputStream(tgz(entries)), "x", "1.0.0");
                return true;
            });
        }
        parsesOrRefuses(() -> {
            CrateFile.check(new ByteArrayInputStream(tgz(Map.of("x-1.0.0/Cargo.toml",
                    ("a = " + "[".repeat(5000)).getBytes(StandardCharsets.UTF_8)))), "x", "1.0.0");
            return true;
        });
    }

    static byte[] body(byte[] json, byte[] crate) {
        ByteBuffer b = ByteBuffer.allocate(8 + json.length + crate.length).order(ByteOrder.LITTLE_ENDIAN);
        return b.putInt(json.length).put(json).putInt(crate.length).put(crate).array();
    }

    static byte[] tgz(Map<String, byte[]> files) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(out))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Map.Entry<String, byte[]> f : new LinkedHashMap<>(files).entrySet()) {
                TarArchiveEntry e = new TarArchiveEntry(f.getKey());
                e.setSize(f.getValue().length);
                tar.putArchiveEntry(e);
                tar.write(f.getValue());
                tar.closeArchiveEntry();
            }
        }
        return out.toByteArray();
    }
}
