package depot.format.rubygems;

import static depot.core.testing.Hostile.parsesOrRefuses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import depot.core.error.DepotException;
import depot.core.testing.Hostile;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
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

/** The .gem reader and the gemspec YAML against hostile input: a clear refusal or a result, never a crash or a hang. */
class GemHostileInputTest {
    static final String SPEC = """
            --- !ruby/object:Gem::Specification
            name: hostile
            version: !ruby/object:Gem::Version
              version: 1.0.0
            platform: ruby
            authors:
            - A
            dependencies:
            - !ruby/object:Gem::Dependency
              name: other
              requirement: &1 !ruby/object:Gem::Requirement
                requirements:
                - - "~>"
                  - !ruby/object:Gem::Version
                    version: '1.2'
              type: :runtime
              prerelease: false
              version_requirements: *1
            summary: s
            """;

    @Provide
    Arbitrary<byte[]> specs() { return Hostile.mutationsOf(SPEC); }

    @Property(tries = 400)
    void mutated_gemspecs_parse_or_are_refused(@ForAll("specs") byte[] yaml) {
        parsesOrRefuses(() -> GemSpec.parse(new String(yaml, StandardCharsets.UTF_8)));
    }

    @Property(tries = 200)
    void mutated_gems_read_or_are_refused(@ForAll("specs") byte[] yaml) {
        parsesOrRefuses(() -> GemFile.read(new ByteArrayInputStream(gem(gzip(yaml)))));
    }

    @Test
    void the_seed_reads_with_its_dependency_through_the_alias() {
        GemSpec spec = GemSpec.parse(SPEC);
        assertThat(spec.fileName()).isEqualTo("hostile-1.0.0.gem");
        assertThat(spec.dependencies()).containsExactly(new GemSpec.Dep("other", java.util.List.of(new GemSpec.Req("~>", "1.2")), true));
    }

    @Test
    void ten_thousand_brackets_are_refused_not_a_stack_overflow() {
        String deep = "a: " + "[".repeat(10_000) + "]".repeat(10_000) + "\n";
        assertThatThrownBy(() -> GemSpec.parse(deep)).isInstanceOf(DepotException.Invalid.class).hasMessageContaining("nests too deeply");
    }

    @Test
    void archives_with_traversal_bombs_and_deep_names_read_or_are_refused() throws IOException {
        for (Map<String, byte[]> entries : Hostile.hostileArchives(Map.of("metadata.gz", gzip(SPEC.getBytes(StandardCharsets.UTF_8))),
                "metadata.gz")) {
            Map<String, byte[]> withData = new LinkedHashMap<>(entries);
            withData.put("data.tar.gz", gzip(new byte[] {1}));
            parsesOrRefuses(() -> GemFile.read(new ByteArrayInputStream(tar(withData))));
        }
        assertThatThrownBy(() -> GemFile.read(new ByteArrayInputStream(tar(Map.of("f0", new byte[0])))))
                .hasMessageContaining("unexpected entry f0");
        java.io.ByteArrayOutputStream many = new java.io.ByteArrayOutputStream();
        try (TarArchiveOutputStream t = new TarArchiveOutputStream(many)) {
            for (int i = 0; i < 100; i++) {
                TarArchiveEntry entry = new TarArchiveEntry("data.tar.gz.sig");
                entry.setSize(0);
                t.putArchiveEntry(entry);
                t.closeArchiveEntry();
            }
        }
        assertThatThrownBy(() -> GemFile.read(new ByteArrayInputStream(many.toByteArray())))
                .hasMessageContaining("more than 16 entries");
    }

    static byte[] gem(byte[] metadataGz) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("metadata.gz", metadataGz);
        entries.put("data.tar.gz", gzip(new byte[] {1}));
        return tar(entries);
    }

    static byte[] tar(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry(e.getKey());
                entry.setSize(e.getValue().length);
                tar.putArchiveEntry(entry);
                tar.write(e.getValue());
                tar.closeArchiveEntry();
            }
        }
        return out.toByteArray();
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }
}
