package depot.format.generic;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import depot.core.error.DepotException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GenericNamesTest {
    @ParameterizedTest
    @ValueSource(strings = {"hello", "my-lib_2.x", "a+b", "A.B.C"})
    void accepts_package_names(String name) {
        assertThatCode(() -> GenericNames.name(name)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "a/b", "a\\b", "a b", "../x", "a..b", "é", "a\u0000"})
    void refuses_package_names(String name) {
        assertThatThrownBy(() -> GenericNames.name(name)).isInstanceOf(DepotException.Invalid.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.0.0", "1.0.0-rc.1", "2024.01.01", "v1", "1.0.0+build.5"})
    void accepts_versions(String version) {
        assertThatCode(() -> GenericNames.version(version)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".1", "-1", "1..0", "1/0", "1.0 "})
    void refuses_versions(String version) {
        assertThatThrownBy(() -> GenericNames.version(version)).isInstanceOf(DepotException.Invalid.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"file.txt", "app-1.0.tar.gz", "my file.bin", "~backup", "a_b+c"})
    void accepts_file_names(String file) {
        assertThatCode(() -> GenericNames.fileName(file)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "..", "../etc/passwd", "a/b", "..\\x", " lead", "trail ", "a\nb", ".."})
    void refuses_file_names(String file) {
        assertThatThrownBy(() -> GenericNames.fileName(file)).isInstanceOf(DepotException.Invalid.class);
    }
}
