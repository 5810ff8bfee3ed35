package depot.format.nuget;

import static depot.format.nuget.NugetFormat.TYPE;
import static depot.format.nuget.NugetFormat.validId;
import static depot.format.nuget.NugetRequests.entries;
import static depot.format.nuget.NugetRequests.find;

import depot.core.blob.StoredBlob;
import depot.core.error.DepotException;
import depot.core.packages.NewFile;
import depot.core.packages.Publication;
import depot.http.BlobFile;
import depot.http.FormatContext;
import depot.http.FormatRequest;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.node.ObjectNode;

/**
 * The publisher: {@code nuget push} of a {@code .nupkg} (read, checked against its nuspec, published with the
 * nuspec's metadata) and {@code nuget delete}. Symbol packages come in through {@link #receive} too.
 */
final class NugetPublisher {

    /** What a push read from its archive, and where its bytes are. */
    record Upload(StoredBlob blob, Nuspec nuspec, byte[] rawNuspec, NugetVersion version) {}

    /** What a push does with the archive while it is open (a symbol push reads its PDBs). */
    interface ArchiveWork {
        void accept(Upload up, Nupkg archive) throws IOException;
    }

    /** Stores the pushed file, reads and checks its nuspec, and runs {@code work} on the archive opened once. */
    static Upload receive(FormatRequest req, String extension, ArchiveWork work) throws IOException {
        FormatContext s = req.services();
        long limit = s.limits().forType(TYPE);
        if (req.ctx().req().getContentLengthLong() > limit + (1 << 20)) throw new DepotException.TooLarge(limit);
        String type = String.valueOf(req.ctx().contentType());
        if (!type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            throw new DepotException.Invalid("a push is a multipart/form-data request with the package as its file");
        }
        List<UploadedFile> files = req.ctx().uploadedFiles();
        if (files.size() != 1) throw new DepotException.Invalid("a push carries exactly one package file");
        UploadedFile file = files.get(0);
        StoredBlob blob;
        try (InputStream in = file.content()) {
            blob = s.packages().store(in, limit);
        }
        try (BlobFile opened = BlobFile.open(s.reads().content(), blob.sha256(), blob.size());
             Nupkg archive = Nupkg.open(opened.channel())) {
            byte[] raw = archive.nuspec();
            Nuspec nuspec = Nuspec.parse(raw);
            NugetVersion version = NugetVersion.parse(nuspec.version());
            String name = String.valueOf(file.filename()).toLowerCase(Locale.ROOT);
            // NuGet names the part "package.nupkg" whatever it pushes; a client that sends the real file name is checked
            if (!name.isBlank() && !name.equals("package.nupkg") && !name.equals("package" + extension)
                    && !name.equals("package")) {
                String id = nuspec.id().toLowerCase(Locale.ROOT);
                if (!name.equals(id + "." + nuspec.version().toLowerCase(Locale.ROOT) + extension)
                        && !name.equals(NugetDocs.fileName(id, version, extension))) {
                    throw new DepotException.Invalid("the file " + file.filename() + " does not match the package's "
                            + "nuspec: " + nuspec.id() + " " + nuspec.version());
                }
            }
            Upload up = new Upload(blob, nuspec, raw, version);
            work.accept(up, archive);
            return up;
        }
    }

    void push(FormatRequest req) throws IOException {
        Upload up = receive(req, ".nupkg", (u, archive) -> { });
        if (up.nuspec().packageTypes().contains("SymbolsPackage")) {
            throw new DepotException.Invalid("this is a symbol package: push it to the symbol package endpoint");
        }
        String lowerId = up.nuspec().id().toLowerCase(Locale.ROOT);
        FormatContext s = req.services();
        ObjectNode fileMeta = NugetDocs.JSON.createObjectNode();
        fileMeta.put("nuspec", new String(up.rawNuspec(), StandardCharsets.UTF_8));
        s.packages().publish(Publication.of(req.project(), TYPE, up.nuspec().id(), up.version().normalized())
                .normalizedName(lowerId)
                .metadata(NugetDocs.JSON.writeValueAsString(NugetMetadata.of(up.nuspec(), up.version())))
                .file(new NewFile(NugetDocs.fileName(lowerId, up.version(), ".nupkg"), up.blob(),
                        NugetDocs.JSON.writeValueAsString(fileMeta))).replacingSameName().by(req.principal()).build());
        req.ctx().status(201).contentType("application/json; charset=utf-8").result("{\"message\":\"201 Created\"}");
    }

    void delete(FormatRequest req) {
        String id = req.path("package");
        if (!validId(id)) throw new DepotException.Invalid("invalid package id: " + id);
        NugetDocs.Entry e = find(req, entries(req, id), req.path("version"));
        req.services().packages().delete(e.pkg(), req.principal());
        req.ctx().status(204);
    }
}
