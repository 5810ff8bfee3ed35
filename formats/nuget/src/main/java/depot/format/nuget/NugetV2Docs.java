package depot.format.nuget;

import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import tools.jackson.databind.JsonNode;

/**
 * The v2 OData feed's documents (Atom XML) for NuGet 2 clients, built from the same stored versions as
 * {@link NugetDocs}: the service document, {@code $metadata}, feeds of versions and single entries.
 */
final class NugetV2Docs {
    private static final String ATOM = "http://www.w3.org/2005/Atom";
    private static final String D = "http://schemas.microsoft.com/ado/2007/08/dataservices";
    private static final String M = "http://schemas.microsoft.com/ado/2007/08/dataservices/metadata";

    private NugetV2Docs() {}

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
    static String v2Feed(String base, String title, List<NugetDocs.Entry> entries, Set<NugetDocs.Entry> latest,
                         Set<NugetDocs.Entry> absoluteLatest, long now) {
        return xml(w -> {
            w.writeStartElement("feed");
            w.writeAttribute("xml:base", base + "/v2");
            namespaces(w);
            element(w, "id", base + "/v2/" + title);
            w.writeStartElement("title");
            w.writeAttribute("type", "text");
            w.writeCharacters(title);
            w.writeEndElement();
            element(w, "updated", NugetDocs.ISO.format(Instant.ofEpochMilli(now)));
            w.writeEmptyElement("link");
            w.writeAttribute("rel", "self");
            w.writeAttribute("title", title);
            w.writeAttribute("href", title);
            for (NugetDocs.Entry e : entries) entry(w, base, e, latest.contains(e), absoluteLatest.contains(e), false);
            w.writeEndElement();
        });
    }

    /** One version as a standalone entry document: {@code Packages(Id='…',Version='…')}. */
    static String v2Entry(String base, NugetDocs.Entry e, boolean latest, boolean absoluteLatest) {
        return xml(w -> entry(w, base, e, latest, absoluteLatest, true));
    }

    private static void namespaces(XMLStreamWriter w) throws XMLStreamException {
        w.writeDefaultNamespace(ATOM);
        w.writeNamespace("d", D);
        w.writeNamespace("m", M);
    }

    private static void entry(XMLStreamWriter w, String base, NugetDocs.Entry e, boolean latest, boolean absoluteLatest,
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
        element(w, "updated", NugetDocs.ISO.format(Instant.ofEpochMilli(e.pkg().updatedAt())));
        w.writeStartElement("author");
        element(w, "name", e.meta().path("authors").asString(""));
        w.writeEndElement();
        w.writeEmptyElement("content");
        w.writeAttribute("type", "application/zip");
        w.writeAttribute("src", NugetDocs.contentUrl(base, e));
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
        property(w, "LastUpdated", "Edm.DateTime", NugetDocs.ISO.format(Instant.ofEpochMilli(e.pkg().updatedAt())));
        property(w, "Listed", "Edm.Boolean", "true");
        property(w, "LicenseUrl", null, e.text("licenseUrl"));
        property(w, "PackageHash", null, Base64.getEncoder().encodeToString(HexFormat.of().parseHex(e.nupkg().sha512())));
        property(w, "PackageHashAlgorithm", null, "SHA512");
        property(w, "PackageSize", "Edm.Int64", Long.toString(e.nupkg().size()));
        property(w, "ProjectUrl", null, e.text("projectUrl"));
        property(w, "Published", "Edm.DateTime", NugetDocs.ISO.format(Instant.ofEpochMilli(e.pkg().createdAt())));
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
