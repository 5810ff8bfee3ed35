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
    void reads_the_direct_dependencies_with_their_scopes() throws Exception {
        var info = PomInfo.read(of("""
                <project><artifactId>app</artifactId>
                  <dependencies>
                    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-api</artifactId><version>2.0.17</version></dependency>
                    <dependency><groupId>org.junit.jupiter</groupId><artifactId>junit-jupiter</artifactId>
                      <version>[5.0,6.0)</version><scope>test</scope><optional>true</optional></dependency>
                  </dependencies>
                  <dependencyManagement><dependencies><dependency><groupId>not</groupId><artifactId>this</artifactId>
                  </dependency></dependencies></dependencyManagement>
                </project>"""));

        assertThat(info.get("dependencies")).isEqualTo(java.util.List.of(
                java.util.Map.of("name", "org.slf4j:slf4j-api", "version", "2.0.17", "scope", "compile"),
                java.util.Map.of("name", "org.junit.jupiter:junit-jupiter", "version", "[5.0,6.0)",
                        "scope", "test, optional")));
    }

    @Test
    void a_pom_of_many_dependencies_keeps_the_first_500() throws Exception {
        StringBuilder pom = new StringBuilder("<project><artifactId>big</artifactId><dependencies>");
        for (int i = 0; i < 2_000; i++) {
            pom.append("<dependency><groupId>g</groupId><artifactId>a").append(i).append("</artifactId></dependency>");
        }
        var info = PomInfo.read(of(pom.append("</dependencies></project>").toString()));
        assertThat((java.util.List<?>) info.get("dependencies")).hasSize(PomInfo.MAX_DEPENDENCIES);
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
