package depot.format.rpm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RpmVersionsTest {
    /** Cases of rpm's own test suite for rpmvercmp (tests/rpmvercmp.at): a, b, expected sign. */
    private static final Object[][] CASES = {
        {"1.0", "1.0", 0}, {"1.0", "2.0", -1}, {"2.0.1", "2.0", 1}, {"2.0.1a", "2.0.1", 1}, {"5.5p1", "5.5p2", -1},
        {"5.5p10", "5.5p2", 1}, {"10xyz", "10.1xyz", -1}, {"xyz10", "xyz10.1", -1}, {"a", "1", -1}, {"1", "a", 1},
        {"2.0", "2_0", 0}, {"2.0a", "2.0", 1}, {"1.0~rc1", "1.0", -1}, {"1.0~rc1", "1.0~rc2", -1},
        {"1.0~rc1~git123", "1.0~rc1", -1}, {"1.0^", "1.0", 1}, {"1.0^git1", "1.0", 1}, {"1.0^git1", "1.01", -1},
        {"1.0^20160101", "1.0.1", -1}, {"1.0~rc1^git1", "1.0~rc1", 1}, {"1.0^git1~pre", "1.0^git1", -1},
        {"20101121", "20101122", -1}, {"2.0", "2.0.0", -1},
    };

    @Test
    void rpms_own_cases() {
        for (Object[] c : CASES) {
            assertThat(Integer.signum(RpmVersions.vercmp((String) c[0], (String) c[1])))
                    .as(c[0] + " vs " + c[1]).isEqualTo(c[2]);
        }
    }

    @Test
    void epoch_then_version_then_release() {
        assertThat(RpmVersions.compare("1:1.0-1", "2.0-1")).isPositive();
        assertThat(RpmVersions.compare("1.0-10", "1.0-9")).isPositive();
        assertThat(RpmVersions.compare("1.10-1", "1.9-5")).isPositive();
    }
}
