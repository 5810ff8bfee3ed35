package depot.format.rpm;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A small XML writer for the repodata, escaping exactly as createrepo_c (libxml2) does — {@code & < >} in text,
 * also {@code "} and white-space controls in attributes — which the JDK's StAX writer cannot be told to do (it
 * leaves {@code >} as it is), so that the documents are byte for byte what createrepo_c writes.
 */
final class XmlOut {
    private final StringBuilder out = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    private final Deque<String> open = new ArrayDeque<>();
    private boolean inTag;

    void start(String name) {
        closeTag();
        out.append('<').append(name);
        open.push(name);
        inTag = true;
    }

    /** An element with no content: attributes may follow, then anything closes it as {@code />}. */
    void empty(String name) {
        closeTag();
        out.append('<').append(name);
        open.push("/" + name);
        inTag = true;
    }

    void attribute(String name, String value) {
        out.append(' ').append(name).append("=\"").append(attr(value)).append('"');
    }

    void text(String value) {
        closeTag();
        out.append(escape(value));
    }

    /** Indentation: a line break and two spaces per level. */
    void newline(int depth) {
        closeTag();
        out.append('\n').append("  ".repeat(depth));
    }

    void end() {
        closeTag();
        out.append("</").append(open.pop()).append('>');
    }

    byte[] bytes() {
        closeTag();
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void closeTag() {
        if (!inTag) return;
        inTag = false;
        if (open.peek().startsWith("/")) {
            open.pop();
            out.append("/>");
        } else {
            out.append('>');
        }
    }

    /** Element text: {@code & < >} escaped, characters XML 1.0 forbids (most controls) left out, CR as a reference. */
    static String escape(String s) {
        if (s == null) return "";
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '\r' -> b.append("&#13;");
                default -> {
                    if (c == '\t' || c == '\n' || (c >= 0x20 && c != 0xFFFE && c != 0xFFFF)) b.append(c);
                }
            }
        }
        return b.toString();
    }

    static String attr(String s) {
        return escape(s).replace("\"", "&quot;").replace("\n", "&#10;").replace("\t", "&#9;");
    }
}
