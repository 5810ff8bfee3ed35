package depot.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class VersionOrderTest {
    private static void sortsAs(java.util.Comparator<String> order, String... ascending) {
        List<String> shuffled = new ArrayList<>(List.of(ascending));
        Collections.shuffle(shuffled, new java.util.Random(7));
        shuffled.sort(order);
        assertThat(shuffled).containsExactly(ascending);
    }

    @Test
    void numbers_compare_as_numbers_and_a_prerelease_comes_before_its_release() {
        // string order would put 10.0.0 between 1.2.0 and 2.0.0-rc.1
        sortsAs(VersionOrder.NATURAL, "0.9", "1.2.0", "1.9", "1.10", "2.0.0-rc.1", "2.0.0", "2.0.0.1", "10.0.0");
        sortsAs(VersionOrder.NATURAL, "1.0-alpha", "1.0-beta", "1.0-rc1", "1.0-rc2", "1.0", "1.0.1", "1.0.01.5");
        assertThat(VersionOrder.NATURAL.compare("007", "7")).isNotZero();   // still total: no two texts are equal
        assertThat(VersionOrder.NATURAL.compare("", "1")).isNegative();
    }

    @Test
    void versions_a_format_refuses_sort_before_those_it_parses() {
        java.util.Comparator<String> order = VersionOrder.orElseNatural(v -> !v.startsWith("x"),
                java.util.Comparator.comparing(String::length));
        sortsAs(order, "x1", "x2", "bb", "aaa");
    }
}
