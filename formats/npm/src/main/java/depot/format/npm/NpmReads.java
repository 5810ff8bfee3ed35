package depot.format.npm;

import static depot.format.npm.NpmFormat.TYPE;
import static depot.format.npm.NpmRequests.base;
import static depot.format.npm.NpmRequests.holders;
import static depot.format.npm.NpmRequests.notFound;
import static depot.format.npm.NpmRequests.visible;

import depot.core.error.DepotException;
import depot.core.model.ChangeStamp;
import depot.core.model.Package;
import depot.core.model.PackageFile;
import depot.core.packages.PackageReads;
import depot.http.Downloads;
import depot.http.FormatRequest;
import depot.http.IndexResponses;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Installs: packuments (full and abbreviated), rendered from the database and cached by a stamp of the rows they
 * come from, and tarballs.
 */
final class NpmReads {
    private final IndexResponses indexes = new IndexResponses(32 << 20);

    void get(FormatRequest req) throws IOException {
        NpmPath path = NpmPath.parse(req.path("path"));
        if (path.rev() != null) throw new DepotException.NotFound("not found");
        if (path.tarball() != null) {
            tarball(req, path);
            return;
        }
        boolean abbreviated = String.valueOf(req.ctx().header("Accept")).contains(Packument.ABBREVIATED);
        List<ChangeStamp> held = holders(req, path.name());
        if (held.isEmpty() && upstreamServes(req, path.name())) {
            Optional<NpmProxy.Packument> upstream = NpmProxy.packument(req, path.name(), abbreviated);
            if (upstream.isPresent()) {
                req.ctx().header("Vary", "Accept");
                req.services().upstreams().sendDocument(req.ctx(), NpmProxy.rewrite(req, upstream.get(), path.name(),
                        base(req)), abbreviated ? Packument.ABBREVIATED + "; charset=utf-8" : "application/json; charset=utf-8",
                        upstream.get().stale());
                return;
            }
        }
        ChangeStamp stamp = held.stream().findFirst().orElseThrow(() -> notFound(req, path.name()));
        String base = base(req);
        req.ctx().header("Vary", "Accept");
        String key = stamp.projectId() + "\u0000" + path.name().full() + "\u0000" + base + "\u0000" + abbreviated;
        indexes.send(req.ctx(), key, IndexResponses.Stamp.of(stamp),
                abbreviated ? Packument.ABBREVIATED + "; charset=utf-8" : "application/json; charset=utf-8",
                () -> render(req, stamp, path.name(), base, abbreviated));
    }

    private byte[] render(FormatRequest req, ChangeStamp stamp, NpmName name, String base, boolean abbreviated) {
        PackageReads packages = req.services().reads();
        List<Package> rows = visible(packages.versions(List.of(stamp.projectId()), TYPE, name.full()));
        Map<Long, List<PackageFile>> files = packages.filesOf(rows.stream().map(Package::id).toList());
        List<Packument.Version> versions = new ArrayList<>();
        Map<Long, String> versionOf = new java.util.HashMap<>();
        for (Package p : rows) {
            PackageFile tgz = tarballOf(p, files.getOrDefault(p.id(), List.of())).orElse(null);
            if (tgz == null) continue;
            JsonNode meta = p.metadata() == null ? PublishBody.JSON.createObjectNode() : PublishBody.JSON.readTree(p.metadata());
            versions.add(new Packument.Version(p.version(), meta.path("manifest"), meta.path("readme").asString(null),
                    tgz.sha1(), tgz.sha512(), p.createdAt(), p.updatedAt()));
            versionOf.put(p.id(), p.version());
        }
        Map<String, String> tags = new LinkedHashMap<>();
        packages.tags(stamp.projectId(), TYPE, name.full()).forEach((tag, id) -> {
            if (versionOf.containsKey(id)) tags.put(tag, versionOf.get(id));
        });
        ObjectNode doc = abbreviated ? Packument.abbreviated(name, versions, tags, base)
                : Packument.full(name, versions, tags, "1-" + stamp.hex(), base);
        return PublishBody.JSON.writeValueAsBytes(doc);
    }

    private void tarball(FormatRequest req, NpmPath path) throws IOException {
        String version = path.tarballVersion();
        PackageReads packages = req.services().reads();
        List<ChangeStamp> held = holders(req, path.name());
        for (ChangeStamp s : held) {
            Optional<Package> pkg = packages.find(s.projectId(), TYPE, path.name().full(), version)
                    .filter(PackageReads::isVisible);
            if (pkg.isEmpty()) continue;
            Optional<PackageFile> file = tarballOf(pkg.get(), packages.files(pkg.get().id()));
            if (file.isPresent()) {
                Downloads.send(req.ctx(), req.services().reads(), file.get(), "application/octet-stream", null);
                return;
            }
        }
        if (held.isEmpty() && upstreamServes(req, path.name())) {
            NpmProxy.tarball(req, path);
            return;
        }
        throw notFound(req, path.name());
    }

    /**
     * A name no readable project holds and Depot does not claim, at a scope with upstreams (a group or the instance):
     * the upstreams answer.
     */
    private static boolean upstreamServes(FormatRequest req, NpmName name) {
        return !req.services().upstreams().of(req, TYPE).isEmpty() && !NpmProxy.claimedLocally(req, name);
    }

    private static Optional<PackageFile> tarballOf(Package p, List<PackageFile> files) {
        return files.stream().filter(f -> f.fileName().endsWith(".tgz")).max(Comparator.comparingLong(PackageFile::id));
    }
}
