package depot.format.debian;

import depot.core.blob.StoredBlob;
import depot.core.error.DepotException;
import depot.core.model.Package;
import depot.core.model.PackageFile;
import depot.core.packages.NameClaims;
import depot.core.packages.NewFile;
import depot.core.packages.Publication;
import depot.format.debian.DebianFormat.FileMeta;
import depot.format.debian.DistributionStore.Distribution;
import depot.http.FormatContext;
import depot.http.FormatRequest;
import depot.http.Uploads;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Source uploads at a project: the {@code .dsc} first (it makes the source package, name and version from its
 * {@code Source} and {@code Version}, in the distribution and component the query names), then each file it names —
 * accepted only when its size and SHA-256 are the ones the .dsc gives; a {@code .buildinfo} joins the package its name
 * names; a {@code .changes} is checked against what was uploaded (every file it lists present, with its checksums)
 * and stores nothing. A source package is in the Sources index once every file its .dsc names is there.
 */
final class SourceUploads {
    private final FormatRequest req;
    private final FormatContext s;
    private final DebianFormat.Parts parts;

    SourceUploads(FormatRequest req, DebianFormat.Parts parts) {
        this.req = req;
        this.s = req.services();
        this.parts = parts;
    }

    Map<String, Object> dsc(String codename, String component) throws IOException {
        StoredBlob blob = Uploads.store(req.ctx(), s.packages(), SourceControl.MAX_BYTES);
        SourceControl dsc;
        try (InputStream in = s.reads().open(blob.sha256(), blob.size())) {
            dsc = SourceControl.parse(in.readAllBytes(), "the .dsc");
        }
        Control c = dsc.control();
        String name = c.get("Source"), version = c.get("Version");
        DebFile.checkName("the .dsc's Source", name);
        DebFile.checkVersion("the .dsc's Version", version);
        if (c.get("Binary") == null || c.get("Binary").isBlank()) throw new DepotException.Invalid("the .dsc has no Binary field");
        NameClaims.Claim claim = DebianFormat.admit(req, name);
        Distribution d = parts.distributions().findOrCreate("project_id", req.project().id(), req.project().fullPath(), codename);
        String canonical = name + "_" + DebFile.withoutEpoch(version) + ".dsc";
        DebianFormat.requireOwnFileName(s, req.project().id(), canonical, version);
        FileMeta meta = new FileMeta(d.codename(), component, "source", "dsc", c.fields());
        // files it names that are here already (the orig tarball of an earlier revision) join it at once
        List<NewFile> known = new ArrayList<>();
        List<String> awaiting = new ArrayList<>();
        FileMeta partMeta = new FileMeta(d.codename(), component, "source", "source-part", Map.of());
        for (SourceControl.Listed listed : dsc.files().values()) {
            PackageFile here = s.reads().filesNamed(List.of(req.project().id()), DebianFormat.TYPE, listed.name()).stream()
                    .filter(f -> matches(f, listed)).findFirst().orElse(null);
            if (here == null) {
                awaiting.add(listed.name());
            } else {
                known.add(new NewFile(listed.name(), new StoredBlob(here.sha256(), here.size(), here.md5(), here.sha1(),
                        here.sha512()), partMeta.json()));
            }
        }
        String described = DebianFormat.JSON.writeValueAsString(java.util.Map.of("Package", name, "Version", version,
                "Binary", c.get("Binary"), "Maintainer", String.valueOf(c.get("Maintainer"))));
        s.packages().publish(Publication.of(req.project(), DebianFormat.TYPE, name, version).normalizedName(name)
                .mergeMetadata(stored -> stored != null ? stored : described)
                .file(new NewFile(canonical, blob, meta.json())).files(known)
                .replacing(f -> f.fileName().equals(canonical) || known.stream().anyMatch(k -> k.fileName().equals(f.fileName())))
                .claiming(claim).by(req.principal()).build());
        parts.snapshots().refreshSoon(d, List.of(req.project().id()));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("message", "201 Created");
        out.put("package", name);
        out.put("version", version);
        out.put("distribution", d.codename());
        out.put("component", component);
        out.put("file_name", canonical);
        out.put("awaiting", awaiting);
        return out;
    }

