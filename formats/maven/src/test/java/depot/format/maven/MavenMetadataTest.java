package depot.format.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rendered maven-metadata.xml compared byte for byte with golden files in src/test/resources/golden. */
class MavenMetadataTest {
    private static final long UPDATED = Instant.parse("2026-11-26T10:10:10Z").toEpochMilli();

    private static String golden(String name) throws IOException {
        try (InputStream in = MavenMetadataTest.class.getResourceAsStream("/golden/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void artifact_level_lists_versions_in_maven_order_with_latest_and_release() throws IOException {
        // given versions in publishing order: a qualifier sorts before its release, a SNAPSHOT before its
        // release, 1.10 after 1.9 (not as strings), and the newest overall is latest
        List<String> versions = List.of("1.10.0", "1.0", "1.9.0", "1.10.0-SNAPSHOT", "1.2.0", "1.0-alpha-1", "1.0");

        String xml = MavenMetadata.artifact("com.acme", "lib", versions, UPDATED);

        assertThat(xml).isEqualTo(golden("artifact-metadata.xml"));
    }

    @Test
    void snapshot_level_names_the_newest_build_per_classifier_and_extension() throws IOException {
        // given two timestamped builds; only the newest (build 2) is listed, checksums and strangers ignored
        List<String> files = List.of("lib-2.0-20261126.101000-1.jar", "lib-2.0-20261126.101000-1.pom",
                "lib-2.0-20261126.101500-2.jar", "lib-2.0-20261126.101500-2.pom",
                "lib-2.0-20261126.101500-2-sources.jar", "lib-2.0-20261126.101500-2.jar.sha1", "other.txt");

        String xml = MavenMetadata.snapshot("com.acme", "lib", "2.0-SNAPSHOT", files, UPDATED);

        assertThat(xml).isEqualTo(golden("snapshot-metadata.xml"));
    }

    @Test
    void group_level_lists_plugins_by_prefix_for_mvn_prefix_goal() throws IOException {
        // given plugins in publishing order; the document orders them by prefix
        List<MavenMetadata.Plugin> plugins = List.of(new MavenMetadata.Plugin("maven-lint-plugin", "lint", "maven-lint-plugin"),
                new MavenMetadata.Plugin("Greeter & Co", "greet", "greeter-maven-plugin"));

        String xml = MavenMetadata.artifact("com.acme", "plugins", List.of(), UPDATED, plugins);

        assertThat(xml).isEqualTo(golden("group-metadata.xml"));
    }

    @Test
    void a_path_that_is_both_an_artifact_and_a_plugin_group_lists_both() {
        String xml = MavenMetadata.artifact("com.acme", "tools", List.of("1.0"), UPDATED,
                List.of(new MavenMetadata.Plugin("x", "x", "x-maven-plugin")));

        assertThat(xml).contains("<version>1.0</version>", "<prefix>x</prefix>");
        assertThat(xml.indexOf("</versioning>")).isLessThan(xml.indexOf("<plugins>"));
    }

    @Test
    void an_artifact_with_only_snapshots_has_no_release() {
        String xml = MavenMetadata.artifact("g", "a", List.of("1.0-SNAPSHOT"), UPDATED);

        assertThat(xml).contains("<latest>1.0-SNAPSHOT</latest>").doesNotContain("<release>");
    }
}
