package depot.format.npm;

import static depot.format.npm.NpmDistTags.TAG;
import static depot.format.npm.NpmFormat.TYPE;
import static depot.format.npm.NpmRequests.claim;
import static depot.format.npm.NpmRequests.notFound;
import static depot.format.npm.NpmRequests.visible;

import depot.core.access.Action;
import depot.core.blob.StoredBlob;
import depot.core.error.DepotException;
import depot.core.model.Package;
import depot.core.packages.NewFile;
import depot.core.packages.PackageReads;
import depot.core.packages.Publication;
import depot.http.FormatContext;
import depot.http.FormatRequest;
import depot.http.Scope;
import depot.http.Uploads;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.semver4j.Semver;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The publisher: {@code PUT} of a package document, which publishes one version with its tarball, deprecates or
 * un-deprecates versions, or (with {@code -rev}) unpublishes versions and moves tags; and {@code DELETE} of
 * versions.
 */
final class NpmPublisher {
    /** Headroom over the tarball limit for base64 (4/3) and the manifests around it. */
    private static final long DOCUMENT_OVERHEAD = 16 << 20;
    /** What {@code dist.shasum} and {@code dist.integrity} are checked with before the 201. */
    private static final java.util.Set<depot.core.blob.Checksum> INTEGRITY =
            java.util.Set.of(depot.core.blob.Checksum.SHA1, depot.core.blob.Checksum.SHA512);

    void put(FormatRequest req) throws IOException {
        NpmPath path = NpmPath.parse(req.path("path"));
        if (path.tarball() != null) throw new DepotException.Invalid("tarballs are published inside the document");
        FormatContext s = req.services();
        long limit = s.limits().forType(TYPE);
        long declared = req.ctx().req().getContentLengthLong();
        if (declared > limit / 3 * 4 + DOCUMENT_OVERHEAD) throw new DepotException.TooLarge(limit);
        if (req.scope() == Scope.PROJECT) s.packages().claims().check(claim(path.name()), path.name().full(), req.project());
        PublishBody body = PublishBody.read(Uploads.body(req.ctx()),
                (in, max) -> s.packages().store(in, max, INTEGRITY), limit);
        if (body.name() != null && !NpmName.parse(body.name()).equals(path.name())) {
            throw new DepotException.Invalid("the document names " + body.name() + " but the URL names " + path.name());
        }
        if (path.rev() != null) {
            revise(req, path.name(), body);
        } else if (body.attachments().isEmpty()) {
            if (body.versions().isEmpty()) throw new DepotException.Invalid("the document has no _attachments");
            updateManifests(req, path.name(), body);
        } else {
            publish(req, path.name(), body);
        }
    }

