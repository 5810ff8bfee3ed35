package depot.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StoredContentTest {
    /** Types a browser renders actively go out as attachments; registry and archive types do not need to. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "null", value = {
        "text/html                                     | true",
        "text/html; charset=utf-8                      | true",
        "application/xhtml+xml                         | true",
        "application/xml                               | true",
        "text/xml                                      | true",
        "image/svg+xml                                 | true",
        "application/javascript                        | true",
        "text/xsl                                      | true",
        "application/pdf                               | true",
        "null                                          | true",
        "application/octet-stream                      | false",
        "application/java-archive                      | false",
        "application/x-gzip                            | false",
        "text/plain                                    | false",
        "application/vnd.oci.image.manifest.v1+json    | false",
        "application/json                              | false",
    })
    void active_types(String type, boolean active) {
        assertThat(StoredContent.active(type)).isEqualTo(active);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "lib-1.0.jar       | attachment; filename=\"lib-1.0.jar\"",
        "a\"b.txt          | attachment; filename=\"ab.txt\"",
    })
    void attachment_names_lose_quotes_and_controls(String name, String header) {
        assertThat(StoredContent.attachment(name)).isEqualTo(header);
        assertThat(StoredContent.attachment("x\r\nSet-Cookie: y")).doesNotContain("\r").doesNotContain("\n");
    }
}
