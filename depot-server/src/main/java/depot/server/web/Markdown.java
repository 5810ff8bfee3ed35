package depot.server.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.commonmark.Extension;
import org.commonmark.ext.autolink.AutolinkExtension;
import org.commonmark.ext.gfm.strikethrough.StrikethroughExtension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.ext.task.list.items.TaskListItemsExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Heading;
import org.commonmark.node.Image;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.DefaultUrlSanitizer;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * READMEs rendered as GitHub-flavoured Markdown with commonmark (tables, strikethrough, task lists, bare links made
 * links; fenced code keeps its language as a {@code language-*} class, which the page highlights in the browser).
 * Raw HTML in the source is escaped, not passed through; a link whose scheme is not http, https or mailto (so no
 * javascript: and no data:) is left as its text; an image is shown as a link to it (the page loads no image from
 * another site: that would tell the site who reads the README); and headings start two levels down, below the
 * page's own. So a README can carry no script and fetch nothing.
 */
final class Markdown {
    private static final int MAX_SOURCE = 500_000;
    private static final Set<String> SCHEMES = Set.of("http", "https", "mailto");
    private static final List<Extension> GFM = List.of(TablesExtension.create(), StrikethroughExtension.create(),
            AutolinkExtension.create(), TaskListItemsExtension.create());
    private static final Parser PARSER = Parser.builder().extensions(GFM).build();
    // the sanitizer stays as a second line: whatever the rewrite below missed still loses a bad URL
    private static final HtmlRenderer RENDERER = HtmlRenderer.builder().extensions(GFM).escapeHtml(true)
            .sanitizeUrls(true).urlSanitizer(new DefaultUrlSanitizer(List.copyOf(SCHEMES))).build();

    private Markdown() {}

    static String toSafeHtml(String markdown) {
        if (markdown == null || markdown.isBlank()) return null;
        Node document = PARSER.parse(markdown.length() > MAX_SOURCE ? markdown.substring(0, MAX_SOURCE) : markdown);
        List<Node> links = new ArrayList<>();
        document.accept(new AbstractVisitor() {
            @Override
            public void visit(Heading heading) {
                heading.setLevel(Math.min(6, heading.getLevel() + 2));
                visitChildren(heading);
            }

            @Override
            public void visit(Link link) {
                links.add(link);
                visitChildren(link);
            }

            @Override
            public void visit(Image image) {
                links.add(image);
                visitChildren(image);
            }
        });
        for (Node n : links) {
            String destination = n instanceof Link l ? l.getDestination() : ((Image) n).getDestination();
            if (n instanceof Image image) {
                // its alt text, as a link to the image when the link is allowed
                Node text = new Text("image: " + altText(image));
                if (allowed(destination)) {
                    Link link = new Link(destination, image.getTitle());
                    link.appendChild(text);
                    image.insertBefore(link);
                } else {
                    image.insertBefore(text);
                }
                image.unlink();
            } else if (!allowed(destination)) {
                Node child = n.getFirstChild();
                while (child != null) {
                    Node next = child.getNext();
                    n.insertBefore(child);
                    child = next;
                }
                n.unlink();
            }
        }
        return RENDERER.render(document);
    }

    private static String altText(Image image) {
        StringBuilder b = new StringBuilder();
        image.accept(new AbstractVisitor() {
            @Override
            public void visit(Text text) { b.append(text.getLiteral()); }
        });
        return b.isEmpty() ? "(no description)" : b.toString();
    }

    /** A destination without a scheme (a path, a #fragment), or with one of {@link #SCHEMES}. */
    static boolean allowed(String destination) {
        String d = destination == null ? "" : destination.strip();
        for (int i = 0; i < d.length(); i++) {
            char c = d.charAt(i);
            if (c == ':') return SCHEMES.contains(d.substring(0, i).toLowerCase(Locale.ROOT));
            if (c == '/' || c == '?' || c == '#') return true;
        }
        return true;
    }

    /** Whether rendered HTML holds a code block (the page then loads the highlighter). */
    static boolean hasCode(String html) {
        return html != null && html.contains("<pre><code class=\"language-");
    }
}
