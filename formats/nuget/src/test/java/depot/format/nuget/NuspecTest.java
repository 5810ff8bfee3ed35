package depot.format.nuget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import depot.core.error.DepotException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class NuspecTest {
    static final String FULL = """
            \uFEFF<?xml version="1.0" encoding="utf-8"?>
            <package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd">
              <metadata minClientVersion="3.3">
                <id>Acme.Hello</id>
                <version>1.0.0-RC.1+sha.5</version>
                <title>Acme Hello</title>
                <authors>Ann, Bob</authors>
                <description>  Says hello.  </description>
                <tags>hello greeting</tags>
                <projectUrl>https://example.com/hello</projectUrl>
                <license type="expression">MIT OR Apache-2.0</license>
                <repository type="git" url="https://example.com/hello.git" />
                <requireLicenseAcceptance>true</requireLicenseAcceptance>
                <packageTypes><packageType name="Dependency" /></packageTypes>
                <dependencies>
                  <dependency id="Loose.Dep" version="1.0" />
                  <group targetFramework="net6.0">
                    <dependency id="Acme.Base" version="[2.0.0, 3.0.0)" exclude="Build" />
                    <dependency id="No.Range" />
                  </group>
                  <group targetFramework="netstandard2.0" />
                </dependencies>
              </metadata>
              <files><file src="x" target="lib" /></files>
            </package>
            """;

    @Test
    void reads_the_fields_license_repository_and_dependency_groups() {
        Nuspec n = Nuspec.parse(FULL.getBytes(StandardCharsets.UTF_8));
        assertThat(n.id()).isEqualTo("Acme.Hello");
        assertThat(n.version()).isEqualTo("1.0.0-RC.1+sha.5");
        assertThat(n.field("description")).isEqualTo("Says hello.");
        assertThat(n.field("authors")).isEqualTo("Ann, Bob");
        assertThat(n.field("requireLicenseAcceptance")).isEqualTo("true");
        assertThat(n.license()).isEqualTo("MIT OR Apache-2.0");
        assertThat(n.licenseType()).isEqualTo("expression");
        assertThat(n.repositoryUrl()).isEqualTo("https://example.com/hello.git");
        assertThat(n.packageTypes()).containsExactly("Dependency");
        assertThat(n.groups()).containsExactly(
                new Nuspec.DependencyGroup(null, List.of(new Nuspec.Dependency("Loose.Dep", "1.0"))),
                new Nuspec.DependencyGroup("net6.0", List.of(new Nuspec.Dependency("Acme.Base", "[2.0.0, 3.0.0)"),
                        new Nuspec.Dependency("No.Range", null))),
                new Nuspec.DependencyGroup("netstandard2.0", List.of()));
    }

    @Test
    void refuses_doctypes_missing_parts_and_bad_ids() {
        String doctype = "<?xml version=\"1.0\"?><!DOCTYPE package [<!ENTITY x \"y\">]><package><metadata>"
                + "<id>A</id><version>1.0.0</version></metadata></package>";
        assertThatThrownBy(() -> Nuspec.parse(doctype.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(DepotException.Invalid.class).hasMessageContaining("DOCTYPE");
        assertThatThrownBy(() -> Nuspec.parse("<project/>".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("<package>");
        assertThatThrownBy(() -> Nuspec.parse("<package/>".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("<metadata>");
        assertThatThrownBy(() -> Nuspec.parse("<package><metadata><id>A</id></metadata></package>"
                .getBytes(StandardCharsets.UTF_8))).hasMessageContaining("<version>");
        for (String id : List.of("a/b", "..", ".hidden", "a..b", "x".repeat(101), "spaced id")) {
            assertThatThrownBy(() -> Nuspec.parse(("<package><metadata><id>" + id + "</id><version>1.0</version>"
                    + "</metadata></package>").getBytes(StandardCharsets.UTF_8))).as(id)
                    .hasMessageContaining("invalid package id");
        }
        assertThatThrownBy(() -> Nuspec.parse(new byte[Nuspec.MAX_BYTES + 1])).hasMessageContaining("1 MiB");
    }
}
