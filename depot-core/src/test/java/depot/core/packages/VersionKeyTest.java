package depot.core.packages;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

class VersionKeyTest {
    private static void sortsAs(String... ascending) {
        List<String> shuffled = new ArrayList<>(List.of(ascending));
        Collections.shuffle(shuffled, new java.util.Random(11));
        shuffled.sort(Comparator.comparing(VersionKey::of));
        assertThat(shuffled).containsExactly(ascending);
    }

    @Test
    void semver_as_npm_and_cargo_order_it() {
        // semver.org §11's example, then string order's classic mistake
        sortsAs("1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0");
        sortsAs("1.2.0", "1.9.3", "1.10.0", "2.0.0-rc.1", "2.0.0", "10.0.0");
    }

    @Test
    void maven_and_pep_440_qualifiers() {
        sortsAs("1.0-alpha-1", "1.0-beta-1", "1.0-M1", "1.0-RC1", "1.0-SNAPSHOT", "1.0", "1.0-SP1", "1.0.1");
        sortsAs("1.0.dev1", "1.0a1", "1.0b2", "1.0rc1", "1.0", "1.0.post1", "1.0.1", "1.1.dev1");
        assertThat(VersionKey.of("1.0.Final")).isEqualTo(VersionKey.of("1.0"));
        assertThat(VersionKey.of("1.0.0+build.5")).isEqualTo(VersionKey.of("1.0.0"));
    }

    @Test
    void numbers_of_any_length_and_hostile_text_stay_bounded() {
        sortsAs("9", "10", "99999999999999999999", "100000000000000000000");
        assertThat(VersionKey.of("1".repeat(255))).hasSizeLessThan(40);
        assertThat(VersionKey.of("a.".repeat(127))).hasSizeLessThan(1024);
        assertThat(VersionKey.of("")).isEqualTo("2");
    }
}
