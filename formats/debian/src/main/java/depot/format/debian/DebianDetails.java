package depot.format.debian;

import depot.core.model.Package;
import depot.core.model.PackageFile;
import depot.http.FormatContext;
import depot.http.PackageDetails;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The detail page of a Debian package version: its control fields, where each .deb is published (distribution,
 * component, architecture), and the apt setup for its distribution: the key, a deb822 {@code .sources} file with
 * {@code Signed-By}, the one-line form, the {@code auth.conf} line and {@code apt install}.
 */
final class DebianDetails {
    private static final List<String> SHOWN = List.of("Package", "Version", "Architecture", "Maintainer", "Installed-Size",
            "Depends", "Pre-Depends", "Recommends", "Suggests", "Conflicts", "Breaks", "Replaces", "Provides",
            "Section", "Priority", "Homepage", "Source", "Multi-Arch", "Description");

    private DebianDetails() {}

    static PackageDetails of(Package pkg, List<PackageFile> files, FormatContext ctx, DistributionStore distributions) {
        List<PackageDetails.Row> rows = new ArrayList<>();
        Set<String> where = new LinkedHashSet<>();
        Set<String> codenames = new LinkedHashSet<>();
        Set<String> components = new LinkedHashSet<>();
        boolean binary = false, source = false;
        Map<String, String> control = null;
        for (PackageFile f : files) {
            DebianFormat.FileMeta meta = DebianFormat.FileMeta.of(f);
            if (meta == null) continue;
            if (!meta.control().isEmpty() && (control == null || !meta.kind().equals("dsc"))) control = meta.control();
            codenames.add(meta.distribution());
            components.add(meta.component());
            binary |= DebianFormat.BINARY.contains(meta.kind());
            source |= meta.kind().equals("dsc");
            where.add(f.fileName() + ": " + meta.distribution() + " / " + meta.component() + " / " + meta.architecture());
        }
        if (control != null) {
            for (String field : SHOWN) {
                control.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(field)).findFirst()
                        .ifPresent(e -> rows.add(new PackageDetails.Row(field, e.getValue())));
            }
        }
        rows.add(new PackageDetails.Row("published in", String.join("\n", where)));
        String codename = codenames.isEmpty() ? "<codename>" : codenames.iterator().next();
        String mount = ctx.projectMount(pkg.projectId(), DebianFormat.TYPE);
        // apt sends credentials over plain HTTP only to a machine written with its scheme
        String machine = mount.startsWith("http://") ? mount : mount.replaceFirst("^https://", "");
        // the components this package is in (what apt needs to find it), the distribution's others after them
        distributions.find("project_id", pkg.projectId(), codename).ifPresent(d -> components.addAll(d.components()));
        String component = components.isEmpty() ? "main" : components.iterator().next();
        String listed = components.isEmpty() ? "main" : String.join(" ", components);
        String types = binary && source ? "deb deb-src" : source ? "deb-src" : "deb";
        String keyUrl = ctx.externalUrl() + "/api/v4/projects/" + pkg.projectId() + "/debian_distributions/" + codename + "/key.asc";
        String keyring = "/etc/apt/keyrings/depot-" + pkg.projectId() + "-" + codename + ".asc";
        List<PackageDetails.Snippet> snippets = List.of(
                new PackageDetails.Snippet("the distribution's signing key", "shell",
                        "sudo curl -fsSL -H \"Private-Token: <token>\" -o " + keyring + " \\\n  " + keyUrl),
                new PackageDetails.Snippet("/etc/apt/sources.list.d/depot.sources", "text",
                        "Types: " + types + "\nURIs: " + mount + "\nSuites: " + codename + "\nComponents: " + listed
                                + "\nSigned-By: " + keyring),
                new PackageDetails.Snippet("or in /etc/apt/sources.list.d/depot.list", "text", String.join("\n",
                        java.util.Arrays.stream(types.split(" ")).map(t -> t + " [signed-by=" + keyring + "] " + mount
                                + " " + codename + " " + listed).toList())),
                new PackageDetails.Snippet("/etc/apt/auth.conf.d/depot.conf (chmod 0600)", "text",
                        "machine " + machine + " login <username> password <token>"),
                binary ? new PackageDetails.Snippet("install", "shell", "sudo apt-get update\nsudo apt-get install "
                        + pkg.name() + "=" + pkg.version())
                        : new PackageDetails.Snippet("fetch the source", "shell", "sudo apt-get update\napt-get source "
                        + pkg.name() + "=" + pkg.version()),
                binary ? new PackageDetails.Snippet("upload another build", "shell",
                        "curl --fail-with-body -H \"Private-Token: $DEPOT_TOKEN\" --upload-file <package>.deb \\\n  \""
                                + mount + "/<package>.deb?distribution=" + codename + "&component=" + component + "\"")
                        : new PackageDetails.Snippet("upload another version (the .dsc first, then the files it names)", "shell",
                        "for f in <source>_<version>.dsc <the files it names>; do\n  curl --fail-with-body -H \"Private-Token: $DEPOT_TOKEN\" "
                                + "--upload-file \"$f\" \\\n    \"" + mount + "/$f?distribution=" + codename + "&component="
                                + component + "\"\ndone"));
        return new PackageDetails(rows, snippets);
    }
}
