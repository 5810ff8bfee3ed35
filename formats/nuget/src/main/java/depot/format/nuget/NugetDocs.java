package depot.format.nuget;

import depot.core.model.Package;
import depot.core.model.PackageFile;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The documents NuGet clients read, built from stored versions: the v3 service index, registration index and leaf,
 * flat-container version list and search results (JSON), and the v2 OData feed (Atom XML). {@code base} is the
 * feed's URL without a trailing slash ({@code …/projects/7/packages/nuget}).
 */
final class NugetDocs {
    static final ObjectMapper JSON = JsonMapper.builder().build();
    /** Versions per registration page; every page is inlined, as the registry does for small packages. */
    static final int PAGE = 128;
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final String ATOM = "http://www.w3.org/2005/Atom";
    private static final String D = "http://schemas.microsoft.com/ado/2007/08/dataservices";
    private static final String M = "http://schemas.microsoft.com/ado/2007/08/dataservices/metadata";

    private NugetDocs() {}

    /** One stored version with its parsed metadata and its {@code .nupkg}. */
    record Entry(Package pkg, NugetVersion version, JsonNode meta, PackageFile nupkg) {
        String id() { return pkg.name(); }

        String lowerId() { return pkg.normalizedName(); }

        String text(String field) { return meta.path(field).isString() ? meta.get(field).asString() : null; }
    }

    // ---- v3

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

    // ---- v2 (OData, Atom)

    static String v2Service(String base) {
        return xml(w -> {
            w.writeStartElement("service");
            w.writeDefaultNamespace("http://www.w3.org/2007/app");
            w.writeNamespace("atom", ATOM);
            w.writeAttribute("xml:base", base + "/v2");
            w.writeStartElement("workspace");
            w.writeStartElement("atom", "title", ATOM);
            w.writeCharacters("Default");
            w.writeEndElement();
            w.writeStartElement("collection");
            w.writeAttribute("href", "Packages");
            w.writeStartElement("atom", "title", ATOM);
            w.writeCharacters("Packages");
            w.writeEndElement();
            w.writeEndElement();
            w.writeEndElement();
            w.writeEndElement();
        });
    }

    /** The entity data model of the feed: the V2FeedPackage properties Depot fills, and the functions it answers. */
    static String v2Metadata() {
        return xml(w -> {
            w.writeStartElement("edmx", "Edmx", "http://schemas.microsoft.com/ado/2007/06/edmx");
            w.writeNamespace("edmx", "http://schemas.microsoft.com/ado/2007/06/edmx");
            w.writeAttribute("Version", "1.0");
            w.writeStartElement("edmx", "DataServices", "http://schemas.microsoft.com/ado/2007/06/edmx");
            w.writeNamespace("m", M);
            w.writeAttribute("m", M, "DataServiceVersion", "2.0");
            w.writeAttribute("m", M, "MaxDataServiceVersion", "2.0");
            w.writeStartElement("Schema");
            w.writeDefaultNamespace("http://schemas.microsoft.com/ado/2006/04/edm");
            w.writeAttribute("Namespace", "NuGetGallery.OData");
            w.writeStartElement("EntityType");
            w.writeAttribute("Name", "V2FeedPackage");
            w.writeAttribute("m", M, "HasStream", "true");
            w.writeStartElement("Key");
            for (String k : List.of("Id", "Version")) {
                w.writeEmptyElement("PropertyRef");
                w.writeAttribute("Name", k);
            }
            w.writeEndElement();
            for (String[] p : V2_PROPERTIES) {
                w.writeEmptyElement("Property");
                w.writeAttribute("Name", p[0]);
                w.writeAttribute("Type", p[1]);
                w.writeAttribute("Nullable", p[0].equals("Id") || p[0].equals("Version") ? "false" : "true");
            }
            w.writeEndElement();
            w.writeEndElement();
            w.writeStartElement("Schema");
            w.writeDefaultNamespace("http://schemas.microsoft.com/ado/2006/04/edm");
            w.writeAttribute("Namespace", "NuGetGallery");
            w.writeStartElement("EntityContainer");
            w.writeAttribute("Name", "V2FeedContext");
            w.writeAttribute("m", M, "IsDefaultEntityContainer", "true");
            w.writeEmptyElement("EntitySet");
            w.writeAttribute("Name", "Packages");
            w.writeAttribute("EntityType", "NuGetGallery.OData.V2FeedPackage");
            function(w, "FindPackagesById", List.of("id"));
            function(w, "Search", List.of("searchTerm", "targetFramework"));
            w.writeEndElement();
            w.writeEndElement();
            w.writeEndElement();
            w.writeEndElement();
        });
    }

