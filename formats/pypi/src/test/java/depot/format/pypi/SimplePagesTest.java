package depot.format.pypi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The simple pages compared byte for byte with golden files in src/test/resources/golden. */
class SimplePagesTest {
    static final String FILES = "https://depot.example/api/v4/projects/7/packages/pypi/files/";

    static List<SimplePages.FileLink> files() {
        String a = "a".repeat(64);
        String b = "b".repeat(64);
        String c = "c".repeat(64);
        return List.of(
                new SimplePages.FileLink("acme_hello-1.0.0-py3-none-any.whl", FILES + a + "/acme_hello-1.0.0-py3-none-any.whl",
                        a, ">=3.8,<4", "d".repeat(64), null, 1234, Instant.parse("2026-01-02T03:04:05.678Z").toEpochMilli()),
                new SimplePages.FileLink("acme-hello-1.0.0.tar.gz", FILES + b + "/acme-hello-1.0.0.tar.gz",
                        b, ">=3.8,<4", null, null, 2048, Instant.parse("2026-01-02T03:04:06Z").toEpochMilli()),
                new SimplePages.FileLink("acme_hello-0.9.0-py3-none-any.whl", FILES + c + "/acme_hello-0.9.0-py3-none-any.whl",
                        c, null, "e".repeat(64), "broken \"build\" <see 1.0>", 999,
                        Instant.parse("2025-12-01T00:00:00Z").toEpochMilli()));
    }

    static String golden(String name) throws IOException {
        try (InputStream in = SimplePagesTest.class.getResourceAsStream("/golden/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void the_html_project_page_has_hashes_requires_python_core_metadata_and_yanks_escaped() throws IOException {
        assertThat(SimplePages.projectHtml("Acme_Hello", files())).isEqualTo(golden("simple-project.html"));
    }

    @Test
    void the_json_project_page_follows_pep_691_and_700() throws IOException {
        String json = new String(SimplePages.projectJson("Acme_Hello", List.of("0.9.0", "1.0.0"), files()),
                StandardCharsets.UTF_8);

        assertThat(json + "\n").isEqualTo(golden("simple-project.json"));
    }

    @Test
    void the_index_lists_normalized_links_in_html_and_names_in_json() throws IOException {
        List<String> names = List.of("Acme_Hello", "zope.interface", "a<b");

        assertThat(SimplePages.indexHtml(names)).isEqualTo(golden("simple-index.html"));
        assertThat(new String(SimplePages.indexJson(names), StandardCharsets.UTF_8))
                .isEqualTo("{\"meta\":{\"api-version\":\"1.1\"},\"projects\":[{\"name\":\"Acme_Hello\"},"
                        + "{\"name\":\"zope.interface\"},{\"name\":\"a<b\"}]}");
    }
}
