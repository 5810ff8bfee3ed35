package depot.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LimitsTest {
    private static final long MIB = 1L << 20;

    @Test
    void a_formats_setting_wins_then_its_default_capped_by_the_instance_limit() {
        FormatContext.Limits limits = new FormatContext.Limits(5120 * MIB, Map.of("npm", 2 * MIB),
                Map.of("npm", 500 * MIB, "nuget", 500 * MIB, "maven", 3072 * MIB));
        FormatContext.Limits small = new FormatContext.Limits(100 * MIB, Map.of(), Map.of("nuget", 500 * MIB));

        assertThat(limits.forType("npm")).isEqualTo(2 * MIB);
        assertThat(limits.forType("nuget")).isEqualTo(500 * MIB);
        assertThat(limits.forType("maven")).isEqualTo(3072 * MIB);
        assertThat(limits.forType("generic")).isEqualTo(5120 * MIB);
        assertThat(small.forType("nuget")).isEqualTo(100 * MIB);
    }
}
