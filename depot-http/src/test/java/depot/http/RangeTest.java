package depot.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RangeTest {
    /** header, file size, expected start, expected length; "-" for no range (whole file), "416" for unsatisfiable. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "bytes=0-99     | 1000 | 0   | 100",
        "bytes=100-     | 1000 | 100 | 900",
        "bytes=-100     | 1000 | 900 | 100",
        "bytes=-5000    | 1000 | 0   | 1000",
        "bytes=990-2000 | 1000 | 990 | 10",
        "bytes=5-5      | 1000 | 5   | 1",
        "bytes=1000-    | 1000 | 416 | 0",
        "bytes=9-3      | 1000 | 416 | 0",
        "bytes=-0       | 1000 | 416 | 0",
        "bytes=0-1,5-6  | 1000 | -   | 0",
        "items=0-1      | 1000 | -   | 0",
        "bytes=a-b      | 1000 | -   | 0",
        "bytes=0-       | 0    | 416 | 0",
    })
    void parses_single_ranges_like_rfc_9110(String header, long size, String start, long length) {
        Optional<Downloads.Range> r = Downloads.parse(header.trim(), size);

        switch (start) {
            case "416" -> assertThat(r).isNull();
            case "-" -> assertThat(r).isEmpty();
            default -> assertThat(r).contains(new Downloads.Range(Long.parseLong(start), length));
        }
    }
}
