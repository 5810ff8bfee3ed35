package depot.format.go;

import static depot.format.go.GoFormat.TYPE;

import depot.core.error.DepotException;
import depot.core.error.Shown;
import depot.core.model.ChangeStamp;
import depot.core.model.Package;
import depot.core.model.PackageFile;
import depot.core.packages.PackageReads;
import depot.http.Downloads;
import depot.http.FormatRequest;
import depot.http.IndexResponses;
import depot.http.NameHolders;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The GOPROXY protocol's reads, at the project, group and instance mounts: {@code $module/@v/list},
 * {@code $module/@v/$version.info|.mod|.zip} and {@code $module/@latest}, with module paths and versions in the
 * protocol's case encoding. At a group or the instance a module is its first publisher's ({@link NameHolders}).
 * Not found is a 404 (the go command then tries the next proxy in GOPROXY); a version that exists but is hidden
 * is a 410.
 */
final class GoReads {
    private static final DateTimeFormatter PSEUDO_TIME = DateTimeFormatter.ofPattern("uuuuMMddHHmmss")
            .withResolverStyle(java.time.format.ResolverStyle.STRICT);
    private final IndexResponses indexes = new IndexResponses(8 << 20);

    void get(FormatRequest req) throws Exception {
        String path = req.path("path");
        if (path.endsWith("/@latest")) {
            latest(req, module(path.substring(0, path.length() - "/@latest".length())));
            return;
        }
        int at = path.lastIndexOf("/@v/");
        if (at < 0) throw new DepotException.NotFound("not found: " + Shown.of(path) + " is not a path of the module proxy protocol");
        String module = module(path.substring(0, at));
        String file = path.substring(at + "/@v/".length());
        if (file.equals("list")) {
            list(req, module);
            return;
        }
        int dot = file.lastIndexOf('.');
        String ext = dot < 0 ? "" : file.substring(dot + 1);
        if (!List.of("info", "mod", "zip").contains(ext)) throw new DepotException.NotFound("not found: " + Shown.of(path));
        String version = GoPaths.unescape(file.substring(0, dot));
        if (version == null) throw new DepotException.NotFound("not found: " + module + "@" + Shown.of(file.substring(0, dot))
                + ": invalid escaped version (a capital letter is written ! and its lower case)");
        if (GoVersion.parse(version) == null) {
            throw new DepotException.NotFound("not found: " + module + "@" + Shown.of(file.substring(0, dot))
                    + ": invalid version: not a canonical version");
        }
        Package pkg = version(req, module, version);
        if (!PackageReads.isVisible(pkg)) {
            req.ctx().status(410).contentType("text/plain; charset=utf-8")
                    .result("gone: " + module + "@" + version + " is no longer served\n");
            return;
        }
        switch (ext) {
            case "info" -> req.ctx().json(info(pkg));
            case "mod" -> send(req, pkg, ".mod", "text/plain; charset=utf-8");
            default -> send(req, pkg, ".zip", "application/zip");
        }
    }

    private static String module(String escaped) {
        String module = GoPaths.unescape(escaped);
        if (module == null) throw new DepotException.NotFound("not found: invalid escaped module path \"" + Shown.of(escaped) + "\"");
        String why = GoPaths.checkModule(module);
        if (why != null) throw new DepotException.NotFound("not found: malformed module path \"" + Shown.of(module) + "\": " + why);
        return module;
    }

    /** {@code @v/list}: every version but pseudo-versions, one per line, in the go command's order. */
    private void list(FormatRequest req, String module) {
        List<Long> ids = NameHolders.of(req, TYPE, module);
        PackageReads reads = req.services().reads();
        List<ChangeStamp> stamps = reads.stamps(ids, TYPE, module);
        if (stamps.isEmpty()) throw notFound(req, module, module);
        indexes.send(req.ctx(), "list\u0000" + module + "\u0000" + ids, IndexResponses.Stamp.of(stamps),
                "text/plain; charset=utf-8", () -> {
                    StringBuilder b = new StringBuilder();
                    reads.visibleVersions(ids, TYPE, module).stream().map(p -> GoVersion.parse(p.version()))
                            .filter(v -> v != null && !v.isPseudo()).sorted(GoVersion.ORDER)
                            .forEach(v -> b.append(v.text()).append('\n'));
                    return b.toString().getBytes(StandardCharsets.UTF_8);
                });
    }

    /**
     * {@code @latest}: the highest release, else the highest pre-release, else the newest pseudo-version;
     * {@code +incompatible} versions only when there is nothing else (as the go command's own query prefers).
     */
    private void latest(FormatRequest req, String module) {
        List<Package> visible = req.services().reads().visibleVersions(NameHolders.of(req, TYPE, module), TYPE, module);
        Comparator<GoVersion> rank = Comparator.comparing((GoVersion v) -> !v.incompatible())
                .thenComparing(v -> !v.isPseudo()).thenComparing(GoVersion::isRelease).thenComparing(GoVersion.ORDER);
        Map<GoVersion, Package> byVersion = new java.util.HashMap<>();
        for (Package p : visible) {
            GoVersion v = GoVersion.parse(p.version());
            if (v != null) byVersion.put(v, p);
        }
        GoVersion best = byVersion.keySet().stream().max(rank).orElseThrow(() -> notFound(req, module, module));
        req.ctx().json(info(byVersion.get(best)));
    }

    private static Package version(FormatRequest req, String module, String version) {
        PackageReads reads = req.services().reads();
        // one indexed lookup in the module's holder (there is at most one), not every version of the module
        return NameHolders.of(req, TYPE, module).stream().map(id -> reads.find(id, TYPE, module, version))
                .flatMap(Optional::stream).findFirst().orElseThrow(() -> notFound(req, module, module + "@" + version));
    }

    static Map<String, Object> info(Package pkg) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("Version", pkg.version());
        String time = GoFormat.metadata(pkg).path("time").asString(null);
        info.put("Time", time != null ? time : Instant.ofEpochMilli(pkg.createdAt()).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        return info;
    }

    /** The commit time a pseudo-version names, as RFC 3339; null when it is no time (month 13). */
    static String pseudoInstant(GoVersion v) {
        try {
            return LocalDateTime.parse(v.pseudoTime(), PSEUDO_TIME)
                    .toInstant(ZoneOffset.UTC).toString();
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    private static void send(FormatRequest req, Package pkg, String suffix, String contentType) throws Exception {
        PackageReads reads = req.services().reads();
        PackageFile file = reads.files(pkg.id()).stream().filter(f -> f.fileName().equals(pkg.version() + suffix))
                .findFirst().orElseThrow(() -> new DepotException.NotFound("not found: " + pkg.name() + "@" + pkg.version() + suffix));
        Downloads.send(req.ctx(), reads, file, contentType, file.fileName());
    }

    static DepotException notFound(FormatRequest req, String module, String what) {
        return NameHolders.notFound(req, TYPE, module, "not found: " + what);
    }
}
