package depot.format.nuget;

import depot.core.error.DepotException;
import depot.http.SafeXml;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * The parts of a {@code .nuspec} Depot shows and indexes. Parsing refuses any DOCTYPE, so external entities and
 * entity expansion never run; the namespace is not checked (every nuspec schema version is accepted).
 *
 * @param fields     the simple metadata elements that were present (id, version, authors, description …), trimmed
 * @param license    {@code <license>}'s text and its {@code type} ("expression" or "file"), or null
 * @param groups     dependency groups; dependencies outside any group form one group with a null framework
 * @param packageTypes the names in {@code <packageTypes>} ("SymbolsPackage" marks a symbol package)
 */
public record Nuspec(Map<String, String> fields, String license, String licenseType, List<DependencyGroup> groups,
                     List<String> packageTypes, String repositoryUrl) {
    public static final int MAX_BYTES = 1 << 20;
    private static final int MAX_FIELD = 4000;
    private static final List<String> SIMPLE = List.of("id", "version", "title", "authors", "owners", "description",
            "summary", "releaseNotes", "tags", "projectUrl", "iconUrl", "icon", "licenseUrl", "copyright", "language",
            "requireLicenseAcceptance", "readme");

    public record Dependency(String id, String range) {}

    public record DependencyGroup(String targetFramework, List<Dependency> dependencies) {}

    public String id() { return fields.get("id"); }

    public String version() { return fields.get("version"); }

    public String field(String name) { return fields.get(name); }

    public static Nuspec parse(byte[] xml) {
        if (xml.length > MAX_BYTES) throw new DepotException.Invalid("the nuspec is larger than 1 MiB");
        Element root;
        try {
            root = SafeXml.parse(new ByteArrayInputStream(xml));
        } catch (SAXException e) {
            throw new DepotException.Invalid("the nuspec is not valid XML: " + e.getMessage());
        } catch (IOException e) {
            throw new DepotException.Invalid("the nuspec cannot be read: " + e.getMessage());
        }
        if (!"package".equals(root.getLocalName())) throw new DepotException.Invalid("the nuspec has no <package> root");
        Element metadata = child(root, "metadata");
        if (metadata == null) throw new DepotException.Invalid("the nuspec has no <metadata>");
        Map<String, String> fields = new LinkedHashMap<>();
        for (String name : SIMPLE) {
            Element e = child(metadata, name);
            if (e == null) continue;
            String text = e.getTextContent().trim();
            if (text.length() > MAX_FIELD) text = text.substring(0, MAX_FIELD);
            if (!text.isEmpty()) fields.put(name, text);
        }
        if (fields.get("id") == null) throw new DepotException.Invalid("the nuspec has no <id>");
        if (fields.get("version") == null) throw new DepotException.Invalid("the nuspec has no <version>");
        if (!NugetFormat.validId(fields.get("id"))) throw new DepotException.Invalid("invalid package id: " + fields.get("id"));
        NugetVersion.parse(fields.get("version"));
        Element license = child(metadata, "license");
        Element repository = child(metadata, "repository");
        return new Nuspec(fields, license == null ? null : license.getTextContent().trim(),
                license == null ? null : license.getAttribute("type"), groups(child(metadata, "dependencies")),
                packageTypes(child(metadata, "packageTypes")),
                repository == null || repository.getAttribute("url").isBlank() ? null : repository.getAttribute("url"));
    }

    private static List<DependencyGroup> groups(Element dependencies) {
        List<DependencyGroup> groups = new ArrayList<>();
        if (dependencies == null) return groups;
        List<Dependency> loose = new ArrayList<>();
        for (Element e : children(dependencies)) {
            if (e.getLocalName().equals("group")) {
                List<Dependency> deps = new ArrayList<>();
                for (Element d : children(e)) {
                    if (d.getLocalName().equals("dependency")) deps.add(dependency(d));
                }
                String tfm = e.getAttribute("targetFramework");
                groups.add(new DependencyGroup(tfm.isBlank() ? null : tfm.trim(), deps));
            } else if (e.getLocalName().equals("dependency")) {
                loose.add(dependency(e));
            }
        }
        if (!loose.isEmpty()) groups.add(0, new DependencyGroup(null, loose));
        if (groups.size() > 500) throw new DepotException.Invalid("the nuspec has more than 500 dependency groups");
        return groups;
    }

    private static Dependency dependency(Element d) {
        String id = d.getAttribute("id").trim();
        if (!NugetFormat.validId(id)) throw new DepotException.Invalid("invalid dependency id: " + id);
        String range = d.getAttribute("version").trim();
        return new Dependency(id, range.isEmpty() ? null : range);
    }

    private static List<String> packageTypes(Element types) {
        List<String> out = new ArrayList<>();
        if (types == null) return out;
        for (Element e : children(types)) {
            if (e.getLocalName().equals("packageType") && !e.getAttribute("name").isBlank()) out.add(e.getAttribute("name"));
        }
        return out;
    }

    private static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name.equals(e.getLocalName())) return e;
        }
        return null;
    }

    private static List<Element> children(Element parent) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) out.add(e);
        }
        return out;
    }
}
