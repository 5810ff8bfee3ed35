package depot.format.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import depot.core.error.DepotException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MavenPathTest {
    /** path | group path | artifactId | version ("-" for none) | package name | checksum ("-" for none). */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "com/acme/lib/1.0/lib-1.0.jar                        | com/acme | lib | 1.0          | com/acme/lib | -",
        "com/acme/lib/1.0/lib-1.0.jar.sha1                   | com/acme | lib | 1.0          | com/acme/lib | .sha1",
        "com/acme/lib/maven-metadata.xml                     | com/acme | lib | -            | com/acme/lib | -",
        "com/acme/lib/maven-metadata.xml.sha512              | com/acme | lib | -            | com/acme/lib | .sha512",
        "com/acme/lib/2.0-SNAPSHOT/maven-metadata.xml        | com/acme | lib | 2.0-SNAPSHOT | com/acme/lib | -",
        "org/x/y/z/art/3/art-3-sources.jar                   | org/x/y/z | art | 3           | org/x/y/z/art | -",
    })
    void parses_coordinate_paths(String path, String group, String artifact, String version, String name, String sum) {
        MavenPath p = MavenPath.parse(path.trim());

        assertThat(p.groupPath()).isEqualTo(group);
        assertThat(p.artifactId()).isEqualTo(artifact);
        assertThat(p.version()).isEqualTo(version.equals("-") ? null : version);
        assertThat(p.packageName()).isEqualTo(name);
        assertThat(p.checksum()).isEqualTo(sum.equals("-") ? null : sum);
    }

    @ParameterizedTest
    @ValueSource(strings = {"../etc/passwd/x", "com/../lib/1.0/x.jar", "com/acme//1.0/x.jar", "lib.jar", "a/b.jar",
        "com/acme/lib/1.0/..", "com/acme/lib/1.0/a\\b", "com/acme/lib/1.0/%00"})
    void refuses_paths_that_are_not_coordinates(String path) {
        assertThatThrownBy(() -> MavenPath.parse(path)).isInstanceOf(DepotException.Invalid.class);
    }
}
