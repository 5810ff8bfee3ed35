package depot.format.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import depot.core.error.DepotException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PomInfoTest {
    private static java.io.InputStream of(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void reads_packaging_name_and_description() throws Exception {
        var info = PomInfo.read(of("""
                <project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
                  <groupId>com.acme</groupId><artifactId>lib</artifactId><version>1</version>
                  <packaging>war</packaging><name>Acme lib</name><description> Does things. </description>
                  <build><name>not this one</name></build>
                </project>"""));

        assertThat(info).containsEntry("packaging", "war").containsEntry("name", "Acme lib")
                .containsEntry("description", "Does things.");
    }

    @Test
    void packaging_defaults_to_jar() throws Exception {
        assertThat(PomInfo.read(of("<project><artifactId>x</artifactId></project>"))).containsEntry("packaging", "jar");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "this is not xml",
        "<project><unclosed></project>",
        "<notaproject/>",
        // XXE: an external entity must never be fetched or read
        "<?xml version=\"1.0\"?><!DOCTYPE p [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><project><name>&x;</name></project>",
        // entity expansion ("billion laughs")
        "<?xml version=\"1.0\"?><!DOCTYPE p [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
                + "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]><project><name>&c;</name></project>",
    })
    void refuses_what_is_not_a_safe_pom(String pom) {
        assertThatThrownBy(() -> PomInfo.read(of(pom))).isInstanceOf(DepotException.Invalid.class);
    }
}
