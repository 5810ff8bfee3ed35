package depot.format.debian;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class DebianVersionsTest {
    private static final List<String> ASCENDING = List.of("1.0~~", "1.0~~a", "1.0~", "1.0", "1.0-1", "1.0-2", "1.0-10", "1.0a", "1.0+b1",
            "1.0.1", "1.9", "1.10~rc1", "1.10", "2.0", "1:0.9", "2:0.1");

    @Test
    void debian_policys_examples_in_order() {
        // Debian Policy 5.6.12: ~~ < ~~a < ~ < (nothing) < a; numbers as numbers; the epoch first
        List<String> shuffled = new ArrayList<>(ASCENDING);
        Collections.shuffle(shuffled, new java.util.Random(5));
        shuffled.sort(DebianVersions.ORDER);
        assertThat(shuffled).containsExactlyElementsOf(ASCENDING);
        assertThat(DebianVersions.compare("1.0-01", "1.0-1")).isZero();
    }

    @Test
    void dpkg_agrees_where_it_is_installed() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(new java.io.File("/usr/bin/dpkg").canExecute(), "dpkg is not installed");
        for (int i = 0; i + 1 < ASCENDING.size(); i++) {
            Process p = new ProcessBuilder("dpkg", "--compare-versions", ASCENDING.get(i), "lt", ASCENDING.get(i + 1))
                    .inheritIO().start();
            assertThat(p.waitFor()).as(ASCENDING.get(i) + " < " + ASCENDING.get(i + 1)).isZero();
        }
    }
}
