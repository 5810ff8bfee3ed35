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
 * What the detail page shows of a POM: packaging, name, description, url. Parsing refuses any DOCTYPE, so
 * external entities (XXE) and entity expansion ("billion laughs") never run; a POM that is not XML is invalid.
 */
public final class PomInfo {
    private PomInfo() {}

    public static Map<String, String> read(InputStream in) throws IOException {
        Element project;
        try {
            project = SafeXml.parse(in);
        } catch (SAXException e) {
            throw new DepotException.Invalid("the POM is not valid XML: " + e.getMessage());
        }
        if (!"project".equals(project.getLocalName())) throw new DepotException.Invalid("the POM has no <project> root");
        Map<String, String> info = new LinkedHashMap<>();
        for (String field : new String[] {"packaging", "name", "description", "url"}) {
            String v = child(project, field);
            if (v != null) info.put(field, v.length() > 2000 ? v.substring(0, 2000) : v);
        }
        info.putIfAbsent("packaging", "jar");
        return info;
    }

    private static String child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name.equals(e.getLocalName())) return e.getTextContent().trim();
        }
        return null;
    }
}
