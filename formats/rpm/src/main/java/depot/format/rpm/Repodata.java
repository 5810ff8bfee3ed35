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

/**
 * A repository's metadata as createrepo_c writes it: {@code primary.xml}, {@code filelists.xml} and
 * {@code other.xml} (each gzipped, named by its checksum) and the {@code repomd.xml} naming them with their
 * checksums and sizes, byte for byte as createrepo_c writes them ({@link XmlOut}).
 */
final class Repodata {
    static final String COMMON = "http://linux.duke.edu/metadata/common";
    static final String RPM = "http://linux.duke.edu/metadata/rpm";

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
            w.start("metadata");
            w.attribute("xmlns", COMMON);
            w.attribute("xmlns:rpm", RPM);
            w.attribute("packages", Integer.toString(packages.size()));
            for (Listed l : packages) {
                RpmPackage p = l.pkg();
                newline(w, 0);
                w.start("package");
                w.attribute("type", "rpm");
                element(w, 1, "name", p.name());
                element(w, 1, "arch", p.arch());
                newline(w, 1);
                version(w, p);
                newline(w, 1);
                w.start("checksum");
                w.attribute("type", "sha256");
                w.attribute("pkgid", "YES");
                w.text(l.sha256());
                w.end();
                element(w, 1, "summary", p.summary());
                element(w, 1, "description", p.description());
                element(w, 1, "packager", p.packager());
                element(w, 1, "url", p.url());
                empty(w, 1, "time", "file", Long.toString(l.fileTime()), "build", Long.toString(p.buildTime()));
                empty(w, 1, "size", "package", Long.toString(l.size()), "installed", Long.toString(p.installedSize()),
                        "archive", Long.toString(p.archiveSize()));
                empty(w, 1, "location", "href", l.href());
                newline(w, 1);
                w.start("format");
                element(w, 2, "rpm:license", p.license());
                element(w, 2, "rpm:vendor", p.vendor());
                element(w, 2, "rpm:group", p.group());
                element(w, 2, "rpm:buildhost", p.buildHost());
                element(w, 2, "rpm:sourcerpm", p.sourceRpm());
                empty(w, 2, "rpm:header-range", "start", Long.toString(p.headerStart()), "end", Long.toString(p.headerEnd()));
                for (RpmPackage.Kind kind : p.dependencyKinds()) {
                    List<Dep> deps = listed(kind.element(), kind.deps(), p);
                    if (deps.isEmpty()) continue;
                    newline(w, 2);
                    w.start("rpm:" + kind.element());
                    for (Dep d : deps) entry(w, d, kind.element().equals("requires"));
                    newline(w, 2);
                    w.end();
                }
                for (RpmPackage.FileEntry f : p.files()) {
                    if (primaryFile(f.path())) file(w, 2, f);
                }
                newline(w, 1);
                w.end();
                newline(w, 0);
                w.end();
            }
            newline(w, 0);
            w.end();
        });
    }

    static byte[] filelists(List<Listed> packages) {
        return document(w -> {
            w.start("filelists");
            w.attribute("xmlns", "http://linux.duke.edu/metadata/filelists");
            w.attribute("packages", Integer.toString(packages.size()));
            for (Listed l : packages) {
                start(w, l);
                for (RpmPackage.FileEntry f : l.pkg().files()) file(w, 1, f);
                newline(w, 0);
                w.end();
            }
            newline(w, 0);
            w.end();
        });
    }

    static byte[] other(List<Listed> packages) {
        return document(w -> {
            w.start("otherdata");
            w.attribute("xmlns", "http://linux.duke.edu/metadata/other");
            w.attribute("packages", Integer.toString(packages.size()));
            for (Listed l : packages) {
                start(w, l);
                for (RpmPackage.Change c : l.pkg().changelogs()) {
                    newline(w, 1);
                    w.start("changelog");
                    w.attribute("author", c.author());
                    w.attribute("date", Long.toString(c.date()));
                    w.text(c.text());
                    w.end();
                }
                newline(w, 0);
                w.end();
            }
            newline(w, 0);
            w.end();
        });
    }

    static byte[] repomd(List<DataFile> data, long revision) {
        return document(w -> {
            w.start("repomd");
            w.attribute("xmlns", "http://linux.duke.edu/metadata/repo");
            w.attribute("xmlns:rpm", RPM);
            element(w, 1, "revision", Long.toString(revision));
            for (DataFile f : data) {
                newline(w, 1);
                w.start("data");
                w.attribute("type", f.type());
                checksum(w, "checksum", sha256(f.gz()));
                checksum(w, "open-checksum", sha256(f.plain()));
                empty(w, 2, "location", "href", f.path());
                element(w, 2, "timestamp", Long.toString(revision));
                element(w, 2, "size", Long.toString(f.gz().length));
                element(w, 2, "open-size", Long.toString(f.plain().length));
                newline(w, 1);
                w.end();
            }
            newline(w, 0);
            w.end();
        });
    }

    /**
     * The dependencies of a kind as createrepo_c lists them: each once; of the requires, none on rpmlib features
     * (rpm's own), none on a file of the package itself that primary lists, and none the package itself provides
     * exactly (its {@code config(name)}).
     */
    static List<Dep> listed(String kind, List<Dep> deps, RpmPackage p) {
        Set<String> seen = new HashSet<>();
        Set<String> ownFiles = null;
        List<Dep> out = new ArrayList<>();
        Dep libc = null;
        for (Dep d : deps) {
            if (kind.equals("requires")) {
                if (d.name().startsWith("rpmlib(")) continue;
                if (primaryFile(d.name())) {
                    if (ownFiles == null) {
                        ownFiles = new HashSet<>();
                        for (RpmPackage.FileEntry f : p.files()) ownFiles.add(f.path());
                    }
                    if (ownFiles.contains(d.name())) continue;
                }
                if (p.provides().stream().anyMatch(own -> own.name().equals(d.name()) && (own.flags() & 0xF) == (d.flags() & 0xF)
                        && own.evr().equals(d.evr()))) continue;
                // of glibc's requires only the newest symbol version stays, listed last (as yum did)
                if (d.name().startsWith("libc.so.6")) {
                    if (libc == null || glibcOrder(d.name(), libc.name()) > 0) libc = d;
                    continue;
                }
            }
            if (seen.add(d.name() + "\u0000" + (d.flags() & 0xF) + "\u0000" + d.evr() + "\u0000" + pre(d))) out.add(d);
        }
        if (libc != null) out.add(libc);
        return out;
    }

    /** Orders {@code libc.so.6(GLIBC_2.34)(64bit)} after {@code libc.so.6(GLIBC_2.2.5)(64bit)}, unversioned first. */
    static int glibcOrder(String a, String b) {
        int[] x = glibc(a), y = glibc(b);
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int c = Integer.compare(i < x.length ? x[i] : -1, i < y.length ? y[i] : -1);
            if (c != 0) return c;
        }
        return 0;
    }

    private static int[] glibc(String name) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\(GLIBC_([0-9.]+)\\)").matcher(name);
        if (!m.find()) return new int[0];
        return java.util.Arrays.stream(m.group(1).split("\\.")).filter(x -> !x.isEmpty())
                .mapToInt(x -> x.length() > 6 ? Integer.MAX_VALUE : Integer.parseInt(x)).toArray();
    }

    /** A require needed before installing (a scriptlet's interpreter, {@code Requires(pre)} and the like). */
    static boolean pre(Dep d) {
        return (d.flags() & ((1 << 6) | (1 << 9) | (1 << 10))) != 0;
    }

    /** createrepo_c's files in primary: configuration under /etc, anything in a bin directory, sendmail. */
    static boolean primaryFile(String path) {
        return path.startsWith("/etc/") || path.contains("bin/") || path.equals("/usr/lib/sendmail");
    }

    private static void entry(XmlOut w, Dep d, boolean requires) {
        newline(w, 3);
        w.empty("rpm:entry");
        w.attribute("name", d.name());
        String flags = switch ((int) (d.flags() & 0xF)) {
            case 2 -> "LT";
            case 4 -> "GT";
            case 8 -> "EQ";
            case 10 -> "LE";
            case 12 -> "GE";
            default -> null;
        };
        if (flags != null) {
            w.attribute("flags", flags);
            String evr = d.evr();
            String epoch = "0";
            int colon = evr.indexOf(':');
            if (colon > 0 && evr.substring(0, colon).chars().allMatch(Character::isDigit)) {
                epoch = evr.substring(0, colon);
                evr = evr.substring(colon + 1);
            }
            int dash = evr.indexOf('-');
            w.attribute("epoch", epoch);
            w.attribute("ver", dash < 0 ? evr : evr.substring(0, dash));
            if (dash >= 0) w.attribute("rel", evr.substring(dash + 1));
        }
        if (requires && pre(d)) w.attribute("pre", "1");
    }

    private static void start(XmlOut w, Listed l) {
        newline(w, 0);
        w.start("package");
        w.attribute("pkgid", l.sha256());
        w.attribute("name", l.pkg().name());
        w.attribute("arch", l.pkg().arch());
        newline(w, 1);
        version(w, l.pkg());
    }

    private static void version(XmlOut w, RpmPackage p) {
        w.empty("version");
        w.attribute("epoch", Long.toString(p.epoch()));
        w.attribute("ver", p.version());
        w.attribute("rel", p.release());
    }

    private static void file(XmlOut w, int depth, RpmPackage.FileEntry f) {
        newline(w, depth);
        w.start("file");
        if (!f.type().isEmpty()) w.attribute("type", f.type());
        w.text(f.path());
        w.end();
    }

    private static void checksum(XmlOut w, String name, String hex) {
        newline(w, 2);
        w.start(name);
        w.attribute("type", "sha256");
        w.text(hex);
        w.end();
    }

    private static void element(XmlOut w, int depth, String name, String value) {
        newline(w, depth);
        w.start(name);
        w.text(value);
        w.end();
    }

    private static void empty(XmlOut w, int depth, String name, String... attributes) {
        newline(w, depth);
        w.empty(name);
        for (int i = 0; i < attributes.length; i += 2) w.attribute(attributes[i], attributes[i + 1]);
    }

    private static void newline(XmlOut w, int depth) {
        w.newline(depth);
    }

    private interface Body {
        void write(XmlOut w);
    }

    private static byte[] document(Body body) {
        XmlOut w = new XmlOut();
        body.write(w);
        return w.bytes();
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
