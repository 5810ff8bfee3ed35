package depot.format.rpm;

import depot.format.rpm.RpmPackage.Dep;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * A repository's metadata as createrepo_c writes it: {@code primary.xml}, {@code filelists.xml} and
 * {@code other.xml} (each gzipped, named by its checksum) and the {@code repomd.xml} naming them with their
 * checksums and sizes. Written with the JDK's StAX writer, so every value is escaped.
 */
final class Repodata {
    static final String COMMON = "http://linux.duke.edu/metadata/common";
    static final String RPM = "http://linux.duke.edu/metadata/rpm";
    private static final XMLOutputFactory XML = XMLOutputFactory.newFactory();

    /** One package as a repository lists it: its metadata, SHA-256, size, time of upload (seconds) and location. */
    record Listed(RpmPackage pkg, String sha256, long size, long fileTime, String href) {}

    /** A metadata file of the repository: its type, its path under the repository and its bytes. */
    record DataFile(String type, String path, byte[] gz, byte[] plain) {}

    private Repodata() {}

    /** The three metadata files for {@code packages} (in the order given), and the repomd.xml naming them. */
    static Map<String, byte[]> build(List<Listed> packages, long revision) {
        List<DataFile> data = List.of(data("primary", primary(packages)), data("filelists", filelists(packages)),
                data("other", other(packages)));
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (DataFile f : data) files.put(f.path(), f.gz());
        files.put("repodata/repomd.xml", repomd(data, revision));
        return files;
    }

    private static DataFile data(String type, byte[] plain) {
        byte[] gz = gzip(plain);
        return new DataFile(type, "repodata/" + sha256(gz) + "-" + type + ".xml.gz", gz, plain);
    }

    static byte[] primary(List<Listed> packages) {
        return document(w -> {
            w.writeStartElement("metadata");
            w.writeDefaultNamespace(COMMON);
            w.writeNamespace("rpm", RPM);
            w.writeAttribute("packages", Integer.toString(packages.size()));
            for (Listed l : packages) {
                RpmPackage p = l.pkg();
                newline(w, 1);
                w.writeStartElement("package");
                w.writeAttribute("type", "rpm");
                element(w, 2, "name", p.name());
                element(w, 2, "arch", p.arch());
                newline(w, 2);
                version(w, p);
                newline(w, 2);
                w.writeStartElement("checksum");
                w.writeAttribute("type", "sha256");
                w.writeAttribute("pkgid", "YES");
                w.writeCharacters(l.sha256());
                w.writeEndElement();
                element(w, 2, "summary", p.summary());
                element(w, 2, "description", p.description());
                element(w, 2, "packager", p.packager());
                element(w, 2, "url", p.url());
                empty(w, 2, "time", "file", Long.toString(l.fileTime()), "build", Long.toString(p.buildTime()));
                empty(w, 2, "size", "package", Long.toString(l.size()), "installed", Long.toString(p.installedSize()),
                        "archive", Long.toString(p.archiveSize()));
                empty(w, 2, "location", "href", l.href());
                newline(w, 2);
                w.writeStartElement("format");
                element(w, 3, "rpm:license", p.license());
                element(w, 3, "rpm:vendor", p.vendor());
                element(w, 3, "rpm:group", p.group());
                element(w, 3, "rpm:buildhost", p.buildHost());
                element(w, 3, "rpm:sourcerpm", p.sourceRpm());
                empty(w, 3, "rpm:header-range", "start", Long.toString(p.headerStart()), "end", Long.toString(p.headerEnd()));
                for (RpmPackage.Kind kind : p.dependencyKinds()) {
                    List<Dep> deps = listed(kind.element(), kind.deps(), p);
                    if (deps.isEmpty()) continue;
                    newline(w, 3);
                    w.writeStartElement("rpm:" + kind.element());
                    for (Dep d : deps) entry(w, d, kind.element().equals("requires"));
                    newline(w, 3);
                    w.writeEndElement();
                }
                for (RpmPackage.FileEntry f : p.files()) {
                    if (primaryFile(f.path())) file(w, 3, f);
                }
                newline(w, 2);
                w.writeEndElement();
                newline(w, 1);
                w.writeEndElement();
            }
            newline(w, 0);
            w.writeEndElement();
        });
    }

