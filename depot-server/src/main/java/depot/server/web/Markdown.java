package depot.server.web;

import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * READMEs rendered with commonmark: raw HTML in the source is escaped, not passed through, and link and image URLs
 * with schemes other than http, https, mailto are dropped — so a README can carry no script.
 */
final class Markdown {
    private static final Parser PARSER = Parser.builder().build();
    private static final HtmlRenderer RENDERER = HtmlRenderer.builder().escapeHtml(true).sanitizeUrls(true).build();

    private Markdown() {}

    static String toSafeHtml(String markdown) {
        if (markdown == null || markdown.isBlank()) return null;
        return RENDERER.render(PARSER.parse(markdown.length() > 500_000 ? markdown.substring(0, 500_000) : markdown));
    }
}
