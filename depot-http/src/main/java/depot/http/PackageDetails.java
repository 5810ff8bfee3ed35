package depot.http;

import java.util.List;

/**
 * A package as people see it: metadata rows ("License", "MIT"), install snippets, and the package's README as
 * Markdown where the format has one (the UI renders and sanitises it).
 */
public record PackageDetails(List<Row> metadata, List<Snippet> snippets, String readme) {
    public PackageDetails(List<Row> metadata, List<Snippet> snippets) {
        this(metadata, snippets, null);
    }

    public record Row(String label, String value) {}

    /** A titled piece of text to copy: a command, a settings file. {@code language} hints the highlighting. */
    public record Snippet(String title, String language, String code) {}
}