    /** A file of a source package (a tarball, a diff, a .buildinfo) or a .changes. */
    Map<String, Object> part(String file, String ext) throws IOException {
        if (!SourceControl.FILE.matcher(file).matches() || !file.contains("_")) {
            throw new DepotException.Invalid("a source file is named <source>_<version>…; " + Control.shown(file) + " is not");
        }
        String name = file.substring(0, file.indexOf('_'));
        if (ext.equals("changes")) return changes();
        StoredBlob blob = Uploads.store(req.ctx(), s.packages(), s.limits().forType(DebianFormat.TYPE));
        // every source version whose .dsc names the file takes it (revisions share their orig tarball)
        List<String> versions = new ArrayList<>();
        String mismatch = null;
        for (Package p : s.reads().versions(List.of(req.project().id()), DebianFormat.TYPE, name)) {
            for (PackageFile f : s.reads().files(p.id())) {
                FileMeta meta = FileMeta.of(f);
                if (meta == null || !meta.kind().equals("dsc")) continue;
                boolean buildinfo = ext.equals("buildinfo")
                        && file.startsWith(name + "_" + DebFile.withoutEpoch(p.version()) + "_");
                SourceControl.Listed listed = SourceControl.of(Control.of(meta.control()), "the .dsc").files().get(file);
                if (listed == null && !buildinfo) continue;
                if (listed != null && (listed.size() != blob.size() || !listed.sha256().equals(blob.sha256()))) {
                    mismatch = file + " is not the file " + f.fileName() + " names (size " + blob.size() + ", SHA-256 "
                            + blob.sha256() + "; the .dsc gives " + listed.size() + ", " + listed.sha256() + ")";
                    continue;
                }
                FileMeta part = new FileMeta(meta.distribution(), meta.component(), "source",
                        buildinfo ? "buildinfo" : "source-part", Map.of());
                s.packages().publish(Publication.of(req.project(), DebianFormat.TYPE, name, p.version()).normalizedName(name)
                        .file(new NewFile(file, blob, part.json()))
                        .replacing(x -> x.fileName().equals(file)).by(req.principal()).build());
                versions.add(p.version());
            }
        }
        if (versions.isEmpty() && mismatch != null) throw new DepotException.Invalid(mismatch);
        if (versions.isEmpty()) {
            throw new DepotException.Invalid("upload the .dsc first: " + file + " is accepted as a file a .dsc of this project names");
        }
        return Map.of("message", "201 Created", "package", name, "versions", versions, "file_name", file);
    }

    private static boolean matches(PackageFile f, SourceControl.Listed listed) {
        return f.size() == listed.size() && f.sha256().equals(listed.sha256())
                && (listed.md5() == null || listed.md5().equals(f.md5()))
                && (listed.sha1() == null || listed.sha1().equals(f.sha1()));
    }

    /** Checks a .changes against the uploads: every file it lists is here with the same checksums. */
    private Map<String, Object> changes() throws IOException {
        StoredBlob blob = Uploads.store(req.ctx(), s.packages(), SourceControl.MAX_BYTES);
        SourceControl changes;
        try (InputStream in = s.reads().open(blob.sha256(), blob.size())) {
            changes = SourceControl.parse(in.readAllBytes(), "the .changes");
        }
        List<String> problems = new ArrayList<>();
        for (SourceControl.Listed listed : changes.files().values()) {
            List<PackageFile> here = s.reads().filesNamed(List.of(req.project().id()), DebianFormat.TYPE, listed.name());
            if (here.isEmpty()) {
                problems.add(listed.name() + " was not uploaded");
            } else if (here.stream().noneMatch(f -> matches(f, listed))) {
                problems.add(listed.name() + " does not match the uploaded file (its size, MD5, SHA-1 or SHA-256 differs)");
            }
        }
        if (!problems.isEmpty()) throw new DepotException.Invalid("the .changes does not match the uploads: " + String.join("; ", problems));
        // kept with its source package, when the upload has one (a binary-only .changes is checked and not kept)
        String source = changes.control().get("Source"), version = changes.control().get("Version");
        String file = req.path("file");
        if (source != null && version != null) {
            source = source.split(" ")[0];
            var pkg = s.reads().find(req.project().id(), DebianFormat.TYPE, source, version);
            if (pkg.isPresent()) {
                FileMeta meta = s.reads().files(pkg.get().id()).stream().map(FileMeta::of)
                        .filter(m -> m != null && m.kind().equals("dsc")).findFirst().orElse(null);
                if (meta != null) {
                    FileMeta kept = new FileMeta(meta.distribution(), meta.component(), "source", "changes", Map.of());
                    s.packages().publish(Publication.of(req.project(), DebianFormat.TYPE, source, version).normalizedName(source)
                            .file(new NewFile(file, blob, kept.json())).replacing(x -> x.fileName().equals(file))
                            .by(req.principal()).build());
                }
            }
        }
        return Map.of("message", "201 Created", "files", changes.files().size());
    }
}
