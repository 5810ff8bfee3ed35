package depot.http;

import depot.core.model.ChangeStamp;
import static org.assertj.core.api.Assertions.assertThat;

import depot.core.db.Packages;
import java.util.List;
import org.junit.jupiter.api.Test;

class IndexResponsesTest {
    @Test
    void if_none_match_takes_one_tag_a_list_weak_tags_and_a_star() {
        assertThat(IndexResponses.matches("\"a-1\"", "\"a-1\"")).isTrue();
        assertThat(IndexResponses.matches("\"x\", W/\"a-1\"", "\"a-1\"")).isTrue();
        assertThat(IndexResponses.matches("*", "\"a-1\"")).isTrue();
        assertThat(IndexResponses.matches("\"a-2\"", "\"a-1\"")).isFalse();
        assertThat(IndexResponses.matches(null, "\"a-1\"")).isFalse();
    }

    @Test
    void a_stamp_of_several_projects_changes_with_any_of_them_and_not_with_their_order() {
        ChangeStamp a = new ChangeStamp(1, 3, 100, 6, 90);
        ChangeStamp b = new ChangeStamp(2, 1, 200, 9, 200);
        ChangeStamp b2 = new ChangeStamp(2, 2, 201, 19, 201);

        IndexResponses.Stamp both = IndexResponses.Stamp.of(List.of(a, b));

        assertThat(IndexResponses.Stamp.of(List.of(b, a))).isEqualTo(both);
        assertThat(IndexResponses.Stamp.of(List.of(a, b2)).hex()).isNotEqualTo(both.hex());
        assertThat(IndexResponses.Stamp.of(List.of(a)).hex()).isNotEqualTo(both.hex());
        assertThat(both.updatedAt()).isEqualTo(200);
    }
}
