package depot.server.web;

import org.commonmark.parser.Parser;
import java.util.List;
import org.commonmark.renderer.html.DefaultUrlSanitizer;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * READMEs rendered with commonmark: raw HTML in the source is escaped, not passed through, and link and image URLs
 * with schemes other than http, https, mailto (so no javascript: and no data:) are dropped — so a README can carry no script.
 */
final class Markdown {
    private static final Parser PARSER = Parser.builder().build();
    // commonmark's default sanitizer also lets data: through (a data:text/html link opens a page of the attacker's)
    private static final HtmlRenderer RENDERER = HtmlRenderer.builder().escapeHtml(true).sanitizeUrls(true)
            .urlSanitizer(new DefaultUrlSanitizer(List.of("http", "https", "mailto"))).build();

    private Markdown() {}

    static String toSafeHtml(String markdown) {
        if (markdown == null || markdown.isBlank()) return null;
        return RENDERER.render(PARSER.parse(markdown.length() > 500_000 ? markdown.substring(0, 500_000) : markdown));
    }
}
