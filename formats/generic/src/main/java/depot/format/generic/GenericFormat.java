package depot.format.generic;

import depot.core.access.Action;
import depot.core.blob.Checksum;
import depot.core.blob.StoredBlob;
import depot.core.error.DepotException;
import depot.core.model.Package;
import depot.core.model.PackageFile;
import depot.core.model.PackageStatus;
import depot.core.packages.NewFile;
import depot.core.packages.PackageReads;
import depot.core.packages.Publication;
import depot.http.Downloads;
import depot.http.FormatContext;
import depot.http.FormatRequest;
import depot.http.FormatRoutes;
import depot.http.GitLabJson;
import depot.http.PackageDetails;
import depot.http.PackageFormat;
import depot.http.Uploads;
import io.javalin.http.HandlerType;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * GitLab's generic packages: any file under a name and a version.
 * {@code PUT|GET /api/v4/projects/:id/packages/generic/:name/:version/:file_name}.
 */
public final class GenericFormat implements PackageFormat {
    public static final String TYPE = "generic";
    private static final String PATH = "/{name}/{version}/{file}";

    @Override
    public String type() { return TYPE; }

    @Override
    public String displayName() { return "Generic"; }

    @Override
    public void routes(FormatRoutes routes) {
        routes.project(HandlerType.PUT, PATH, Action.WRITE, this::upload);
        routes.project(HandlerType.GET, PATH, Action.READ, this::download);
        routes.project(HandlerType.HEAD, PATH, Action.READ, this::download);
    }

    private void upload(FormatRequest req) throws Exception {
        String name = GenericNames.name(req.path("name"));
        String version = GenericNames.version(req.path("version"));
        String fileName = GenericNames.fileName(req.path("file"));
        String given = req.ctx().queryParam("status");
        PackageStatus status = given == null ? PackageStatus.DEFAULT : PackageStatus.of(given);
        if (status != PackageStatus.DEFAULT && status != PackageStatus.HIDDEN) {
            throw new DepotException.Invalid("status does not have a valid value");
        }
        String select = req.ctx().queryParam("select");
        if (select != null && !select.equals("package_file")) throw new DepotException.Invalid("select does not have a valid value");
        FormatContext s = req.services();
        s.packages().requireNotDuplicate(req.project(), TYPE, name, version, fileName);
        // the answer with select=package_file carries the file's MD5 and SHA-1
        Set<Checksum> answered = select == null ? Set.of() : Set.of(Checksum.MD5, Checksum.SHA1);
        StoredBlob blob = Uploads.store(req.ctx(), s.packages(), s.limits().forType(TYPE), answered);
        Package pkg = s.packages().publish(Publication.of(req.project(), TYPE, name, version)
                .status(status).file(new NewFile(fileName, blob, null)).by(req.principal()).build());
        if ("package_file".equals(select)) {
            PackageFile file = latest(s.reads().files(pkg.id()), fileName);
            req.ctx().status(201).json(GitLabJson.packageFile(file));
        } else {
            req.ctx().status(201).json(Map.of("message", "201 Created"));
        }
    }

    private void download(FormatRequest req) throws Exception {
        String name = GenericNames.name(req.path("name"));
        String version = GenericNames.version(req.path("version"));
        String fileName = GenericNames.fileName(req.path("file"));
        PackageReads packages = req.services().reads();
        Package pkg = packages.find(req.project().id(), TYPE, name, version)
                .filter(PackageReads::servesFiles)
                .orElseThrow(() -> new DepotException.NotFound("404 Package Not Found"));
        PackageFile file = latest(packages.files(pkg.id()), fileName);
        if (file == null) throw new DepotException.NotFound("404 Package file Not Found");
        Downloads.send(req.ctx(), packages, file, "application/octet-stream", file.fileName());
    }

    /** GitLab keeps every upload of a file name; the newest one is served. */
    private static PackageFile latest(List<PackageFile> files, String fileName) {
        return files.stream().filter(f -> f.fileName().equals(fileName))
                .max(Comparator.comparingLong(PackageFile::id)).orElse(null);
    }

    /** Checksums and signatures beside an artifact; never the file a download snippet names. */
    private static final List<String> SIDE_FILES = List.of(".sha1", ".sha256", ".sha512", ".md5", ".asc", ".sig",
            ".sign", ".pem", ".crt", ".sbom.json", ".intoto.jsonl");

    /**
     * The file a download snippet names: of the files that are not checksums or signatures, one named after the
     * package, else the largest (the first uploaded on a tie) — not merely the last uploaded.
     */
    static String mainFile(String packageName, List<PackageFile> files) {
        String lower = packageName.toLowerCase(java.util.Locale.ROOT);
        return files.stream()
                .filter(f -> SIDE_FILES.stream().noneMatch(s -> f.fileName().toLowerCase(java.util.Locale.ROOT).endsWith(s)))
                .min(Comparator.comparing((PackageFile f) -> !f.fileName().toLowerCase(java.util.Locale.ROOT).startsWith(lower))
                        .thenComparing(Comparator.comparingLong(PackageFile::size).reversed())
                        .thenComparingLong(PackageFile::id))
                .or(() -> files.stream().findFirst()).map(PackageFile::fileName).orElse("FILE");
    }

    @Override
    public PackageDetails details(Package pkg, List<PackageFile> files, FormatContext ctx) {
        String base = ctx.projectMount(pkg.projectId(), TYPE) + "/" + pkg.name() + "/" + pkg.version() + "/";
        String file = mainFile(pkg.name(), files);
        return new PackageDetails(
                List.of(new PackageDetails.Row("Files", String.valueOf(files.size()))),
                List.of(new PackageDetails.Snippet("Download with curl", "shell",
                                "curl --header \"PRIVATE-TOKEN: <your_access_token>\" -O \"" + base + file + "\""),
                        new PackageDetails.Snippet("Upload with curl", "shell",
                                "curl --header \"PRIVATE-TOKEN: <your_access_token>\" --upload-file ./" + file
                                        + " \"" + base + file + "\"")));
    }
}
