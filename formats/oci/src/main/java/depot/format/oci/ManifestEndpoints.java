package depot.format.oci;

import depot.core.blob.StoredBlob;
import depot.core.error.DepotException;
import depot.http.Downloads;
import depot.http.FormatContext;
import depot.http.Uploads;
import io.javalin.http.Context;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Manifests by tag or digest, tag lists, the referrers API and the catalog. A manifest is accepted only when every
 * blob it names is in the repository (every child, for an index) and its bytes hash to the digest it is pushed
 * under; it is stored as a blob named by that digest, and its row, references and tag land in one transaction.
 */
final class ManifestEndpoints {
    /** The largest manifest accepted, as in the reference registry. */
    static final int MAX_MANIFEST = 4 << 20;
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private final FormatContext services;
    private final ContainerStore store;

    ManifestEndpoints(FormatContext services, ContainerStore store) {
        this.services = services;
        this.store = store;
    }

    void get(Context ctx, RegistryAccess.Target target, String reference) throws IOException {
        ContainerStore.Manifest m = find(target, reference);
        ctx.header("Docker-Content-Digest", m.digest());
        Downloads.send(ctx, services.reads().content(), m.sha256(), m.size(), m.mediaType(), null);
    }

    private ContainerStore.Manifest find(RegistryAccess.Target target, String reference) {
        boolean byDigest = OciNames.looksLikeDigest(reference);
        // a reference that can name nothing is not found, as the reference registry answers a read (and the
        // distribution-spec conformance suite expects); a push of it is invalid
        if (!byDigest && !OciNames.validTag(reference)) throw OciErrors.manifestUnknown(reference);
        Optional<ContainerStore.Manifest> found =
                store.manifestIn(target.project().id(), target.image(), reference, byDigest);
        if (found.isPresent()) return found.get();
        if (store.repository(target.project().id(), target.image()).isEmpty()) throw OciErrors.nameUnknown(target.name());
        throw OciErrors.manifestUnknown(reference);
    }

    void put(Context ctx, RegistryAccess.Target target, String reference) throws IOException {
        boolean byDigest = OciNames.looksLikeDigest(reference);
        if (byDigest) BlobEndpoints.verifiable(reference);
        // tags given as parameters of a push by digest (distribution-spec, after 1.1)
        List<String> tags = new ArrayList<>(byDigest ? ctx.queryParams("tag") : List.of(reference));
        for (String tag : tags) {
            if (!OciNames.validTag(tag)) throw OciErrors.manifestInvalid("invalid tag: " + tag);
        }
        byte[] body = readBounded(ctx);
        String digest = OciNames.digestOf(body, byDigest ? reference : null);
        if (byDigest && !digest.equals(reference)) throw OciErrors.digestInvalid("the manifest hashes to " + digest);
        ManifestDoc doc = ManifestDoc.parse(body, ctx.header("Content-Type"));
        StoredBlob stored = services.packages().store(new ByteArrayInputStream(body), MAX_MANIFEST);
        services.packages().record(stored);
        String sha256 = stored.sha256();
        long now = services.clock().now();
        String annotations = doc.annotations() == null ? null : JSON.writeValueAsString(doc.annotations());
        store.putManifest(target.project().id(), target.image(), doc, annotations, digest, sha256, body.length, tags,
                now);
        ctx.status(201);
        ctx.header("Location", "/v2/" + target.name() + "/manifests/" + digest);
        ctx.header("Docker-Content-Digest", digest);
        if (doc.subject() != null) ctx.header("OCI-Subject", doc.subject().digest());
        if (byDigest && !tags.isEmpty()) ctx.header("OCI-Tag", String.join(", ", tags));
        ctx.res().setContentLength(0);
    }

    private static byte[] readBounded(Context ctx) throws IOException {
        if (ctx.req().getContentLengthLong() > MAX_MANIFEST) throw new DepotException.TooLarge(MAX_MANIFEST);
        try (InputStream in = Uploads.body(ctx)) {
            byte[] body = in.readNBytes(MAX_MANIFEST + 1);
            if (body.length > MAX_MANIFEST) throw new DepotException.TooLarge(MAX_MANIFEST);
            return body;
        }
    }

