package depot.format.nuget;

import depot.core.model.Package;
import depot.core.model.PackageFile;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The v3 documents NuGet clients read, built from stored versions: the service index, registration index and leaf,
 * flat-container version list and search results (JSON); {@link NugetV2Docs} writes the v2 OData feed. {@code base}
 * is the feed's URL without a trailing slash ({@code …/projects/7/packages/nuget}).
 */
final class NugetDocs {
    static final ObjectMapper JSON = JsonMapper.builder().build();
    /** Versions per registration page; every page is inlined, as the registry does for small packages. */
    static final int PAGE = 128;
    static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private NugetDocs() {}

    /** One stored version with its parsed metadata and its {@code .nupkg}. */
    record Entry(Package pkg, NugetVersion version, JsonNode meta, PackageFile nupkg) {
        String id() { return pkg.name(); }

        String lowerId() { return pkg.normalizedName(); }

        String text(String field) { return meta.path(field).isString() ? meta.get(field).asString() : null; }
    }

    static String serviceIndex(String base, boolean publish) {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", "3.0.0");
        ArrayNode resources = root.putArray("resources");
        for (String type : List.of("SearchQueryService", "SearchQueryService/3.0.0-beta", "SearchQueryService/3.0.0-rc",
                "SearchQueryService/3.5.0")) {
            resource(resources, base + "/query", type, "Search for packages by id, title, description and tags");
        }
        for (String type : List.of("RegistrationsBaseUrl", "RegistrationsBaseUrl/3.0.0-beta", "RegistrationsBaseUrl/3.0.0-rc",
                "RegistrationsBaseUrl/3.4.0", "RegistrationsBaseUrl/3.6.0", "RegistrationsBaseUrl/Versioned")) {
            resource(resources, base + "/metadata", type, "Package metadata (registrations), SemVer 2.0.0 included");
        }
        resource(resources, base + "/download", "PackageBaseAddress/3.0.0", "Package content (flat container)");
        for (String type : List.of("LegacyGallery", "LegacyGallery/2.0.0")) {
            resource(resources, base + "/v2", type, "The v2 OData feed (nuget list reads it)");
        }
        if (publish) {
            resource(resources, base, "PackagePublish/2.0.0", "Push and delete packages");
            resource(resources, base + "/symbolpackage", "SymbolPackagePublish/4.9.0", "Push symbol packages");
        }
        return JSON.writeValueAsString(root);
    }

    private static void resource(ArrayNode resources, String id, String type, String comment) {
        ObjectNode r = resources.addObject();
        r.put("@id", id);
        r.put("@type", type);
        r.put("comment", comment);
    }

    /** The registration index of one id: pages of {@link #PAGE} versions, oldest first, every page inlined. */
    static String registrationIndex(String base, List<Entry> versions) {
        String index = registrationUrl(base, versions.get(0).lowerId());
        ObjectNode root = JSON.createObjectNode();
        root.put("@id", index);
        root.put("count", (versions.size() + PAGE - 1) / PAGE);
        ArrayNode pages = root.putArray("items");
        for (int from = 0; from < versions.size(); from += PAGE) {
            List<Entry> slice = versions.subList(from, Math.min(versions.size(), from + PAGE));
            String lower = slice.get(0).version().lower();
            String upper = slice.get(slice.size() - 1).version().lower();
            ObjectNode page = pages.addObject();
            page.put("@id", index + "#page/" + lower + "/" + upper);
            page.put("count", slice.size());
            page.put("lower", lower);
            page.put("upper", upper);
            page.put("parent", index);
            ArrayNode items = page.putArray("items");
            for (Entry e : slice) {
                ObjectNode leaf = items.addObject();
                leaf.put("@id", leafUrl(base, e));
                leaf.put("@type", "Package");
                leaf.put("commitTimeStamp", ISO.format(Instant.ofEpochMilli(e.pkg().updatedAt())));
                leaf.set("catalogEntry", catalogEntry(base, e));
                leaf.put("packageContent", contentUrl(base, e));
                leaf.put("registration", index);
            }
        }
        return JSON.writeValueAsString(root);
    }

    /** A registration leaf: one version. */
    static String registrationLeaf(String base, Entry e) {
        ObjectNode root = JSON.createObjectNode();
        root.put("@id", leafUrl(base, e));
        root.putArray("@type").add("Package").add("http://schema.nuget.org/catalog#Permalink");
        root.set("catalogEntry", catalogEntry(base, e));
        root.put("listed", true);
        root.put("packageContent", contentUrl(base, e));
        root.put("published", ISO.format(Instant.ofEpochMilli(e.pkg().createdAt())));
        root.put("registration", registrationUrl(base, e.lowerId()));
        return JSON.writeValueAsString(root);
    }