    static byte[] filelists(List<Listed> packages) {
        return document(w -> {
            w.writeStartElement("filelists");
            w.writeDefaultNamespace("http://linux.duke.edu/metadata/filelists");
            w.writeAttribute("packages", Integer.toString(packages.size()));
            for (Listed l : packages) {
                start(w, l);
                for (RpmPackage.FileEntry f : l.pkg().files()) file(w, 2, f);
                newline(w, 1);
                w.writeEndElement();
            }
            newline(w, 0);
            w.writeEndElement();
        });
    }

    static byte[] other(List<Listed> packages) {
        return document(w -> {
            w.writeStartElement("otherdata");
            w.writeDefaultNamespace("http://linux.duke.edu/metadata/other");
            w.writeAttribute("packages", Integer.toString(packages.size()));
            for (Listed l : packages) {
                start(w, l);
                for (RpmPackage.Change c : l.pkg().changelogs()) {
                    newline(w, 2);
                    w.writeStartElement("changelog");
                    w.writeAttribute("author", clean(c.author()));
                    w.writeAttribute("date", Long.toString(c.date()));
                    w.writeCharacters(clean(c.text()));
                    w.writeEndElement();
                }
                newline(w, 1);
                w.writeEndElement();
            }
            newline(w, 0);
            w.writeEndElement();
        });
    }

    static byte[] repomd(List<DataFile> data, long revision) {
        return document(w -> {
            w.writeStartElement("repomd");
            w.writeDefaultNamespace("http://linux.duke.edu/metadata/repo");
            w.writeNamespace("rpm", RPM);
            element(w, 1, "revision", Long.toString(revision));
            for (DataFile f : data) {
                newline(w, 1);
                w.writeStartElement("data");
                w.writeAttribute("type", f.type());
                checksum(w, "checksum", sha256(f.gz()));
                checksum(w, "open-checksum", sha256(f.plain()));
                empty(w, 2, "location", "href", f.path());
                element(w, 2, "timestamp", Long.toString(revision));
                element(w, 2, "size", Long.toString(f.gz().length));
                element(w, 2, "open-size", Long.toString(f.plain().length));
                newline(w, 1);
                w.writeEndElement();
            }
            newline(w, 0);
            w.writeEndElement();
        });
    }

    /**
     * The dependencies of a kind as createrepo_c lists them: each once; of the requires, none on rpmlib features
     * (rpm's own) and none on a file the package itself holds.
     */
    static List<Dep> listed(String kind, List<Dep> deps, RpmPackage p) {
        Set<String> seen = new HashSet<>();
        Set<String> ownFiles = null;
        List<Dep> out = new ArrayList<>();
        for (Dep d : deps) {
            if (kind.equals("requires")) {
                if (d.name().startsWith("rpmlib(")) continue;
                if (d.name().startsWith("/")) {
                    if (ownFiles == null) {
                        ownFiles = new HashSet<>();
                        for (RpmPackage.FileEntry f : p.files()) ownFiles.add(f.path());
                    }
                    if (ownFiles.contains(d.name())) continue;
                }
            }
            if (seen.add(d.name() + "\u0000" + (d.flags() & 0xF) + "\u0000" + d.evr() + "\u0000" + pre(d))) out.add(d);
        }
        return out;
    }

    /** A require needed before installing (a scriptlet's interpreter, {@code Requires(pre)} and the like). */
    static boolean pre(Dep d) {
        return (d.flags() & ((1 << 6) | (1 << 9) | (1 << 10))) != 0;
    }

    /** createrepo_c's files in primary: configuration under /etc, anything in a bin directory, sendmail. */
    static boolean primaryFile(String path) {
        return path.startsWith("/etc/") || path.contains("bin/") || path.equals("/usr/lib/sendmail");
    }

