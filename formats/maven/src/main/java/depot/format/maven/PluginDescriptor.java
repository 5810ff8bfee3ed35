package depot.format.maven;

import depot.core.blob.BoundedInputStream;
import depot.core.error.DepotException;
import depot.http.ZipLimits;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.SeekableByteChannel;
import java.util.Optional;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * The goal prefix of a Maven plugin ({@code mvn prefix:goal}): the {@code <goalPrefix>} of the plugin descriptor
 * ({@code META-INF/maven/plugin.xml}) in the plugin's jar, else Maven's rule for its artifactId. The jar's central
 * directory is counted before a zip library reads it, and the descriptor is streamed (no DTD, no entities) only
 * until the prefix, from at most {@link #MAX_DESCRIPTOR} bytes.
 */
final class PluginDescriptor {
    static final int MAX_ENTRIES = 100_000;
    static final long MAX_DESCRIPTOR = 16L << 20;
    /** A StAX factory that reads no DTD and resolves no entity: the module's parser of XML it did not write. */
    static final XMLInputFactory XML = XMLInputFactory.newFactory();

    static {
        XML.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        XML.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        XML.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
    }

    private PluginDescriptor() {}

    /** The descriptor's goal prefix, or empty when the jar has no descriptor or it names none. */
    static Optional<String> goalPrefix(SeekableByteChannel jar) throws IOException {
        ZipLimits.requireAtMost(jar, MAX_ENTRIES, "the plugin jar");
        try (ZipFile zip = ZipFile.builder().setSeekableByteChannel(jar).get()) {
            ZipArchiveEntry entry = zip.getEntry("META-INF/maven/plugin.xml");
            if (entry == null) return Optional.empty();
            try (InputStream in = new BoundedInputStream(zip.getInputStream(entry), MAX_DESCRIPTOR)) {
                return goalPrefix(in);
            }
        }
    }

    /** The {@code <goalPrefix>} child of the descriptor's {@code <plugin>} root, read as a stream. */
    static Optional<String> goalPrefix(InputStream descriptor) {
        try {
            XMLStreamReader r = XML.createXMLStreamReader(descriptor);
            try {
                int depth = 0;
                while (r.hasNext()) {
                    int event = r.next();
                    if (event == XMLStreamConstants.START_ELEMENT) {
                        depth++;
                        if (depth == 1 && !r.getLocalName().equals("plugin")) return Optional.empty();
                        if (depth == 2 && r.getLocalName().equals("goalPrefix")) {
                            String prefix = r.getElementText().trim();
                            return valid(prefix) ? Optional.of(prefix) : Optional.empty();
                        }
                    } else if (event == XMLStreamConstants.END_ELEMENT) {
                        depth--;
                    } else if (event == XMLStreamConstants.DTD) {
                        return Optional.empty();
                    }
                }
                return Optional.empty();
            } finally {
                r.close();
            }
        } catch (XMLStreamException e) {
            throw new DepotException.Invalid("the plugin descriptor META-INF/maven/plugin.xml is not valid XML");
        }
    }

    /** Maven's default prefix: {@code maven-X-plugin} and {@code X-maven-plugin} give X; else the artifactId. */
    static String defaultPrefix(String artifactId) {
        if (artifactId.startsWith("maven-") && artifactId.endsWith("-plugin") && artifactId.length() > 13) {
            return artifactId.substring(6, artifactId.length() - 7);
        }
        if (artifactId.endsWith("-maven-plugin") && artifactId.length() > 13) {
            return artifactId.substring(0, artifactId.length() - 13);
        }
        return artifactId;
    }

    private static boolean valid(String prefix) {
        return !prefix.isEmpty() && prefix.length() <= 200 && prefix.chars().noneMatch(c -> c == ':' || c <= ' ');
    }
}
