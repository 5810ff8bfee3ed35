package depot.it.rpm;

import static org.assertj.core.api.Assertions.assertThat;

import depot.it.support.Api;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** Reads repodata served by Depot or written by createrepo_c, and puts it in a form two of them compare in. */
final class Repodata {
    private Repodata() {}

    /** The {@code type} metadata file (primary, filelists, other) the repomd.xml at {@code repo} names, unpacked. */
    static byte[] served(Api api, String repo, String type) throws Exception {
        Api.Response repomd = api.get(repo + "/repodata/repomd.xml");
        assertThat(repomd.status()).as(repomd.body()).isEqualTo(200);
        String href = location(parse(repomd.body().getBytes(java.nio.charset.StandardCharsets.UTF_8)), type);
        HttpResponse<InputStream> file = api.stream(api.request(repo + "/" + href).GET());
        assertThat(file.statusCode()).isEqualTo(200);
        try (InputStream in = new GZIPInputStream(file.body())) {
            return in.readAllBytes();
        }
    }

    /** The same file from a directory createrepo_c indexed. */
    static byte[] local(Path repo, String type) throws Exception {
        String href = location(parse(Files.readAllBytes(repo.resolve("repodata/repomd.xml"))), type);
        byte[] packed = Files.readAllBytes(repo.resolve(href));
        String name = href.toString();
        if (name.endsWith(".zst")) throw new IllegalStateException("createrepo_c wrote zstd; run it with --general-compress-type=gz");
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(packed))) {
            return in.readAllBytes();
        }
    }

    private static String location(Document repomd, String type) {
        NodeList data = repomd.getElementsByTagNameNS("*", "data");
        for (int i = 0; i < data.getLength(); i++) {
            Element e = (Element) data.item(i);
            if (e.getAttribute("type").equals(type)) {
                return ((Element) e.getElementsByTagNameNS("*", "location").item(0)).getAttribute("href");
            }
        }
        throw new AssertionError("repomd.xml names no " + type);
    }

    /**
     * The document as written, but for what differs between two indexers of the same files by design: the time a
     * file was added ({@code time/@file}) and where it lies ({@code location/@href}).
     */
    static String exact(byte[] xml) {
        return new String(xml, java.nio.charset.StandardCharsets.UTF_8).replaceAll("<time file=\"[0-9]+\"", "<time file=\"\"")
                .replaceAll("<location href=\"[^\"]*\"", "<location href=\"\"");
    }

    /**
     * The document without what differs between two indexers of the same files by design: white space between
     * elements, the time a file was added ({@code time/@file}) and where it lies ({@code location/@href}).
     */
    static String normalized(byte[] xml) throws Exception {
        Document d = parse(xml);
        strip(d.getDocumentElement());
        NodeList times = d.getElementsByTagNameNS("*", "time");
        for (int i = 0; i < times.getLength(); i++) ((Element) times.item(i)).removeAttribute("file");
        NodeList locations = d.getElementsByTagNameNS("*", "location");
        for (int i = 0; i < locations.getLength(); i++) ((Element) locations.item(i)).removeAttribute("href");
        var t = TransformerFactory.newInstance().newTransformer();
        t.setOutputProperty(OutputKeys.INDENT, "yes");
        StringWriter out = new StringWriter();
        t.transform(new DOMSource(d), new StreamResult(out));
        return out.toString();
    }

    private static void strip(Node node) {
        for (Node child = node.getFirstChild(); child != null; ) {
            Node next = child.getNextSibling();
            if (child.getNodeType() == Node.TEXT_NODE && child.getTextContent().isBlank()) node.removeChild(child);
            else strip(child);
            child = next;
        }
    }

    private static Document parse(byte[] xml) throws IOException {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
        } catch (javax.xml.parsers.ParserConfigurationException | org.xml.sax.SAXException e) {
            throw new IOException(e);
        }
    }
}