    private static void function(XMLStreamWriter w, String name, List<String> params) throws XMLStreamException {
        w.writeStartElement("FunctionImport");
        w.writeAttribute("Name", name);
        w.writeAttribute("ReturnType", "Collection(NuGetGallery.OData.V2FeedPackage)");
        w.writeAttribute("EntitySet", "Packages");
        for (String p : params) {
            w.writeEmptyElement("Parameter");
            w.writeAttribute("Name", p);
            w.writeAttribute("Type", "Edm.String");
            w.writeAttribute("FixedLength", "false");
            w.writeAttribute("Unicode", "false");
        }
        w.writeEndElement();
    }

    private static final String[][] V2_PROPERTIES = {
            {"Id", "Edm.String"}, {"Version", "Edm.String"}, {"NormalizedVersion", "Edm.String"},
            {"Authors", "Edm.String"}, {"Copyright", "Edm.String"}, {"Dependencies", "Edm.String"},
            {"Description", "Edm.String"}, {"DownloadCount", "Edm.Int32"}, {"IconUrl", "Edm.String"},
            {"IsLatestVersion", "Edm.Boolean"}, {"IsAbsoluteLatestVersion", "Edm.Boolean"},
            {"IsPrerelease", "Edm.Boolean"}, {"LastUpdated", "Edm.DateTime"}, {"Listed", "Edm.Boolean"},
            {"LicenseUrl", "Edm.String"}, {"PackageHash", "Edm.String"}, {"PackageHashAlgorithm", "Edm.String"},
            {"PackageSize", "Edm.Int64"}, {"ProjectUrl", "Edm.String"}, {"Published", "Edm.DateTime"},
            {"ReleaseNotes", "Edm.String"}, {"RequireLicenseAcceptance", "Edm.Boolean"}, {"Summary", "Edm.String"},
            {"Tags", "Edm.String"}, {"Title", "Edm.String"}, {"VersionDownloadCount", "Edm.Int32"}};

    /** An Atom feed of versions, as FindPackagesById(), Packages() and Search() answer. */
    static String v2Feed(String base, String title, List<Entry> entries, java.util.Set<Entry> latest,
                         java.util.Set<Entry> absoluteLatest, long now) {
        return xml(w -> {
            w.writeStartElement("feed");
            w.writeAttribute("xml:base", base + "/v2");
            namespaces(w);
            element(w, "id", base + "/v2/" + title);
            w.writeStartElement("title");
            w.writeAttribute("type", "text");
            w.writeCharacters(title);
            w.writeEndElement();
            element(w, "updated", ISO.format(Instant.ofEpochMilli(now)));
            w.writeEmptyElement("link");
            w.writeAttribute("rel", "self");
            w.writeAttribute("title", title);
            w.writeAttribute("href", title);
            for (Entry e : entries) entry(w, base, e, latest.contains(e), absoluteLatest.contains(e), false);
            w.writeEndElement();
        });
    }

    /** One version as a standalone entry document: {@code Packages(Id='…',Version='…')}. */
    static String v2Entry(String base, Entry e, boolean latest, boolean absoluteLatest) {
        return xml(w -> entry(w, base, e, latest, absoluteLatest, true));
    }

    private static void namespaces(XMLStreamWriter w) throws XMLStreamException {
        w.writeDefaultNamespace(ATOM);
        w.writeNamespace("d", D);
        w.writeNamespace("m", M);
    }

