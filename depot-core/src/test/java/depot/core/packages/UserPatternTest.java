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

    @Test
    void too_long_or_non_re2_patterns_are_refused_with_their_name() {
        assertThatThrownBy(() -> UserPattern.compile("a".repeat(256), "the tag pattern"))
                .isInstanceOf(DepotException.Invalid.class).hasMessageContaining("the tag pattern");
        assertThatThrownBy(() -> UserPattern.compile("(a)\\1", "p")).isInstanceOf(DepotException.Invalid.class);
        assertThatThrownBy(() -> UserPattern.compile("(?=a)", "p")).isInstanceOf(DepotException.Invalid.class);
        assertThatThrownBy(() -> UserPattern.compile("[", "p")).isInstanceOf(DepotException.Invalid.class);
    }
}