    private static ObjectNode catalogEntry(String base, Entry e) {
        ObjectNode c = JSON.createObjectNode();
        c.put("@id", leafUrl(base, e));
        c.put("@type", "PackageDetails");
        c.put("id", e.id());
        c.put("version", e.meta().path("fullVersion").asString(e.version().normalized()));
        c.put("authors", e.meta().path("authors").asString(""));
        c.put("description", e.meta().path("description").asString(""));
        ArrayNode groups = c.putArray("dependencyGroups");
        for (JsonNode g : e.meta().path("dependencyGroups")) {
            ObjectNode group = groups.addObject();
            String tfm = g.path("targetFramework").asString(null);
            group.put("@id", leafUrl(base, e) + "#dependencygroup" + (tfm == null ? "" : "/" + tfm.toLowerCase(Locale.ROOT)));
            group.put("@type", "PackageDependencyGroup");
            if (tfm != null) group.put("targetFramework", tfm);
            ArrayNode deps = group.putArray("dependencies");
            for (JsonNode d : g.path("dependencies")) {
                ObjectNode dep = deps.addObject();
                String depId = d.path("id").asString();
                dep.put("@id", leafUrl(base, e) + "#dependencygroup/" + depId.toLowerCase(Locale.ROOT));
                dep.put("@type", "PackageDependency");
                dep.put("id", depId);
                dep.put("range", d.path("range").asString("(, )"));
                dep.put("registration", registrationUrl(base, depId.toLowerCase(Locale.ROOT)));
            }
        }
        for (String field : List.of("iconUrl", "language", "licenseUrl", "projectUrl", "summary", "title",
                "releaseNotes", "copyright")) {
            if (e.text(field) != null) c.put(field, e.text(field));
        }
        if ("expression".equals(e.text("licenseType")) && e.text("license") != null) {
            c.put("licenseExpression", e.text("license"));
        }
        c.put("listed", true);
        c.put("packageContent", contentUrl(base, e));
        c.put("published", ISO.format(Instant.ofEpochMilli(e.pkg().createdAt())));
        c.put("requireLicenseAcceptance", e.meta().path("requireLicenseAcceptance").asBoolean(false));
        ArrayNode tags = c.putArray("tags");
        for (String tag : tags(e)) tags.add(tag);
        return c;
    }

    /** The flat container's version list: normalized, lower case, ascending. */
    static String versionList(List<Entry> versions) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode list = root.putArray("versions");
        versions.forEach(e -> list.add(e.version().lower()));
        return JSON.writeValueAsString(root);
    }

    /** One search result: a package id with its versions (ascending) and the newest version's metadata. */
    record Hit(List<Entry> versions) {
        Entry latest() { return versions.get(versions.size() - 1); }
    }

    static String search(String base, long totalHits, List<Hit> hits) {
        ObjectNode root = JSON.createObjectNode();
        root.put("totalHits", totalHits);
        ArrayNode data = root.putArray("data");
        for (Hit hit : hits) {
            Entry latest = hit.latest();
            ObjectNode d = data.addObject();
            String registration = registrationUrl(base, latest.lowerId());
            d.put("@id", registration);
            d.put("@type", "Package");
            d.put("registration", registration);
            d.put("id", latest.id());
            d.put("version", latest.meta().path("fullVersion").asString(latest.version().normalized()));
            d.put("description", latest.meta().path("description").asString(""));
            for (String field : List.of("summary", "title", "iconUrl", "licenseUrl", "projectUrl")) {
                if (latest.text(field) != null) d.put(field, latest.text(field));
            }
            ArrayNode tags = d.putArray("tags");
            for (String tag : tags(latest)) tags.add(tag);
            ArrayNode authors = d.putArray("authors");
            for (String a : latest.meta().path("authors").asString("").split(",")) {
                if (!a.isBlank()) authors.add(a.trim());
            }
            d.put("totalDownloads", 0);
            d.put("verified", false);
            d.putArray("packageTypes").addObject().put("name", "Dependency");
            ArrayNode versions = d.putArray("versions");
            for (Entry e : hit.versions()) {
                ObjectNode v = versions.addObject();
                v.put("version", e.meta().path("fullVersion").asString(e.version().normalized()));
                v.put("downloads", 0);
                v.put("@id", leafUrl(base, e));
            }
        }
        return JSON.writeValueAsString(root);
    }

    static String registrationUrl(String base, String lowerId) {
        return base + "/metadata/" + lowerId + "/index.json";
    }

    static String leafUrl(String base, Entry e) {
        return base + "/metadata/" + e.lowerId() + "/" + e.version().lower() + ".json";
    }

    static String contentUrl(String base, Entry e) {
        return base + "/download/" + e.lowerId() + "/" + e.version().lower() + "/" + fileName(e.lowerId(), e.version(), ".nupkg");
    }

    static String fileName(String lowerId, NugetVersion v, String extension) {
        return lowerId + "." + v.lower() + extension;
    }

    private static List<String> tags(Entry e) {
        List<String> out = new ArrayList<>();
        for (String t : e.meta().path("tags").asString("").split("[\\s,;]+")) {
            if (!t.isBlank()) out.add(t);
        }
        return out;
    }
}
