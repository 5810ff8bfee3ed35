package depot.http;

import java.util.List;

/**
 * A package as people see it: metadata rows ("License", "MIT"), what it depends on, install snippets, and the
 * package's README as Markdown where the format has one (the UI renders and sanitises it).
 */
public record PackageDetails(List<Row> metadata, List<Dependency> dependencies, List<Snippet> snippets, String readme) {
    public PackageDetails(List<Row> metadata, List<Snippet> snippets, String readme) {
        this(metadata, List.of(), snippets, readme);
    }

    public PackageDetails(List<Row> metadata, List<Dependency> dependencies, List<Snippet> snippets) {
        this(metadata, dependencies, snippets, null);
    }

    public PackageDetails(List<Row> metadata, List<Snippet> snippets) {
        this(metadata, List.of(), snippets, null);
    }

    public record Row(String label, String value) {}

    /**
     * One dependency: its name, the versions it accepts as the format writes them ("^1.2.0", "[1.0,2.0)"), and its
     * kind where the format has several ("dev", "test", "net8.0", a PyPI extra) — "" where it has one.
     */
    public record Dependency(String name, String requirement, String kind) {}

    /** A titled piece of text to copy: a command, a settings file. {@code language} hints the highlighting. */
    public record Snippet(String title, String language, String code) {}
}
