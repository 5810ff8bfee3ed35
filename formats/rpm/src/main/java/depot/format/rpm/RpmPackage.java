package depot.format.rpm;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the repodata says of one RPM, read from its headers once at upload and kept as the file's metadata: the
 * NEVRA, the descriptive tags, the sizes and header range, the dependencies of every kind with their flags, the file
 * list and the newest changelog entries. {@link Repodata} writes primary, filelists and other from it.
 */
record RpmPackage(String name, long epoch, String version, String release, String arch, String summary,
                  String description, String packager, String url, long buildTime, long installedSize,
                  long archiveSize, String license, String vendor, String group, String buildHost, String sourceRpm,
                  long headerStart, long headerEnd, List<Dep> provides, List<Dep> requires, List<Dep> conflicts,
                  List<Dep> obsoletes, List<Dep> suggests, List<Dep> enhances, List<Dep> recommends,
                  List<Dep> supplements, List<FileEntry> files, List<Change> changelogs) {
    /** createrepo_c keeps this many changelog entries (the newest) per package. */
    static final int CHANGELOG_LIMIT = 10;
    /** Files one package may list: every file is in the metadata, so this bounds what an upload holds in memory. */
    static final int MAX_FILES = 65_536;
    /** Dependencies of one kind (requires, provides …) one package may list. */
    static final int MAX_DEPS = 10_000;
    static final JsonMapper JSON = JsonMapper.builder().build();
    /** A name or version as rpm allows them: no white space, no path separators where the name makes a file name. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9_+][A-Za-z0-9._+-]{0,199}");
    static final Pattern VERSION = Pattern.compile("[A-Za-z0-9._+~^]{1,100}");
    static final Pattern ARCH = Pattern.compile("[A-Za-z0-9_]{1,32}");

    /** A dependency: name, rpm's sense flags, the version string ("[epoch:]version[-release]", empty when none). */
    record Dep(String name, long flags, String evr) {}

    /** A file: its path and "dir", "ghost" or "" for a plain file. */
    record FileEntry(String path, String type) {}

    /** A changelog entry. */
    record Change(String author, long date, String text) {}

    private static final int RPMFILE_GHOST = 1 << 6;

    static RpmPackage of(RpmHeader.Headers headers) {
        RpmHeader h = headers.main();
        RpmHeader sig = headers.signature();
        String name = required(h, 1000, "Name");
        String version = required(h, 1001, "Version");
        String release = required(h, 1002, "Release");
        if (!NAME.matcher(name).matches()) throw RpmHeader.invalid("invalid package name " + shown(name));
        if (!VERSION.matcher(version).matches()) throw RpmHeader.invalid("invalid version " + shown(version));
        if (!VERSION.matcher(release).matches()) throw RpmHeader.invalid("invalid release " + shown(release));
        String sourceRpm = h.string(1044);
        // a source package names no source rpm; the repodata calls its architecture "src"
        String arch = sourceRpm == null ? "src" : required(h, 1022, "Arch");
        if (!ARCH.matcher(arch).matches()) throw RpmHeader.invalid("invalid architecture " + shown(arch));
        long archive = sig.number(271, sig.number(1007, h.number(1046, 0)));
        List<FileEntry> files = files(h);
        return new RpmPackage(name, h.number(1003, 0), version, release, arch, text(h, 1004), text(h, 1005),
                text(h, 1015), text(h, 1020), h.number(1006, 0), h.number(5009, h.number(1009, 0)), archive,
                text(h, 1014), text(h, 1011), text(h, 1016), text(h, 1007), sourceRpm == null ? "" : sourceRpm,
                h.start, h.end, deps(h, 1047, 1112, 1113), deps(h, 1049, 1048, 1050), deps(h, 1054, 1053, 1055),
                deps(h, 1090, 1114, 1115), deps(h, 5049, 5051, 5050), deps(h, 5055, 5057, 5056),
                deps(h, 5046, 5048, 5047), deps(h, 5052, 5054, 5053), files, changelogs(h));
    }

    /** The file name createrepo_c and dnf expect: {@code name-version-release.arch.rpm}. */
    String fileName() {
        return name + "-" + version + "-" + release + "." + arch + ".rpm";
    }

    /** The version a package row records: {@code [epoch:]version-release}. */
    String evr() {
        return (epoch > 0 ? epoch + ":" : "") + version + "-" + release;
    }

    private static String required(RpmHeader h, int tag, String what) {
        String v = h.string(tag);
        if (v == null || v.isEmpty()) throw RpmHeader.invalid("the RPM header has no " + what);
        return v;
    }

    private static String text(RpmHeader h, int tag) {
        String v = h.string(tag);
        return v == null ? "" : v;
    }

    private static List<Dep> deps(RpmHeader h, int names, int flags, int versions) {
        if (h.count(names) > MAX_DEPS) throw RpmHeader.invalid("the RPM lists " + h.count(names) + " dependencies of one kind (at most " + MAX_DEPS + ")");
        List<String> n = h.strings(names);
        long[] f = h.numbers(flags);
        List<String> v = h.strings(versions);
        List<Dep> out = new ArrayList<>(n.size());
        for (int i = 0; i < n.size(); i++) {
            out.add(new Dep(n.get(i), i < f.length ? f[i] : 0, i < v.size() ? v.get(i) : ""));
        }
        return out;
    }

    private static List<FileEntry> files(RpmHeader h) {
        for (int tag : new int[] {1117, 1118, 1116, 1030, 1037}) {
            if (h.count(tag) > MAX_FILES) throw RpmHeader.invalid("the RPM lists more than " + MAX_FILES + " files");
        }
        List<String> base = h.strings(1117);
        List<String> dirs = h.strings(1118);
        long[] index = h.numbers(1116);
        long[] modes = h.numbers(1030);
        long[] flags = h.numbers(1037);
        if (index.length != base.size()) {
            if (base.isEmpty()) return List.of();
            throw RpmHeader.invalid("the RPM's file list is inconsistent");
        }
        List<FileEntry> out = new ArrayList<>(base.size());
        for (int i = 0; i < base.size(); i++) {
            if (index[i] >= dirs.size()) throw RpmHeader.invalid("the RPM's file list is inconsistent");
            String type = i < flags.length && (flags[i] & RPMFILE_GHOST) != 0 ? "ghost"
                    : i < modes.length && (modes[i] & 0170000) == 0040000 ? "dir" : "";
            out.add(new FileEntry(dirs.get((int) index[i]) + base.get(i), type));
        }
        return out;
    }

    private static List<Change> changelogs(RpmHeader h) {
        long[] times = h.numbers(1080, CHANGELOG_LIMIT);
        List<String> names = h.strings(1081, CHANGELOG_LIMIT);
        List<String> texts = h.strings(1082, CHANGELOG_LIMIT);
        int n = Math.min(times.length, Math.min(names.size(), texts.size()));
        List<Change> out = new ArrayList<>();
        // the header has the newest first; the repodata keeps the newest few, oldest first
        for (int i = n - 1; i >= 0; i--) out.add(new Change(names.get(i), times[i], texts.get(i)));
        return out;
    }

    static String shown(String s) {
        String cut = s.length() > 80 ? s.substring(0, 80) + "…" : s;
        return "'" + cut.replaceAll("\\p{Cntrl}", "?") + "'";
    }

    String json() {
        return JSON.writeValueAsString(this);
    }

    static RpmPackage fromJson(String json) {
        return JSON.readValue(json, RpmPackage.class);
    }

    /** A kind of dependency by the repodata's element name ({@code rpm:requires}). */
    record Kind(String element, List<Dep> deps) {}

    /** The dependency lists in the order createrepo_c writes them. */
    List<Kind> dependencyKinds() {
        return List.of(new Kind("provides", provides), new Kind("requires", requires), new Kind("conflicts", conflicts),
                new Kind("obsoletes", obsoletes), new Kind("suggests", suggests), new Kind("enhances", enhances),
                new Kind("recommends", recommends), new Kind("supplements", supplements));
    }
}