    private static void entry(XMLStreamWriter w, Dep d, boolean requires) throws XMLStreamException {
        newline(w, 4);
        w.writeEmptyElement("rpm:entry");
        w.writeAttribute("name", clean(d.name()));
        String flags = switch ((int) (d.flags() & 0xF)) {
            case 2 -> "LT";
            case 4 -> "GT";
            case 8 -> "EQ";
            case 10 -> "LE";
            case 12 -> "GE";
            default -> null;
        };
        if (flags != null) {
            w.writeAttribute("flags", flags);
            String evr = d.evr();
            String epoch = "0";
            int colon = evr.indexOf(':');
            if (colon > 0 && evr.substring(0, colon).chars().allMatch(Character::isDigit)) {
                epoch = evr.substring(0, colon);
                evr = evr.substring(colon + 1);
            }
            int dash = evr.indexOf('-');
            w.writeAttribute("epoch", epoch);
            w.writeAttribute("ver", clean(dash < 0 ? evr : evr.substring(0, dash)));
            if (dash >= 0) w.writeAttribute("rel", clean(evr.substring(dash + 1)));
        }
        if (requires && pre(d)) w.writeAttribute("pre", "1");
    }

    private static void start(XMLStreamWriter w, Listed l) throws XMLStreamException {
        newline(w, 1);
        w.writeStartElement("package");
        w.writeAttribute("pkgid", l.sha256());
        w.writeAttribute("name", l.pkg().name());
        w.writeAttribute("arch", l.pkg().arch());
        newline(w, 2);
        version(w, l.pkg());
    }

    private static void version(XMLStreamWriter w, RpmPackage p) throws XMLStreamException {
        w.writeEmptyElement("version");
        w.writeAttribute("epoch", Long.toString(p.epoch()));
        w.writeAttribute("ver", p.version());
        w.writeAttribute("rel", p.release());
    }

    private static void file(XMLStreamWriter w, int depth, RpmPackage.FileEntry f) throws XMLStreamException {
        newline(w, depth);
        w.writeStartElement("file");
        if (!f.type().isEmpty()) w.writeAttribute("type", f.type());
        w.writeCharacters(clean(f.path()));
        w.writeEndElement();
    }

    private static void checksum(XMLStreamWriter w, String name, String hex) throws XMLStreamException {
        newline(w, 2);
        w.writeStartElement(name);
        w.writeAttribute("type", "sha256");
        w.writeCharacters(hex);
        w.writeEndElement();
    }

    private static void element(XMLStreamWriter w, int depth, String name, String text) throws XMLStreamException {
        newline(w, depth);
        w.writeStartElement(name);
        w.writeCharacters(clean(text));
        w.writeEndElement();
    }

    private static void empty(XMLStreamWriter w, int depth, String name, String... attributes) throws XMLStreamException {
        newline(w, depth);
        w.writeEmptyElement(name);
        for (int i = 0; i < attributes.length; i += 2) w.writeAttribute(attributes[i], clean(attributes[i + 1]));
    }

    private static void newline(XMLStreamWriter w, int depth) throws XMLStreamException {
        w.writeCharacters("\n" + "  ".repeat(depth));
    }

    /** Text XML 1.0 can hold: characters it forbids (most controls) are left out, as createrepo_c does. */
    static String clean(String s) {
        if (s == null) return "";
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c != 0xFFFE && c != 0xFFFF);
            if (ok && b != null) b.append(c);
            if (!ok && b == null) b = new StringBuilder(s.substring(0, i));
        }
        return b == null ? s : b.toString();
    }

    private interface Body {
        void write(XMLStreamWriter w) throws XMLStreamException;
    }

    private static byte[] document(Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            XMLStreamWriter w = XML.createXMLStreamWriter(out, "UTF-8");
            w.writeStartDocument("UTF-8", "1.0");
            w.writeCharacters("\n");
            body.write(w);
            w.writeCharacters("\n");
            w.writeEndDocument();
            w.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write repodata", e);
        }
        return out.toByteArray();
    }

    static byte[] gzip(byte[] plain) {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(plain);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return gz.toByteArray();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
