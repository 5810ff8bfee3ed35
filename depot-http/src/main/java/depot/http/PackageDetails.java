package depot.http;

import java.util.List;

/** A package as people see it: metadata rows ("License", "MIT") and install snippets. */
public record PackageDetails(List<Row> metadata, List<Snippet> snippets) {
    public record Row(String label, String value) {}

    /** A titled piece of text to copy: a command, a settings file. {@code language} hints the highlighting. */
    public record Snippet(String title, String language, String code) {}
}
