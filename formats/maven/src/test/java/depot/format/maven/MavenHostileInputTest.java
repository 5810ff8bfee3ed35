package depot.format.maven;

import static depot.core.testing.Hostile.parsesOrRefuses;

import depot.core.testing.Hostile;
import java.io.ByteArrayInputStream;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Hostile POMs, repository paths and snapshot file names: read or refused with a 4xx, nothing else. */
class MavenHostileInputTest {
    private static final String POM = """
            <?xml version="1.0" encoding="UTF-8"?>
            <project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
              <groupId>com.acme</groupId><artifactId>lib</artifactId><version>1.0</version><packaging>jar</packaging>
              <name>Lib</name><description>A library</description><url>https://example.com</url>
              <dependencies><dependency><groupId>a</groupId><artifactId>b</artifactId><version>1</version></dependency></dependencies>
            </project>""";

    @Provide
    Arbitrary<byte[]> poms() { return Hostile.mutationsOf(POM); }

    @Provide
    Arbitrary<String> names() { return Hostile.names(); }

    @Property(tries = 500)
    void poms(@ForAll("poms") byte[] pom) {
        parsesOrRefuses(() -> PomInfo.read(new ByteArrayInputStream(pom)));
    }

    @Property(tries = 500)
    void repository_paths(@ForAll("names") String name) {
        parsesOrRefuses(() -> MavenPath.parse(name));
        parsesOrRefuses(() -> MavenPath.parse("com/acme/" + name + "/1.0/" + name + "-1.0.jar"));
        parsesOrRefuses(() -> MavenPath.parse("com/" + name + "/lib/maven-metadata.xml"));
        parsesOrRefuses(() -> MavenMetadata.parseSnapshotFile("lib", "1.0-SNAPSHOT", name));
        parsesOrRefuses(() -> MavenMetadata.parseSnapshotFile("lib", "1.0-SNAPSHOT", "lib-1.0-" + name + ".jar"));
    }
}
