package depot.http;

import java.util.List;

/**
 * A web UI page a format contributes ({@link PageRoutes}), as data: the server renders it in its own layout, escapes
 * every string and adds the CSRF token to every form, so a format writes no HTML. {@code title} is the browser tab's,
 * {@code heading} the page's {@code h1}.
 */
public record FormatPage(String title, String heading, List<Block> blocks) {

    /**
     * Thrown by a form's action that needs the viewer to confirm first (a change that loses data): the UI asks with
     * {@code getMessage()} and posts the same form again with {@code confirmed=yes}.
     */
    public static final class ConfirmFirst extends RuntimeException {
        public ConfirmFirst(String message) { super(message, null, false, false); }
    }

    /** A size for people: {@code 512 B}, {@code 1.5 MiB}. */
    public static String bytes(long bytes) {
        if (bytes < 1024) return bytes + " B";
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int i = -1;
        while (v >= 1024 && i < units.length - 1) {
            v /= 1024;
            i++;
        }
        return String.format(java.util.Locale.ROOT, "%.1f %s", v, units[i]);
    }

    /** What a page is made of. */
    public sealed interface Block permits Text, Link, Snippet, Section, Table, Form, Fields {}

    /** A paragraph; {@code cssClass} may be null ({@code empty} marks "nothing here yet"). */
    public record Text(String text, String cssClass) implements Block {
        public Text(String text) { this(text, null); }
    }

    /** A paragraph holding one link. */
    public record Link(String text, String href) implements Block {}

    /** Commands to copy: a titled code block with a copy button; {@code id} names the code element. */
    public record Snippet(String id, String title, String code) implements Block {}

    /** A titled part of the page; {@code id} names its heading, {@code cssClass} the section. */
    public record Section(String id, String cssClass, String heading, List<Block> blocks) implements Block {}

    /** A table; an empty {@code headers} entry is a column for actions (read by screen readers as "Actions"). */
    public record Table(String cssClass, List<String> headers, List<List<Cell>> rows) implements Block {}

    /**
     * A button that posts to {@code action} (relative to the page's URL) after the browser asked {@code confirm};
     * {@code danger} styles it as destructive.
     */
    public record Form(String label, String action, String confirm, boolean danger, java.util.Map<String, String> values)
            implements Block {
        public Form(String label, String action, String confirm, boolean danger) {
            this(label, action, confirm, danger, java.util.Map.of());
        }

        /**
         * What a screen reader calls the button: the question it confirms, as a statement ("Delete tag v1 of
         * acme/web"), when it is one; else null (the label says it).
         */
        public String accessibleName() {
            if (confirm == null || confirm.isBlank()) return null;
            return confirm.endsWith("?") ? confirm.substring(0, confirm.length() - 1) : confirm;
        }
    }

    /**
     * A form of labelled inputs that posts to {@code action} (relative to the page's URL); its values reach
     * {@link PageRoutes.Page#post(depot.core.access.Principal, Object, String, java.util.Map)}. {@code heading} may be
     * null; {@code open} false shows it folded (a disclosure the viewer opens, without JavaScript).
     */
    public record Fields(String id, String heading, String action, String submit, boolean open, List<Field> fields)
            implements Block {}

    /**
     * One input: {@code type} is {@code text}, {@code url}, {@code number} ({@code options}: its minimum and maximum),
     * {@code password} (never prefilled), {@code checkbox} (checked when {@code value} is {@code true}) or
     * {@code select} (one of {@code options}); {@code hint} says what it does, under it.
     */
    public record Field(String name, String label, String type, String value, List<String> options, boolean required,
                        String hint) {
        public static Field text(String name, String label, String value, boolean required, String hint) {
            return new Field(name, label, "text", value, List.of(), required, hint);
        }

        public static Field select(String name, String label, String value, List<String> options) {
            return new Field(name, label, "select", value, options, true, null);
        }
    }

    /**
     * One table cell: text, code (with the full value as {@code title}), a time (ISO-8601), a form, or text to copy
     * (a read-only field with a copy button; {@code title} names it for screen readers).
     */
    public record Cell(Kind kind, String text, String title, Form form) {
        public enum Kind { TEXT, CODE, TIME, FORM, COPY }

        public static Cell text(String text) { return new Cell(Kind.TEXT, text, null, null); }

        /** A size for people ({@link #bytes}), the exact byte count on hover. */
        public static Cell size(long bytes) {
            return new Cell(Kind.TEXT, bytes(bytes), String.format(java.util.Locale.ROOT, "%,d bytes", bytes), null);
        }

        public static Cell code(String text, String title) { return new Cell(Kind.CODE, text, title, null); }

        /** {@code iso}: an ISO-8601 instant; the date is shown, the instant is the machine-readable value. */
        public static Cell time(String iso) { return new Cell(Kind.TIME, iso, null, null); }

        /** {@code text} in a read-only field the viewer can select, with a Copy button; {@code label} names it. */
        public static Cell copy(String text, String label) { return new Cell(Kind.COPY, text, label, null); }

        /** A form, or an empty cell when {@code form} is null (an action the viewer may not take). */
        public static Cell form(Form form) { return new Cell(Kind.FORM, null, null, form); }
    }
}
