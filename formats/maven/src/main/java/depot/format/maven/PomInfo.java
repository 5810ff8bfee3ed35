package depot.format.maven;

import depot.core.error.DepotException;
import depot.http.SafeXml;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * What the detail page shows of a POM: packaging, name, description, url, and its direct dependencies (the first
 * {@link #MAX_DEPENDENCIES}, each {@code groupId:artifactId}, version and scope as written). Parsing refuses any DOCTYPE, so
 * external entities (XXE) and entity expansion ("billion laughs") never run; a POM that is not XML is invalid.
 */
public final class PomInfo {
    static final int MAX_DEPENDENCIES = 500;

    private PomInfo() {}

    public static Map<String, Object> read(InputStream in) throws IOException {
        Element project;
        try {
            project = SafeXml.parse(in);
        } catch (SAXException e) {
            throw new DepotException.Invalid("the POM is not valid XML: " + e.getMessage());
        }
        if (!"project".equals(project.getLocalName())) throw new DepotException.Invalid("the POM has no <project> root");
        Map<String, Object> info = new LinkedHashMap<>();
        for (String field : new String[] {"packaging", "name", "description", "url"}) {
            String v = child(project, field);
            if (v != null) info.put(field, v.length() > 2000 ? v.substring(0, 2000) : v);
        }
        info.putIfAbsent("packaging", "jar");
        java.util.List<Map<String, String>> dependencies = new java.util.ArrayList<>();
        Element list = element(project, "dependencies");
        for (Node n = list == null ? null : list.getFirstChild(); n != null && dependencies.size() < MAX_DEPENDENCIES;
                n = n.getNextSibling()) {
            if (!(n instanceof Element d) || !"dependency".equals(d.getLocalName())) continue;
            Map<String, String> dep = new LinkedHashMap<>();
            dep.put("name", clip(child(d, "groupId")) + ":" + clip(child(d, "artifactId")));
            dep.put("version", clip(child(d, "version")));
            String scope = child(d, "scope");
            dep.put("scope", (scope == null ? "compile" : clip(scope)) + ("true".equals(child(d, "optional")) ? ", optional" : ""));
            dependencies.add(dep);
        }
        if (!dependencies.isEmpty()) info.put("dependencies", dependencies);
        return info;
    }

    private static String clip(String v) {
        return v == null ? "" : v.length() > 200 ? v.substring(0, 200) : v;
    }

    private static Element element(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name.equals(e.getLocalName())) return e;
        }
        return null;
    }

    private static String child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name.equals(e.getLocalName())) return e.getTextContent().trim();
        }
        return null;
    }
}
