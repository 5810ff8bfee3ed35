package depot.format.pypi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class Pep440Test {
    @Test
    void the_specifications_own_example_in_order() {
        // PEP 440, "Summary of permitted suffixes and relative ordering"
        List<String> ascending = List.of("1.dev0", "1.0.dev456", "1.0a1", "1.0a2.dev456", "1.0a12.dev456", "1.0a12",
                "1.0b1.dev456", "1.0b2", "1.0b2.post345.dev456", "1.0b2.post345", "1.0rc1.dev456", "1.0rc1", "1.0",
                "1.0+abc.5", "1.0+abc.7", "1.0+5", "1.0.post456.dev34", "1.0.post456", "1.0.15", "1.1.dev1");
        List<String> shuffled = new ArrayList<>(ascending);
        Collections.shuffle(shuffled, new java.util.Random(3));
        shuffled.sort(Pep440.ORDER);
        assertThat(shuffled).containsExactlyElementsOf(ascending);
    }

    @Test
    void spellings_normalise_and_unparseable_versions_go_first() {
        assertThat(Pep440.ORDER.compare("1.0", "1.0.0")).isZero();
        assertThat(Pep440.ORDER.compare("1.0ALPHA1", "1.0a1")).isZero();
        assertThat(Pep440.ORDER.compare("1.0-1", "1.0.post1")).isZero();
        assertThat(Pep440.ORDER.compare("v2!0.1", "10.0")).isPositive();   // an epoch outranks the release
        assertThat(Pep440.ORDER.compare("10.0.0", "9.99")).isPositive();
        assertThat(Pep440.ORDER.compare("not a version", "0.0.1")).isNegative();
    }
}
