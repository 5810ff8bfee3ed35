package depot.core.packages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import depot.core.error.DepotException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class UserPatternTest {
    @Test
    void a_backtracking_bomb_matches_in_linear_time() {
        UserPattern bomb = UserPattern.compile("^(.*a){10}X", "pattern");
        String input = "a".repeat(5_000);

        // java.util.regex takes minutes on 60 characters of this; RE2 answers at once
        boolean found = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> bomb.find(input));

        assertThat(found).isFalse();
        assertThat(bomb.find("a".repeat(10) + "X")).isTrue();
    }

    @Test
    void find_matches_anywhere_and_matches_whole_needs_all() {
        UserPattern p = UserPattern.compile("-SNAPSHOT$", "pattern");
        assertThat(p.find("1.0-SNAPSHOT")).isTrue();
        assertThat(p.matchesWhole("1.0-SNAPSHOT")).isFalse();
        assertThat(UserPattern.compile("v\\d+", "p").matchesWhole("v12")).isTrue();
    }

    /** Nested counted repetitions blow RE2/J's compiled program up (found by a new user: 500s, out of memory). */
    @Test
    void nested_counted_repetitions_are_refused_before_they_are_compiled() {
        assertThatThrownBy(() -> UserPattern.compile("(((a{100}){100}){100}){10}", "the pattern"))
                .isInstanceOf(DepotException.Invalid.class).hasMessageContaining("repeats too much");
        assertThatThrownBy(() -> UserPattern.compile("((a{100}){100}){100}", "p")).isInstanceOf(DepotException.Invalid.class);
        assertThatThrownBy(() -> UserPattern.compile("(x|y{200}){200}", "p")).isInstanceOf(DepotException.Invalid.class);
        assertThatThrownBy(() -> UserPattern.compile("a{99999999999999999999}", "p"))
                .isInstanceOf(DepotException.Invalid.class);
        assertThat(UserPattern.compile("a{1000}", "p").find("a".repeat(1000))).isTrue();
        assertThat(UserPattern.compile("(ab){50}c{20}", "p").find("ab".repeat(50) + "c".repeat(20))).isTrue();
        assertThat(UserPattern.compile("[{}]{3}\\{5\\}", "p").find("{}{{5}")).isTrue();
        assertThat(UserPattern.programSize("abc")).isEqualTo(3);
        assertThat(UserPattern.programSize("(ab){3}")).isEqualTo(6);
        assertThat(UserPattern.programSize("(a{10}){10}")).isEqualTo(100);
    }

    @Test
    void too_long_or_non_re2_patterns_are_refused_with_their_name() {
        assertThatThrownBy(() -> UserPattern.compile("a".repeat(256), "the tag pattern"))
                .isInstanceOf(DepotException.Invalid.class).hasMessageContaining("the tag pattern");
        assertThatThrownBy(() -> UserPattern.compile("(a)\\1", "p")).isInstanceOf(DepotException.Invalid.class);
        assertThatThrownBy(() -> UserPattern.compile("(?=a)", "p")).isInstanceOf(DepotException.Invalid.class);
        assertThatThrownBy(() -> UserPattern.compile("[", "p")).isInstanceOf(DepotException.Invalid.class);
    }
}
