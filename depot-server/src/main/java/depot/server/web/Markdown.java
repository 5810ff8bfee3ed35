package depot.server.web;

import java.util.List;
import org.commonmark.Extension;
import org.commonmark.ext.autolink.AutolinkExtension;
import org.commonmark.ext.gfm.strikethrough.StrikethroughExtension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.ext.task.list.items.TaskListItemsExtension;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.DefaultUrlSanitizer;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * READMEs rendered as GitHub-flavoured Markdown with commonmark (tables, strikethrough, task lists, bare links made
 * links; fenced code keeps its language as a {@code language-*} class, which the page highlights in the browser).
 * Raw HTML in the source is escaped, not passed through, and link and image URLs with schemes other than http,
 * https, mailto (so no javascript: and no data:) are dropped — so a README can carry no script.
 */
final class Markdown {
    private static final int MAX_SOURCE = 500_000;
    private static final List<Extension> GFM = List.of(TablesExtension.create(), StrikethroughExtension.create(),
            AutolinkExtension.create(), TaskListItemsExtension.create());
    private static final Parser PARSER = Parser.builder().extensions(GFM).build();
    // commonmark's default sanitizer also lets data: through (a data:text/html link opens a page of the attacker's)
    private static final HtmlRenderer RENDERER = HtmlRenderer.builder().extensions(GFM).escapeHtml(true)
            .sanitizeUrls(true).urlSanitizer(new DefaultUrlSanitizer(List.of("http", "https", "mailto"))).build();

    private Markdown() {}

    static String toSafeHtml(String markdown) {
        if (markdown == null || markdown.isBlank()) return null;
        return RENDERER.render(PARSER.parse(markdown.length() > MAX_SOURCE ? markdown.substring(0, MAX_SOURCE) : markdown));
    }

    /** Whether rendered HTML holds a code block (the page then loads the highlighter). */
    static boolean hasCode(String html) {
        return html != null && html.contains("<pre><code class=\"language-");
    }
}
