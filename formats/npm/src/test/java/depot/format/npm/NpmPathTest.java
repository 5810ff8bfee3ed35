package depot.format.npm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import depot.core.error.DepotException;
import depot.http.PackageFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NpmPathTest {

    @ParameterizedTest
    @CsvSource(nullValues = "-", value = {
            "@acme%2fhello,                                   @acme/hello, -,                  -",
            "@acme%2Fhello,                                   @acme/hello, -,                  -",
            "@acme/hello,                                     @acme/hello, -,                  -",
            "left-pad,                                        left-pad,    -,                  -",
            "@acme/hello/-/@acme/hello-1.0.0.tgz,             @acme/hello, hello-1.0.0.tgz,    -",
            "@acme/hello/-/hello-1.0.0.tgz,                   @acme/hello, hello-1.0.0.tgz,    -",
            "left-pad/-/left-pad-1.3.0.tgz,                   left-pad,    left-pad-1.3.0.tgz, -",
            "@acme%2fhello/-rev/1-abc,                        @acme/hello, -,                  1-abc",
            // npm unpublish repeats the registry's path before the tarball's
            "api/v4/projects/1/packages/npm/@acme/hello/-/@acme/hello-1.1.0.tgz/-rev/1-x, @acme/hello, hello-1.1.0.tgz, 1-x",
            "api/v4/groups/acme/-/packages/npm/pad/-/pad-1.0.0.tgz, pad, pad-1.0.0.tgz, -",
    })
    void parses(String raw, String name, String tarball, String rev) {
        NpmPath path = NpmPath.parse(raw);

        assertThat(path.name().full()).isEqualTo(name);
        assertThat(path.tarball()).isEqualTo(tarball);
        assertThat(path.rev()).isEqualTo(rev);
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", "../etc/passwd", "@acme/..", "@../x", "@acme/hello/-/..%2f..%2fx.tgz",
            "@acme/hello/-/x.tar", "a/b", "Upper", ".hidden", "_under", "@acme", "", "with space", "percent%41",
            "@acme/hello/-/..\\\\x.tgz", "node_modules"})
    void refuses(String raw) {
        assertThatThrownBy(() -> NpmPath.parse(raw)).isInstanceOf(DepotException.Invalid.class);
    }

    @ParameterizedTest
    @CsvSource({"@acme/hello, hello-1.2.3-beta.1.tgz, 1.2.3-beta.1", "left-pad, left-pad-1.3.0.tgz, 1.3.0"})
    void reads_the_version_of_a_tarball(String name, String file, String version) {
        assertThat(NpmPath.parse(name + "/-/" + file).tarballVersion()).isEqualTo(version);
    }

    @Test
    void a_cached_tarball_belongs_to_its_package_and_the_version_its_name_gives() {
        assertThat(NpmProxy.cachedPackage("chalk/-/chalk-4.1.2.tgz"))
                .contains(new PackageFormat.CachedPackage("chalk", "4.1.2"));
        assertThat(NpmProxy.cachedPackage("@tootallnate%2fonce/-/once-2.0.0.tgz"))
                .contains(new PackageFormat.CachedPackage("@tootallnate/once", "2.0.0"));
        assertThat(NpmProxy.cachedPackage("left-pad/-/left-pad-1.3.0-beta.1.tgz"))
                .contains(new PackageFormat.CachedPackage("left-pad", "1.3.0-beta.1"));
        assertThat(NpmProxy.cachedPackage("chalk/-/other-1.0.0.tgz")).isEmpty();
        assertThat(NpmProxy.cachedPackage("chalk/chalk-4.1.2.tgz")).isEmpty();
        assertThat(NpmProxy.cachedPackage("Not Valid/-/x-1.tgz")).isEmpty();
    }
}
