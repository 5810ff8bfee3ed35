package depot.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WholeFileTest {
    @Test
    void only_a_request_for_every_byte_is_a_download() {
        assertThat(Downloads.wholeFile(null, 1000)).isTrue();
        assertThat(Downloads.wholeFile("bytes=0-", 1000)).isTrue();
        assertThat(Downloads.wholeFile("bytes=0-999", 1000)).isTrue();
        assertThat(Downloads.wholeFile("bytes = 0-5000", 1000)).isTrue();
        assertThat(Downloads.wholeFile("bytes=0-0", 1000)).isFalse();
        assertThat(Downloads.wholeFile("bytes=0-99", 1000)).isFalse();
        assertThat(Downloads.wholeFile("bytes=100-", 1000)).isFalse();
        assertThat(Downloads.wholeFile("bytes=-100", 1000)).isFalse();
        assertThat(Downloads.wholeFile("bytes=0-99,100-", 1000)).isFalse();
        assertThat(Downloads.wholeFile("bytes=0-99999999999999999999", 1000)).isFalse();
    }
}
