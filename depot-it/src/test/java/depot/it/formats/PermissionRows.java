package depot.it.formats;

import depot.it.support.Api;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The permission table as it is built: each format's {@link FormatTestKit} adds a row for every route it registers,
 * with the rule that decides who may call it and a probe that calls it on the authorization matrix's fixtures.
 *
 * <p>The fixtures, the {@link MatrixWorld}'s, are published before the table is built: each format's kit publishes its
 * own ({@link FormatTestKit#publishFixtures}) — a package named {@code readable} (Conan's {@code creadable}, NuGet's
 * with symbols) in the project of each visibility and, for the endpoints of groups and the instance, one named
 * {@code only-<vis>} that only this project has; the container registry's image {@code matrix/<vis>/img:v1}. A probe
 * that writes or deletes makes its own names from its {@code unique} argument.
 */
public final class PermissionRows {
    /** What a probe's visibility is of: nothing (probed once), the matrix project, or the group. */
    public enum Scope { NONE, PROJECT, GROUP }

    /** One call of a route, by the caller {@code api}, on the fixtures of that visibility. */
    @FunctionalInterface
    public interface Probe {
        Api.Response run(Api api, Vis vis, String unique);
    }

    /**
     * A route ("GET /api/v4/projects/{id}/packages/npm/-/whoami") and its rule; package rules also say what the
     * call does ({@code kind}) and how it refuses ({@code style}); {@link Rule#MATRIX} rows have a note instead of a
     * probe.
     */
    public record Row(String route, Rule rule, Scope scope, Kind kind, Style style, String note, Probe probe) {}

    private final Map<String, Row> rows = new LinkedHashMap<>();
    private final Api root;
    private final Function<Vis, Long> projects;
    private final Function<Vis, Long> groups;

    /** Rows probed on these fixtures: the administrator's client and the ids of the projects and groups. */
    public PermissionRows(Api root, Function<Vis, Long> projects, Function<Vis, Long> groups) {
        this.root = root;
        this.projects = projects;
        this.groups = groups;
    }

    /** The rows so far, by route, in the order they were added. */
    public Map<String, Row> rows() { return Collections.unmodifiableMap(rows); }

    /** Adds a row; a second row for a route throws. */
    public void add(Row row) {
        if (rows.putIfAbsent(row.route(), row) != null) throw new IllegalStateException("two rows for " + row.route());
    }

    /** A route with a rule of its own. */
    public void row(String route, Rule rule, Scope scope, Probe probe) {
        add(new Row(route, rule, scope, null, null, null, probe));
    }

    /** A package endpoint: {@link Rule#PACKAGE} in a project, {@link Rule#GROUP_PACKAGE} in a group or the instance. */
    public void packageRow(String route, Kind kind, Style style, Scope scope, Probe probe) {
        Rule rule = scope == Scope.PROJECT ? Rule.PACKAGE : Rule.GROUP_PACKAGE;
        add(new Row(route, rule, scope, kind, style, null, probe));
    }

    /** A route the matrix tests call with every caller kind; the note names their endpoints or test. */
    public void matrixRow(String route, String note) {
        add(new Row(route, Rule.MATRIX, Scope.NONE, null, null, note, null));
    }

    /** The administrator's client, for a probe that prepares what it calls. */
    public Api root() { return root; }

    public long project(Vis vis) { return projects.apply(vis); }

    /** The project's package API, ending in "/": a format appends its segment ("maven/…"). */
    public String packages(Vis vis) { return "/api/v4/projects/" + project(vis) + "/packages/"; }

    public long group(Vis vis) { return groups.apply(vis); }
}