    void delete(Context ctx, RegistryAccess.Caller caller, RegistryAccess.Target target, String reference) {
        ContainerStore.Repository repo = store.repository(target.project().id(), target.image())
                .orElseThrow(() -> OciErrors.nameUnknown(target.name()));
        boolean deleted;
        if (OciNames.looksLikeDigest(reference)) {
            deleted = store.deleteManifest(repo.id(), reference);
        } else if (OciNames.validTag(reference)) {
            deleted = store.deleteTag(repo.id(), reference);
        } else {
            throw OciErrors.manifestInvalid("invalid tag: " + reference);
        }
        if (!deleted) throw OciErrors.manifestUnknown(reference);
        services.audit(caller.principal(), "package_deleted", "ContainerImage", repo.id(),
                (OciNames.looksLikeDigest(reference) ? "manifest " : "tag ") + target.name() + ":" + reference);
        ctx.status(202);
    }

    void tags(Context ctx, RegistryAccess.Target target) {
        ContainerStore.Repository repo = store.repository(target.project().id(), target.image())
                .orElseThrow(() -> OciErrors.nameUnknown(target.name()));
        int n = pageSize(ctx);
        String last = ctx.queryParam("last");
        List<String> tags = new ArrayList<>(store.tags(repo.id(), last, n + 1));
        if (n == 0) {
            tags.clear();
        } else if (tags.size() > n) {
            tags = tags.subList(0, n);
            next(ctx, "/v2/" + target.name() + "/tags/list", n, tags.get(tags.size() - 1));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", target.name());
        body.put("tags", tags);
        // through the index helper: the list's own digest is its stamp (ETag, 304); nothing is cached
        byte[] bytes = JSON.writeValueAsBytes(body);
        INDEXES.send(ctx, ctx.path(), new depot.http.IndexResponses.Stamp(depot.core.blob.Digests.sha256Hex(bytes), 0), "application/json", () -> bytes);
    }

    private static final depot.http.IndexResponses INDEXES = new depot.http.IndexResponses(0);

    void catalog(Context ctx, List<Long> readableProjects) {
        int n = pageSize(ctx);
        List<String> names = new ArrayList<>(store.repositoryNames(readableProjects, ctx.queryParam("last"), n + 1));
        if (n == 0) {
            names.clear();
        } else if (names.size() > n) {
            names = names.subList(0, n);
            next(ctx, "/v2/_catalog", n, names.get(names.size() - 1));
        }
        ctx.json(Map.of("repositories", names));
    }

    /** The referrers of a digest as an image index; {@code artifactType} filters it. */
    void referrers(Context ctx, RegistryAccess.Target target, String digest) {
        if (!OciNames.looksLikeDigest(digest)) throw OciErrors.digestInvalid("not a digest: " + digest);
        String filter = ctx.queryParam("artifactType");
        List<Map<String, Object>> manifests = new ArrayList<>();
        Optional<ContainerStore.Repository> repo = store.repository(target.project().id(), target.image());
        for (ContainerStore.Manifest m : repo.map(r -> store.referrers(r.id(), digest)).orElse(List.of())) {
            if (filter != null && !filter.equals(m.artifactType())) continue;
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("mediaType", m.mediaType());
            d.put("digest", m.digest());
            d.put("size", m.size());
            if (m.artifactType() != null) d.put("artifactType", m.artifactType());
            if (m.annotations() != null) d.put("annotations", JSON.readTree(m.annotations()));
            manifests.add(d);
        }
        if (filter != null) ctx.header("OCI-Filters-Applied", "artifactType");
        Map<String, Object> index = new LinkedHashMap<>();
        index.put("schemaVersion", 2);
        index.put("mediaType", ManifestDoc.OCI_INDEX);
        index.put("manifests", manifests);
        ctx.contentType(ManifestDoc.OCI_INDEX).result(JSON.writeValueAsString(index));
    }

    private static int pageSize(Context ctx) {
        String n = ctx.queryParam("n");
        if (n == null) return 10_000;
        try {
            int v = Integer.parseInt(n);
            if (v < 0) throw new NumberFormatException();
            return Math.min(v, 10_000);
        } catch (NumberFormatException e) {
            throw OciErrors.unsupported("n must be a non-negative number");
        }
    }

    private static void next(Context ctx, String path, int n, String last) {
        ctx.header("Link", "<" + path + "?n=" + n + "&last=" + URLEncoder.encode(last, StandardCharsets.UTF_8)
                + ">; rel=\"next\"");
    }

}
