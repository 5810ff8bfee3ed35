package depot.format.nuget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import depot.core.error.DepotException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NugetVersionTest {
    @ParameterizedTest
    @CsvSource({
            "1, 1.0.0", "1.0, 1.0.0", "1.01.1, 1.1.1", "1.0.0.0, 1.0.0", "1.2.3.4, 1.2.3.4", "1.0.0.0-beta, 1.0.0-beta",
            "1.0.0+build.5, 1.0.0", "1.0.0-RC.1+sha.abc, 1.0.0-RC.1", "0.0.0-0, 0.0.0-0", "2.0.00, 2.0.0"})
    void normalizes_as_nuget_does(String input, String normalized) {
        assertThat(NugetVersion.parse(input).normalized()).isEqualTo(normalized);
    }

    @Test
    void lower_full_prerelease_and_semver2() {
        NugetVersion v = NugetVersion.parse("1.0.0-RC.1+sha.abc");
        assertThat(v.lower()).isEqualTo("1.0.0-rc.1");
        assertThat(v.full()).isEqualTo("1.0.0-RC.1+sha.abc");
        assertThat(v.prerelease()).isTrue();
        assertThat(v.semVer2()).isTrue();
        assertThat(NugetVersion.parse("1.0.0-beta").semVer2()).isFalse();
        assertThat(NugetVersion.parse("1.0.0+meta").semVer2()).isTrue();
        assertThat(NugetVersion.parse("1.0.0").prerelease()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a", "1.", "1..0", "1.0.0.0.0", "1.0.0-", "1.0.0-01", "1.0.0-a..b", "1.0.0+", "v1.0",
            "1.0.0-ä", "../1.0", "1.0.0 beta"})
    void refuses_what_nuget_refuses(String input) {
        assertThatThrownBy(() -> NugetVersion.parse(input)).isInstanceOf(DepotException.Invalid.class);
        assertThat(NugetVersion.isValid(input)).isFalse();
    }

    @Test
    void orders_by_semver_precedence_with_a_fourth_number_and_case_blind_labels() {
        List<String> sorted = List.of("0.9.0", "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-BETA",
                "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.0.1", "1.0.1", "1.10.0");
        List<NugetVersion> shuffled = new ArrayList<>(sorted.stream().map(NugetVersion::parse).toList());
        Collections.shuffle(shuffled, new java.util.Random(4));
        Collections.sort(shuffled);
        assertThat(shuffled.stream().map(NugetVersion::normalized).toList()).isEqualTo(sorted);
        assertThat(NugetVersion.parse("1.0.0-Beta")).isEqualTo(NugetVersion.parse("1.0.0-beta"));
        assertThat(NugetVersion.parse("1.0.0+a")).isEqualTo(NugetVersion.parse("1.0"));
    }
}
