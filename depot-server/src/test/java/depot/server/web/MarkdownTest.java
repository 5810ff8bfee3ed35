package depot.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MarkdownTest {
    @Test
    void github_flavoured_tables_task_lists_strikethrough_links_and_fenced_code() {
        String html = Markdown.toSafeHtml("""
                | Option | Default |
                |--------|--------:|
                | `port` | 8080 |

                - [x] published
                - [ ] signed

                ~~old~~ see https://example.org/docs

                ```java
                class A {}
                ```
                """);
        assertThat(html).contains("<table>", "<th>Option</th>", "<td align=\"right\">8080</td>", "<code>port</code>")
                .contains("<input type=\"checkbox\" disabled=\"\" checked=\"\">", "<input type=\"checkbox\" disabled=\"\">")
                .contains("<del>old</del>", "<a rel=\"nofollow\" href=\"https://example.org/docs\">https://example.org/docs</a>")
                .contains("<pre><code class=\"language-java\">class A {}");
        assertThat(Markdown.hasCode(html)).isTrue();
        assertThat(Markdown.hasCode(Markdown.toSafeHtml("just text"))).isFalse();
    }

    @Test
    void no_script_gets_through_any_extension() {
        String html = Markdown.toSafeHtml("""
                <script>alert(1)</script> <img src=x onerror=alert(2)>

                | <b onmouseover=alert(3)>x</b> | [a](javascript:alert(4)) |
                |---|---|
                | ![i](data:text/html,<script>alert(5)</script>) | <svg onload=alert(6)> |

                - [x] <iframe src=javascript:alert(7)>

                ~~<a href="javascript:alert(8)">y</a>~~ javascript:alert(9) www.example.org
                """);
        assertThat(html).doesNotContain("<script", "<img src=\"x\"", "<b ", "<svg", "<iframe", "href=\"javascript",
                "src=\"data:", "<a href=\"javascript");
        assertThat(html).contains("&lt;script&gt;", "<a rel=\"nofollow\" href=\"http://www.example.org\">www.example.org</a>");
        // a refused link is its text, not an empty link that reloads the page; a refused image its alt text
        assertThat(html).contains("<th>a</th>", "<td>image: i</td>").doesNotContain("href=\"\"", "src=\"\"");
    }

    @Test
    void images_become_links_headings_go_below_the_page_and_autolinks_of_other_schemes_stay_text() {
        String html = Markdown.toSafeHtml("""
                # Title

                ![build status](https://ci.example.org/badge.svg) ![logo](docs/logo.png)

                <javascript:alert(1)> [rel](docs/guide.md) [top](#title)
                """);
        assertThat(html).contains("<h3>Title</h3>").doesNotContain("<h1>", "<img")
                .contains("<a rel=\"nofollow\" href=\"https://ci.example.org/badge.svg\">image: build status</a>")
                .contains("<a rel=\"nofollow\" href=\"docs/logo.png\">image: logo</a>")
                .contains("href=\"docs/guide.md\"", "href=\"#title\"")
                .doesNotContain("href=\"javascript", "href=\"\"");
    }
}
