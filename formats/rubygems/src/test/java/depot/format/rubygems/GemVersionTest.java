package depot.format.rubygems;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Gem::Version's order and rules, with the examples of its documentation. */
class GemVersionTest {
    @Test
    void orders_as_gem_version_does() {
        List<String> sorted = new ArrayList<>(List.of("1.0", "1.0.a", "1.0.b1", "0.9", "1.0.0.1", "1.0.a.2", "2", "1.10",
                "1.9", "1.0-1"));
        sorted.sort(GemVersion.ORDER);
        // ruby -e 'p %w[1.0 1.0.a 1.0.b1 0.9 1.0.0.1 1.0.a.2 2 1.10 1.9 1.0-1].sort_by { Gem::Version.new(_1) }'
        assertThat(sorted).containsExactly("0.9", "1.0.a", "1.0.a.2", "1.0.b1", "1.0-1", "1.0", "1.0.0.1", "1.9", "1.10", "2");
        assertThat(GemVersion.compare("1.0", "1.0.0")).isZero();
    }

    @Test
    void knows_versions_and_prereleases() {
        assertThat(GemVersion.isValid("1.2.3")).isTrue();
        assertThat(GemVersion.isValid("1.0.0-beta.2")).isTrue();
        assertThat(GemVersion.isValid("1.0 beta")).isFalse();
        assertThat(GemVersion.isValid("../1")).isFalse();
        assertThat(GemVersion.isPrerelease("2.0.0.rc1")).isTrue();
        assertThat(GemVersion.isPrerelease("2.0.0")).isFalse();
    }
}
