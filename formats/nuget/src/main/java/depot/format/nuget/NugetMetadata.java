package depot.format.nuget;

import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The metadata Depot stores with a pushed version, from its nuspec: what the registration, search, the v2 feed and
 * the detail page read back (see {@link NugetDocs}).
 */
final class NugetMetadata {
    private NugetMetadata() {}

    static ObjectNode of(Nuspec n, NugetVersion v) {
        ObjectNode m = NugetDocs.JSON.createObjectNode();
        for (String field : List.of("title", "authors", "owners", "description", "summary", "releaseNotes", "tags",
                "projectUrl", "iconUrl", "icon", "licenseUrl", "copyright", "language", "readme")) {
            if (n.field(field) != null) m.put(field, n.field(field));
        }
        m.put("requireLicenseAcceptance", "true".equalsIgnoreCase(n.field("requireLicenseAcceptance")));
        if (n.license() != null && !n.license().isEmpty()) {
            m.put("license", n.license());
            m.put("licenseType", n.licenseType());
        }
        if (n.repositoryUrl() != null) m.put("repositoryUrl", n.repositoryUrl());
        m.put("fullVersion", v.full());
        m.put("semVer2", v.semVer2());
        ArrayNode groups = m.putArray("dependencyGroups");
        for (Nuspec.DependencyGroup g : n.groups()) {
            ObjectNode group = groups.addObject();
            if (g.targetFramework() != null) group.put("targetFramework", g.targetFramework());
            ArrayNode deps = group.putArray("dependencies");
            for (Nuspec.Dependency d : g.dependencies()) {
                ObjectNode dep = deps.addObject();
                dep.put("id", d.id());
                if (d.range() != null) dep.put("range", d.range());
            }
        }
        return m;
    }
}
