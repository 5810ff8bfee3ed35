package depot.format.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import depot.core.error.DepotException;
import java.nio.charset.StandardCharsets;
import depot.http.PackageFormat;
import org.junit.jupiter.api.Test;

class MavenProxyTest {
    private static final String CENTRAL_SHAPED = """
            <?xml version="1.0" encoding="UTF-8"?>
            <metadata modelVersion="1.1.0">
              <groupId>org.apache.commons</groupId>
              <artifactId>commons-lang3</artifactId>
              <versioning>
                <latest>3.14.0</latest>
                <release>3.14.0</release>
                <versions>
                  <version>3.0</version>
                  <version> 3.12.0 </version>
                  <version>3.14.0</version>
                </versions>
                <lastUpdated>20231123162209</lastUpdated>
              </versioning>
            </metadata>
            """;

    @Test
    void reads_the_versions_and_last_update_of_an_upstream_document() {
        byte[] xml = CENTRAL_SHAPED.getBytes(StandardCharsets.UTF_8);

        assertThat(MavenProxy.versions(xml)).containsExactly("3.0", "3.12.0", "3.14.0");
        assertThat(MavenProxy.lastUpdated(xml)).isEqualTo(java.time.Instant.parse("2023-11-23T16:22:09Z").toEpochMilli());
        assertThat(MavenProxy.lastUpdated("<metadata/>".getBytes(StandardCharsets.UTF_8))).isZero();
    }

    @Test
    void refuses_a_document_that_is_not_xml_or_declares_entities() {
        assertThatThrownBy(() -> MavenProxy.versions("<metadata><versioning>".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(DepotException.BadGateway.class);
        String entities = "<?xml version=\"1.0\"?><!DOCTYPE m [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<metadata><versioning><versions><version>&x;</version></versions></versioning></metadata>";
        assertThat(MavenProxy.versions(entities.getBytes(StandardCharsets.UTF_8))).doesNotContain("root:x:0:0");
    }

    @Test
    void a_cached_file_belongs_to_the_artifact_and_version_of_its_folders() {
        MavenFormat maven = new MavenFormat();
        assertThat(maven.cachedPackage("org/apache/commons/commons-text/1.12.0/commons-text-1.12.0.jar"))
                .contains(new PackageFormat.CachedPackage("org/apache/commons/commons-text", "1.12.0"));
        assertThat(maven.cachedPackage("org/apache/apache/33/apache-33.pom"))
                .contains(new PackageFormat.CachedPackage("org/apache/apache", "33"));
        assertThat(maven.cachedPackage("short/a.jar")).isEmpty();
    }
}
