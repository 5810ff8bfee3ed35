package depot.format.pypi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import depot.core.error.DepotException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DistributionTest {

    @ParameterizedTest
    @CsvSource({
            "acme_hello-1.0.0-py3-none-any.whl,               acme-hello, acme_hello,  1.0.0,      WHEEL",
            "acme_hello-1.0.0-1-cp311-cp311-linux_x86_64.whl, acme-hello, acme_hello,  1.0.0,      WHEEL",
            "acme-hello-1.0.0.tar.gz,                         acme-hello, acme-hello,  1.0.0,      SDIST_TAR",
            "acme_hello-2.0rc1.zip,                           acme-hello, acme_hello,  2.0rc1,     SDIST_ZIP",
            "pkg-2-1.0.tar.gz,                                pkg-2,      pkg-2,       1.0,        SDIST_TAR",
            "zope.interface-6.0.post1.tar.gz,                 zope.interface, zope.interface, 6.0.post1, SDIST_TAR",
    })
    void parses_wheels_and_sdists(String file, String expected, String name, String version, Distribution.Kind kind) {
        Distribution d = Distribution.parse(file, expected);

        assertThat(d.name()).isEqualTo(name);
        assertThat(d.version()).isEqualTo(version);
        assertThat(d.kind()).isEqualTo(kind);
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x-1.0.tar.gz", "a/b-1.0.tar.gz", "x-1.0.exe", "x.whl", "x-1.0.tar", "..-1.0.zip",
            "x-1.0-py3-none-any.whl\\..", "", "-1.0.tar.gz"})
    void refuses_other_names(String file) {
        assertThatThrownBy(() -> Distribution.parse(file)).isInstanceOf(DepotException.Invalid.class);
    }

    @ParameterizedTest
    @CsvSource({"Acme_Hello, acme-hello", "zope.interface, zope-interface", "a--b__c..d, a-b-c-d", "ABC, abc"})
    void normalizes_names_per_pep_503(String name, String normalized) {
        assertThat(Distribution.normalize(name)).isEqualTo(normalized);
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", "../etc", "a/b", "-x", "x-", "", "white space", "%2e%2e"})
    void refuses_invalid_project_names(String name) {
        assertThatThrownBy(() -> Distribution.requireValidName(name)).isInstanceOf(DepotException.Invalid.class);
    }
}
