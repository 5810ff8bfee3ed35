package depot.format.maven;

import static org.assertj.core.api.Assertions.assertThat;

import depot.core.model.Package;
import depot.http.FormatContext;
import depot.http.PackageDetails;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MavenDetailsTest {
    @Test
    void shows_coordinates_pom_fields_and_snippets_for_each_build_tool() {
        Package pkg = new Package(1, 7, "maven", "com/acme/lib", "com/acme/lib", "1.2.0", depot.core.model.PackageStatus.DEFAULT,
                "{\"groupId\":\"com.acme\",\"artifactId\":\"lib\",\"packaging\":\"jar\",\"name\":\"Acme lib\"}",
                null, null, 0, 0);
        FormatContext ctx = new FormatContext(null, null, null, null, "https://depot.example",
                new FormatContext.Limits(1, Map.of()), null, null, null, Map.of(), null, null);

        PackageDetails d = new MavenFormat().details(pkg, List.of(), ctx);

        assertThat(d.metadata()).contains(new PackageDetails.Row("groupId", "com.acme"),
                new PackageDetails.Row("artifactId", "lib"), new PackageDetails.Row("packaging", "jar"),
                new PackageDetails.Row("name", "Acme lib"));
        assertThat(d.snippets()).extracting(PackageDetails.Snippet::title)
                .contains("Maven dependency", "Maven settings.xml", "Gradle (Groovy)", "Gradle (Kotlin)", "sbt");
        assertThat(d.snippets().get(1).code()).contains("https://depot.example/api/v4/projects/7/packages/maven");
        assertThat(d.snippets().get(3).code()).isEqualTo("implementation 'com.acme:lib:1.2.0'");
    }
}
