package depot.format.nuget;

import static depot.format.nuget.NugetFormat.TYPE;
import static depot.format.nuget.NugetRequests.fileMeta;
import static depot.format.nuget.NugetRequests.notFound;
import static depot.format.nuget.NugetRequests.projectIds;

import depot.core.blob.StoredBlob;
import depot.core.error.DepotException;
import depot.core.model.Package;
import depot.core.model.PackageFile;
import depot.core.packages.NewFile;
import depot.core.packages.PackageReads;
import depot.core.packages.Publication;
import depot.http.Downloads;
import depot.http.FormatContext;
import depot.http.FormatRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Symbols: the symbol server that answers debuggers by file name, signature and checksum, and the push of a
 * {@code .snupkg} whose Portable PDBs it indexes.
 */
final class NugetSymbols {
    private static final int MAX_PDBS = 1000;

    void symbolFile(FormatRequest req) throws IOException {
        String file = req.path("file");
        if (!file.equalsIgnoreCase(req.path("same"))) throw new DepotException.Invalid("the file names in the path differ");
        String header = req.ctx().header("Symbolchecksum");
        if (header == null || header.isBlank()) throw new DepotException.Invalid("the Symbolchecksum header is missing");
        List<String> checksums = new ArrayList<>();
        for (String part : header.split(",")) {
            String p = part.trim();
            if (p.regionMatches(true, 0, "SHA256:", 0, 7)) checksums.add(p.substring(7).trim().toLowerCase(Locale.ROOT));
        }
        if (checksums.isEmpty()) throw new DepotException.Invalid("the Symbolchecksum header names no SHA256 checksum");
        String signature = req.path("signature").toLowerCase(Locale.ROOT);
        PackageFile found = req.services().reads().filesNamed(projectIds(req), TYPE, file).stream()
                .filter(f -> {
                    JsonNode m = fileMeta(f);
                    return signature.equals(m.path("signature").asString(""))
                            && checksums.contains(m.path("checksum").asString(""));
                })
                .findFirst().orElseThrow(() -> notFound(req));
        Downloads.send(req.ctx(), req.services().reads(), found, "application/octet-stream", found.fileName());
    }

    /** A {@code .snupkg}: stored next to its package, with every Portable PDB it holds indexed for the symbol server. */
    void pushSymbols(FormatRequest req) throws IOException {
        FormatContext s = req.services();
        long limit = s.limits().forType(TYPE);
        List<NewFile> files = new ArrayList<>();
        Package[] target = new Package[1];
        NugetPublisher.receive(req, ".snupkg", (u, archive) -> {
            String lowerId = u.nuspec().id().toLowerCase(Locale.ROOT);
            Package pkg = s.reads().find(req.project().id(), TYPE, lowerId, u.version().normalized())
                    .filter(PackageReads::isVisible)
                    .orElseThrow(() -> new DepotException.Invalid("push " + u.nuspec().id() + " " + u.version()
                            + " before its symbol package"));
            String snupkgName = NugetDocs.fileName(lowerId, u.version(), ".snupkg");
            s.packages().requireNotDuplicate(req.project(), TYPE, lowerId, pkg.version(), snupkgName);
            target[0] = pkg;
            files.add(new NewFile(snupkgName, u.blob(), null));
            archive.eachPdb((path, content) -> {
                if (files.size() > MAX_PDBS) throw new DepotException.Invalid("the symbol package has too many .pdb files");
                String pdbName = PortablePdb.fileName(path);
                StoredBlob pdb = s.packages().store(content, limit);
                PortablePdb parsed;
                String checksum;
                try (InputStream head = s.reads().content().open(pdb.sha256(), 0, pdb.size()).orElseThrow()) {
                    parsed = PortablePdb.read(head);
                }
                try (InputStream all = s.reads().content().open(pdb.sha256(), 0, pdb.size()).orElseThrow()) {
                    checksum = parsed.checksum(all);
                }
                ObjectNode meta = NugetDocs.JSON.createObjectNode();
                meta.put("path", path);
                meta.put("signature", parsed.signature());
                meta.put("checksum", checksum);
                files.add(new NewFile(pdbName, pdb, NugetDocs.JSON.writeValueAsString(meta)));
            });
        });
        Package pkg = target[0];
        String lowerId = pkg.normalizedName();
        if (files.size() == 1) throw new DepotException.Invalid("the symbol package holds no .pdb file");
        s.packages().publish(Publication.of(req.project(), TYPE, pkg.name(), pkg.version()).normalizedName(lowerId)
                .files(files).replacingSameName().by(req.principal()).build());
        req.ctx().status(201).contentType("application/json; charset=utf-8").result("{\"message\":\"201 Created\"}");
    }
}
