package depot.http;

import java.io.IOException;
import java.io.InputStream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.xml.sax.SAXException;

/**
 * Parses XML that came from a client (a POM, a nuspec): any DOCTYPE is refused, so external entities (XXE) and
 * entity expansion ("billion laughs") never run; no schema, DTD or XInclude is fetched. Namespace-aware.
 */
public final class SafeXml {
    private SafeXml() {}

    /** The document element; SAXException for anything that is not well-formed, badly encoded, or has a DOCTYPE. */
    public static Element parse(InputStream in) throws SAXException, IOException {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            f.setNamespaceAware(true);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            return b.parse(in).getDocumentElement();
        } catch (java.io.CharConversionException | java.io.UnsupportedEncodingException e) {
            // bytes that are not in the declared encoding, or an encoding no one knows: the document is at fault
            throw new SAXException("the document's encoding is unknown or its bytes do not match it: " + e.getMessage());
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser lacks a safety feature", e);
        }
    }
}