    private void publish(FormatRequest req, NpmName name, PublishBody body) {
        FormatContext s = req.services();
        if (body.versions().size() != 1) throw new DepotException.Invalid("a publish must carry exactly one version");
        String version = body.versions().propertyNames().iterator().next();
        if (!Semver.isValid(version)) throw new DepotException.Invalid("version is not valid semver: " + version);
        JsonNode manifest = body.versions().get(version);
        if (!manifest.isObject()) throw new DepotException.Invalid("the version's manifest must be an object");
        if (manifest.has("version") && !manifest.get("version").asString("").equals(version)) {
            throw new DepotException.Invalid("the manifest's version differs from " + version);
        }
        if (body.attachments().size() != 1) throw new DepotException.Invalid("a publish must carry exactly one tarball");
        var entry = body.attachments().entrySet().iterator().next();
        String fileName = entry.getKey().substring(entry.getKey().lastIndexOf('/') + 1);
        if (!fileName.equals(name.tarball(version))) {
            throw new DepotException.Invalid("the attachment is " + entry.getKey() + ", expected " + name.full() + "-"
                    + version + ".tgz");
        }
        StoredBlob blob = entry.getValue().blob();
        if (entry.getValue().declaredLength() >= 0 && entry.getValue().declaredLength() != blob.size()) {
            throw new DepotException.Invalid("the attachment is " + blob.size() + " bytes, its length says "
                    + entry.getValue().declaredLength());
        }
        checkIntegrity(manifest.path("dist"), blob);
        // before the tarball is inflated: a version that exists costs no work (checked again under the lock)
        if (s.reads().find(req.project().id(), TYPE, name.full(), version).isPresent()) {
            throw new DepotException.Forbidden("You cannot publish over the previously published versions: " + version);
        }
        JsonNode packageJson;
        try (InputStream in = s.reads().content().open(blob.sha256(), 0, blob.size()).orElseThrow()) {
            packageJson = Tarball.packageJson(in);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        if (!packageJson.path("name").asString("").equals(name.full())
                || !packageJson.path("version").asString("").equals(version)) {
            throw new DepotException.Invalid("package.json in the tarball is " + packageJson.path("name").asString("?")
                    + "@" + packageJson.path("version").asString("?") + ", not " + name.full() + "@" + version);
        }
        List<String> tags = new ArrayList<>();
        body.distTags().properties().forEach(e -> {
            if (e.getValue().asString("").equals(version)) tags.add(e.getKey());
        });
        if (tags.isEmpty()) tags.add("latest");
        for (String tag : tags) {
            if (!TAG.matcher(tag).matches() || Semver.isValid(tag)) throw new DepotException.Invalid("invalid tag: " + tag);
        }
        ObjectNode stored = PublishBody.JSON.createObjectNode();
        ObjectNode kept = ((ObjectNode) manifest).deepCopy();
        kept.remove("dist");
        String readme = body.readme() != null ? body.readme() : kept.path("readme").asString(null);
        kept.remove("readme");
        stored.set("manifest", kept);
        if (readme != null) stored.put("readme", readme);
        stored.put("publisher", req.principal().name());
        s.packages().publish(Publication.of(req.project(), TYPE, name.full(), version)
                .metadata(PublishBody.JSON.writeValueAsString(stored)).file(new NewFile(fileName, blob, null))
                .by(req.principal()).tags(tags).immutableVersion().claiming(claim(name)).build());
        req.ctx().status(201).json(Map.of("ok", true, "id", name.full()));
    }

    /** {@code dist.integrity} (SRI, sha512 or sha1 entries) and {@code dist.shasum}, when sent, must match. */
    private static void checkIntegrity(JsonNode dist, StoredBlob blob) {
        String shasum = dist.path("shasum").asString("");
        if (!shasum.isEmpty() && !shasum.equalsIgnoreCase(blob.sha1())) {
            throw new DepotException.Invalid("the tarball's sha1 does not match dist.shasum");
        }
        String integrity = dist.path("integrity").asString("");
        for (String sri : integrity.trim().split("\\s+")) {
            int dash = sri.indexOf('-');
            if (dash < 0) continue;
            String algorithm = sri.substring(0, dash);
            String expected = switch (algorithm) {
                case "sha512" -> blob.sha512();
                case "sha1" -> blob.sha1();
                default -> null;
            };
            if (expected == null) continue;
            String digest = sri.substring(dash + 1).replaceAll("\\?.*$", "");
            byte[] sent;
            try {
                sent = Base64.getDecoder().decode(digest);
            } catch (IllegalArgumentException e) {
                throw new DepotException.Invalid("dist.integrity is not valid base64");
            }
            if (!HexFormat.of().formatHex(sent).equals(expected)) {
                throw new DepotException.Invalid("integrity mismatch: the tarball's " + algorithm
                        + " does not match dist.integrity");
            }
        }
    }

    /** A document without attachments: deprecations (and un-deprecations) of versions that exist. */
    private void updateManifests(FormatRequest req, NpmName name, PublishBody body) {
        PackageReads packages = req.services().reads();
        Map<String, Package> existing = new LinkedHashMap<>();
        visible(packages.versions(List.of(req.project().id()), TYPE, name.full()))
                .forEach(p -> existing.put(p.version(), p));
        body.versions().propertyNames().forEach(v -> {
            if (!existing.containsKey(v)) throw new DepotException.Invalid("version " + v + " has no _attachments");
        });
        applyDeprecations(req, body, existing);
        req.ctx().status(200).json(Map.of("ok", true, "id", name.full()));
    }

    private static String deprecation(String metadata) {
        return PublishBody.JSON.readTree(metadata).path("manifest").path("deprecated").asString("");
    }

    private static void applyDeprecations(FormatRequest req, PublishBody body, Map<String, Package> existing) {
        body.versions().properties().forEach(e -> {
            Package p = existing.get(e.getKey());
            if (p == null || p.metadata() == null) return;
            String now = e.getValue().path("deprecated").asString("");
            if (deprecation(p.metadata()).equals(now)) return;
            // a deprecation is a push of the version's manifest: a protected name's rule applies
            req.services().packages().protection().requirePush(req.project(), TYPE, p.name(), p.normalizedName(),
                    req.principal());
            req.services().packages().changeMetadata(p, stored -> {
                if (stored == null || deprecation(stored).equals(now)) return stored;
                ObjectNode meta = (ObjectNode) PublishBody.JSON.readTree(stored);
                ObjectNode manifest = (ObjectNode) meta.get("manifest");
                if (now.isEmpty()) manifest.remove("deprecated");
                else manifest.put("deprecated", now);
                return PublishBody.JSON.writeValueAsString(meta);
            });
        });
    }

    /**
     * {@code PUT /name/-rev/rev}, the first step of {@code npm unpublish name@version}: the packument comes back
     * without the version (deleted here) and with dist-tags moved (applied here).
     */
    private void revise(FormatRequest req, NpmName name, PublishBody body) {
        PackageReads packages = req.services().reads();
        Map<String, Package> existing = new LinkedHashMap<>();
        visible(packages.versions(List.of(req.project().id()), TYPE, name.full()))
                .forEach(p -> existing.put(p.version(), p));
        if (existing.isEmpty()) throw notFound(req, name);
        List<Package> removed = existing.values().stream()
                .filter(p -> !body.versions().has(p.version())).toList();
        if (!removed.isEmpty()) req.require(req.project(), Action.DELETE);
        for (Package p : removed) {
            req.services().packages().delete(p, req.principal());
            existing.remove(p.version());
        }
        applyDeprecations(req, body, existing);
        body.distTags().properties().forEach(e -> {
            Package target = existing.get(e.getValue().asString(""));
            if (target != null && TAG.matcher(e.getKey()).matches()) req.services().packages().setTag(target, e.getKey());
        });
        req.ctx().status(200).json(Map.of("ok", true, "id", name.full()));
    }

    /** {@code DELETE name/-rev/rev} removes every version; {@code DELETE name/-/file.tgz/-rev/rev} one version. */
    void delete(FormatRequest req) {
        NpmPath path = NpmPath.parse(req.path("path"));
        PackageReads packages = req.services().reads();
        List<Package> versions = visible(packages.versions(List.of(req.project().id()), TYPE, path.name().full()));
        if (path.tarball() != null) {
            String version = path.tarballVersion();
            versions = versions.stream().filter(p -> p.version().equals(version)).toList();
        }
        if (versions.isEmpty()) throw notFound(req, path.name());
        for (Package p : versions) req.services().packages().delete(p, req.principal());
        req.ctx().status(200).json(Map.of("ok", true));
    }
}
