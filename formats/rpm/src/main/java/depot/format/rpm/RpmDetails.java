package depot.format.rpm;

import depot.core.model.Package;
import depot.core.model.PackageFile;
import depot.http.FormatContext;
import depot.http.PackageDetails;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The detail page of an RPM package version: each architecture's NEVRA, its summary, license and URL, what it
 * provides and requires, its changelog and file list, and the dnf setup: the {@code .repo} file and
 * {@code dnf install}.
 */
final class RpmDetails {
    /** Files listed on the page; the rest is counted. */
    static final int FILES_SHOWN = 200;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE MMM dd yyyy").withZone(ZoneOffset.UTC);

    private RpmDetails() {}

    static PackageDetails of(Package pkg, List<PackageFile> files, FormatContext ctx) {
        List<PackageDetails.Row> rows = new ArrayList<>();
        RpmPackage first = null;
        List<String> nevras = new ArrayList<>();
        for (PackageFile f : files) {
            if (f.metadata() == null || !f.fileName().endsWith(".rpm")) continue;
            RpmPackage rpm = RpmPackage.fromJson(f.metadata());
            if (first == null) first = rpm;
            nevras.add(rpm.name() + "-" + rpm.evr() + "." + rpm.arch());
        }
        rows.add(new PackageDetails.Row("NEVRA", String.join("\n", nevras)));
        if (first != null) {
            RpmPackage p = first;
            rows.add(new PackageDetails.Row("Summary", p.summary()));
            rows.add(new PackageDetails.Row("License", p.license()));
            if (!p.url().isEmpty()) rows.add(new PackageDetails.Row("URL", p.url()));
            if (!p.sourceRpm().isEmpty()) rows.add(new PackageDetails.Row("Source RPM", p.sourceRpm()));
            rows.add(new PackageDetails.Row("Description", p.description()));
            for (RpmPackage.Kind kind : p.dependencyKinds()) {
                List<RpmPackage.Dep> listed = Repodata.listed(kind.element(), kind.deps(), p);
                // provides and requires always; the other kinds when the package has some
                if (listed.isEmpty() && !kind.element().equals("provides") && !kind.element().equals("requires")) continue;
                String label = Character.toUpperCase(kind.element().charAt(0)) + kind.element().substring(1);
                rows.add(new PackageDetails.Row(label, deps(listed)));
            }
            if (!p.changelogs().isEmpty()) {
                List<RpmPackage.Change> newestFirst = new ArrayList<>(p.changelogs());
                java.util.Collections.reverse(newestFirst);
                rows.add(new PackageDetails.Row("Changelog", newestFirst.stream().map(c -> "* "
                        + DAY.format(Instant.ofEpochSecond(c.date())) + " " + c.author() + "\n" + c.text())
                        .collect(Collectors.joining("\n\n"))));
            }
            List<String> paths = p.files().stream().map(f -> f.type().isEmpty() ? f.path() : f.path() + " (" + f.type() + ")").toList();
            String shown = String.join("\n", paths.subList(0, Math.min(paths.size(), FILES_SHOWN)));
            if (paths.size() > FILES_SHOWN) shown += "\n… and " + (paths.size() - FILES_SHOWN) + " more";
            rows.add(new PackageDetails.Row("Files (" + paths.size() + ")", shown));
        }
        String mount = ctx.projectMount(pkg.projectId(), RpmFormat.TYPE);
        String id = "depot-" + pkg.projectId();
        List<PackageDetails.Snippet> snippets = List.of(
                new PackageDetails.Snippet("/etc/yum.repos.d/" + id + ".repo", "ini",
                        RpmReads.repoConfig(id, "Depot project " + pkg.projectId() + " (RPM)", mount)),
                new PackageDetails.Snippet("or fetch it (then fill in the credentials, chmod 0600)", "shell",
                        "sudo curl -fsSL -H \"Private-Token: <token>\" -o /etc/yum.repos.d/" + id + ".repo \\\n  "
                                + mount + "/" + id + ".repo"),
                new PackageDetails.Snippet("install", "shell", "sudo dnf install " + pkg.name() + "-" + withoutEpoch(pkg.version())),
                new PackageDetails.Snippet("upload another build", "shell",
                        "curl --fail-with-body -H \"Private-Token: $DEPOT_TOKEN\" --upload-file <package>.rpm " + mount + "/"));
        return new PackageDetails(rows, snippets);
    }

    private static String withoutEpoch(String evr) {
        int colon = evr.indexOf(':');
        return colon < 0 ? evr : evr.substring(colon + 1);
    }

    static String deps(List<RpmPackage.Dep> deps) {
        if (deps.isEmpty()) return "(none)";
        return deps.stream().map(d -> {
            String op = switch ((int) (d.flags() & 0xF)) {
                case 2 -> " < ";
                case 4 -> " > ";
                case 8 -> " = ";
                case 10 -> " <= ";
                case 12 -> " >= ";
                default -> "";
            };
            String shown = op.isEmpty() ? d.name() : d.name() + op + d.evr();
            return Repodata.pre(d) ? shown + " (pre)" : shown;
        }).collect(Collectors.joining("\n"));
    }
}