    private static void entry(XMLStreamWriter w, String base, Entry e, boolean latest, boolean absoluteLatest,
                              boolean root) throws XMLStreamException {
        w.writeStartElement("entry");
        if (root) {
            w.writeAttribute("xml:base", base + "/v2");
            namespaces(w);
        }
        String key = "Packages(Id='" + e.id() + "',Version='" + e.version().normalized() + "')";
        element(w, "id", base + "/v2/" + key);
        w.writeEmptyElement("category");
        w.writeAttribute("term", "NuGetGallery.OData.V2FeedPackage");
        w.writeAttribute("scheme", "http://schemas.microsoft.com/ado/2007/08/dataservices/scheme");
        w.writeEmptyElement("link");
        w.writeAttribute("rel", "edit");
        w.writeAttribute("title", "V2FeedPackage");
        w.writeAttribute("href", key);
        w.writeStartElement("title");
        w.writeAttribute("type", "text");
        w.writeCharacters(e.id());
        w.writeEndElement();
        w.writeStartElement("summary");
        w.writeAttribute("type", "text");
        w.writeCharacters(e.meta().path("summary").asString(""));
        w.writeEndElement();
        element(w, "updated", ISO.format(Instant.ofEpochMilli(e.pkg().updatedAt())));
        w.writeStartElement("author");
        element(w, "name", e.meta().path("authors").asString(""));
        w.writeEndElement();
        w.writeEmptyElement("content");
        w.writeAttribute("type", "application/zip");
        w.writeAttribute("src", contentUrl(base, e));
        w.writeStartElement("m", "properties", M);
        property(w, "Id", null, e.id());
        property(w, "Version", null, e.version().normalized());
        property(w, "NormalizedVersion", null, e.version().normalized());
        property(w, "Authors", null, e.meta().path("authors").asString(""));
        property(w, "Copyright", null, e.text("copyright"));
        property(w, "Dependencies", null, v2Dependencies(e.meta()));
        property(w, "Description", null, e.meta().path("description").asString(""));
        property(w, "DownloadCount", "Edm.Int32", "0");
        property(w, "IconUrl", null, e.text("iconUrl"));
        property(w, "IsLatestVersion", "Edm.Boolean", Boolean.toString(latest));
        property(w, "IsAbsoluteLatestVersion", "Edm.Boolean", Boolean.toString(absoluteLatest));
        property(w, "IsPrerelease", "Edm.Boolean", Boolean.toString(e.version().prerelease()));
        property(w, "LastUpdated", "Edm.DateTime", ISO.format(Instant.ofEpochMilli(e.pkg().updatedAt())));
        property(w, "Listed", "Edm.Boolean", "true");
        property(w, "LicenseUrl", null, e.text("licenseUrl"));
        property(w, "PackageHash", null, Base64.getEncoder().encodeToString(HexFormat.of().parseHex(e.nupkg().sha512())));
        property(w, "PackageHashAlgorithm", null, "SHA512");
        property(w, "PackageSize", "Edm.Int64", Long.toString(e.nupkg().size()));
        property(w, "ProjectUrl", null, e.text("projectUrl"));
        property(w, "Published", "Edm.DateTime", ISO.format(Instant.ofEpochMilli(e.pkg().createdAt())));
        property(w, "ReleaseNotes", null, e.text("releaseNotes"));
        property(w, "RequireLicenseAcceptance", "Edm.Boolean",
                Boolean.toString(e.meta().path("requireLicenseAcceptance").asBoolean(false)));
        property(w, "Summary", null, e.text("summary"));
        property(w, "Tags", null, e.text("tags"));
        property(w, "Title", null, e.text("title"));
        property(w, "VersionDownloadCount", "Edm.Int32", "0");
        w.writeEndElement();
        w.writeEndElement();
    }

    /** NuGet 2's dependency string: {@code id:range:framework} joined by {@code |}; {@code ::tfm} for an empty group. */
    static String v2Dependencies(JsonNode meta) {
        List<String> parts = new ArrayList<>();
        for (JsonNode g : meta.path("dependencyGroups")) {
            String tfm = g.path("targetFramework").asString("");
            if (g.path("dependencies").isEmpty()) {
                if (!tfm.isEmpty()) parts.add("::" + tfm);
                continue;
            }
            for (JsonNode d : g.path("dependencies")) {
                parts.add(d.path("id").asString() + ":" + d.path("range").asString("") + ":" + tfm);
            }
        }
        return String.join("|", parts);
    }

    private static void property(XMLStreamWriter w, String name, String type, String value) throws XMLStreamException {
        if (value == null) {
            w.writeEmptyElement("d", name, D);
            w.writeAttribute("m", M, "null", "true");
            return;
        }
        w.writeStartElement("d", name, D);
        if (type != null) w.writeAttribute("m", M, "type", type);
        w.writeCharacters(value);
        w.writeEndElement();
    }

    private static void element(XMLStreamWriter w, String name, String text) throws XMLStreamException {
        w.writeStartElement(name);
        w.writeCharacters(text);
        w.writeEndElement();
    }

    private interface XmlBody {
        void write(XMLStreamWriter w) throws XMLStreamException;
    }

    private static String xml(XmlBody body) {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter w = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            w.writeStartDocument("utf-8", "1.0");
            body.write(w);
            w.writeEndDocument();
            w.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }
}
