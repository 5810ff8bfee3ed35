package depot.format.nuget;

import static depot.format.nuget.NugetFormat.TYPE;
import static depot.format.nuget.NugetFormat.validId;
import static depot.format.nuget.NugetRequests.base;
import static depot.format.nuget.NugetRequests.entries;
import static depot.format.nuget.NugetRequests.fileMeta;
import static depot.format.nuget.NugetRequests.find;
import static depot.format.nuget.NugetRequests.json;
import static depot.format.nuget.NugetRequests.notFound;
import static depot.format.nuget.NugetRequests.projectIds;

import depot.core.error.DepotException;
import depot.core.model.ChangeStamp;
import depot.http.Downloads;
import depot.http.FormatRequest;
import depot.http.IndexResponses;
import depot.http.Scope;
import depot.http.StoredContent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/** The v3 reads: the service index, registrations, and the flat container's version lists, packages and nuspecs. */
final class NugetReads {

    void serviceIndex(FormatRequest req) {
        json(req, NugetDocs.serviceIndex(base(req), req.scope() == Scope.PROJECT));
    }

    void registration(FormatRequest req) {
        String document = req.path("document");
        if (document.equals("index.json")) {
            index(req, "registration", versions -> NugetDocs.registrationIndex(base(req), versions));
            return;
        }
        List<NugetDocs.Entry> versions = entries(req, req.path("package"));
        if (!document.endsWith(".json")) throw new DepotException.NotFound("404 Not Found");
        String version = document.substring(0, document.length() - ".json".length());
        json(req, NugetDocs.registrationLeaf(base(req), find(req, versions, version)));
    }

    void versions(FormatRequest req) {
        index(req, "versions", NugetDocs::versionList);
    }

    private final IndexResponses indexes = new IndexResponses(16 << 20);

    /** An index of one id's versions (registration index, flat-container list) through the index helper. */
    private void index(FormatRequest req, String document, java.util.function.Function<List<NugetDocs.Entry>, String> render) {
        String id = req.path("package");
        if (!validId(id)) throw new DepotException.Invalid("invalid package id: " + id);
        String lower = id.toLowerCase(Locale.ROOT);
        List<Long> ids = projectIds(req);
        List<ChangeStamp> stamps = req.services().reads().stamps(ids, TYPE, lower);
        if (stamps.isEmpty()) throw notFound(req);
        indexes.send(req.ctx(), document + "\u0000" + lower + "\u0000" + base(req) + "\u0000" + ids,
                IndexResponses.Stamp.of(stamps), "application/json; charset=utf-8", () -> {
                    List<NugetDocs.Entry> versions = entries(req, id);
                    if (versions.isEmpty()) throw notFound(req);
                    return render.apply(versions).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                });
    }

    void content(FormatRequest req) throws IOException {
        NugetRequests.Nupkg e = NugetRequests.nupkg(req, req.path("package"), req.path("version"));
        String file = req.path("file").toLowerCase(Locale.ROOT);
        String nupkgName = NugetDocs.fileName(e.lowerId(), e.version(), ".nupkg");
        if (file.equals(nupkgName)) {
            Downloads.send(req.ctx(), req.services().reads(), e.file(), "application/octet-stream", nupkgName);
        } else if (file.equals(e.lowerId() + ".nuspec")) {
            JsonNode meta = fileMeta(e.file());
            // the nuspec is the uploader's XML: an attachment, never a document on Depot's origin
            req.ctx().header("Content-Disposition", StoredContent.attachment(e.lowerId() + ".nuspec"));
            req.ctx().contentType("application/xml; charset=utf-8")
                    .result(meta.path("nuspec").asString("").getBytes(StandardCharsets.UTF_8));
        } else {
            throw new DepotException.NotFound("404 Not Found");
        }
    }
}
