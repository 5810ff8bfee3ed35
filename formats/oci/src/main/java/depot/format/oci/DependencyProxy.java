package depot.format.oci;

import depot.core.access.Principal;
import depot.core.blob.StoredBlob;
import depot.core.error.DepotException;
import depot.core.model.Namespace;
import depot.http.Downloads;
import depot.http.FormatContext;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dependency proxy for container images: {@code /v2/<group>/dependency_proxy/containers/<image>/manifests/<ref>}
 * and {@code …/blobs/<digest>} pull through the configured upstream registry and cache what they fetch in the group.
 * A cached manifest is revalidated with a HEAD on every pull by tag and served from the cache when the upstream is
 * unreachable; blobs and manifests by digest are immutable and served from the cache alone.
 */
final class DependencyProxy {
    static final String SEGMENT = "/dependency_proxy/containers/";
    private static final Logger LOG = LoggerFactory.getLogger(DependencyProxy.class);
    private static final String ACCEPT = String.join(", ", ManifestDoc.OCI_INDEX, ManifestDoc.DOCKER_LIST,
            ManifestDoc.OCI_MANIFEST, ManifestDoc.DOCKER_MANIFEST);
    private final FormatContext services;
    private final ProxyStore store;
    private final Upstream upstream;

    DependencyProxy(FormatContext services, ProxyStore store) {
        this.services = services;
        this.store = store;
        String url = services.option("dependency_proxy_upstream");
        String authHosts = services.option("dependency_proxy_auth_hosts");
        this.upstream = url == null ? null : new Upstream(url, services.option("dependency_proxy_username"),
                services.option("dependency_proxy_password"),
                authHosts == null || authHosts.isBlank() ? List.of() : List.of(authHosts.split(",")));
    }

    /** A pull through the proxy: the group whose cache serves it and the upstream image name. */
    record Target(String name, Namespace group, String image) {}

    static boolean isProxyName(String name) {
        return name.contains(SEGMENT);
    }

    /** Resolves {@code <group>/dependency_proxy/containers/<image>} and checks the caller may pull through it. */
    Target resolve(String name, RegistryAccess.Caller caller) {
        int at = name.indexOf(SEGMENT);
        String groupPath = name.substring(0, at);
        String image = name.substring(at + SEGMENT.length());
        if (!OciNames.validName(groupPath) || !OciNames.validName(image)) throw OciErrors.nameInvalid(name);
        Principal principal = caller.principal();
        Optional<Namespace> group = services.directory().namespaceByPath(groupPath).filter(Namespace::group);
        if (group.isEmpty() || !services.access().mayUseDependencyProxy(principal, group.get())) {
            if (principal instanceof Principal.Anonymous) {
                throw new DepotException.Unauthenticated("UNAUTHORIZED authentication required");
            }
            if (group.isPresent() && services.access().canSeeGroup(principal, group.get())) {
                throw new DepotException.Forbidden("DENIED requested access to the resource is denied");
            }
            throw OciErrors.nameUnknown(name);
        }
        if (caller.grant() != null && !caller.grant().allows("repository", name, "pull")) {
            throw new DepotException.Unauthenticated("UNAUTHORIZED authentication required: insufficient scope");
        }
        // as Docker does, a one-part name is an official image
        return new Target(name, group.get(), image.contains("/") ? image : "library/" + image);
    }

    private Upstream upstream() {
        if (upstream == null) {
            throw new DepotException.NotFound("NAME_UNKNOWN the dependency proxy has no upstream registry configured");
        }
        return upstream;
    }

    void manifest(Context ctx, Target t, String reference) throws IOException {
        boolean byDigest = OciNames.looksLikeDigest(reference);
        if (!byDigest && !OciNames.validTag(reference)) throw OciErrors.manifestInvalid("invalid tag: " + reference);
        long group = t.group().id();
        long now = services.clock().now();
        Optional<ProxyStore.ProxyManifest> cached = store.proxyManifest(group, t.image(), reference);
        ProxyStore.ProxyManifest serve;
        if (cached.isPresent() && byDigest) {
            serve = cached.get();
        } else {
            serve = cached.isPresent() ? revalidate(t, reference, cached.get()) : fetch(t, reference);
        }
        if (cached.isPresent() && serve == cached.get()) {
            store.touchProxyManifest(group, t.image(), reference, now);
        } else {
            store.saveProxyManifest(group, t.image(), reference, serve, now);
            if (!byDigest) store.saveProxyManifest(group, t.image(), serve.digest(), serve, now);
        }
        ctx.header("Docker-Content-Digest", serve.digest());
        Downloads.send(ctx, services.reads().content(), serve.sha256(), serve.size(), serve.mediaType(), null);
    }

    /** The cached manifest when the upstream still names it (or cannot be asked), else the upstream's new one. */
    private ProxyStore.ProxyManifest revalidate(Target t, String reference, ProxyStore.ProxyManifest cached) {
        try {
            HttpResponse<InputStream> head = upstream().send("HEAD", t.image(), "manifests/" + reference, ACCEPT);
            head.body().close();
            String digest = head.headers().firstValue("Docker-Content-Digest").orElse(null);
            if (head.statusCode() != 200 || cached.digest().equals(digest)) return cached;
            return fetch(t, reference);
        } catch (IOException | RuntimeException e) {
            LOG.info("upstream unreachable for {}:{}, serving the cached manifest ({})", t.image(), reference, e.toString());
            return cached;
        }
    }

    private ProxyStore.ProxyManifest fetch(Target t, String reference) throws IOException {
        HttpResponse<InputStream> r;
        try {
            r = upstream().send("GET", t.image(), "manifests/" + reference, ACCEPT);
        } catch (IOException e) {
            throw OciErrors.manifestUnknown(reference + " (the upstream registry is unreachable and nothing is cached)");
        }
        try (InputStream in = r.body()) {
            if (r.statusCode() != 200) throw OciErrors.manifestUnknown(reference + " (upstream answered " + r.statusCode() + ")");
            byte[] body = in.readNBytes(ManifestEndpoints.MAX_MANIFEST + 1);
            if (body.length > ManifestEndpoints.MAX_MANIFEST) throw new DepotException.TooLarge(ManifestEndpoints.MAX_MANIFEST);
            String claimed = r.headers().firstValue("Docker-Content-Digest").orElse(null);
            String like = OciNames.looksLikeDigest(reference) ? reference : claimed != null && OciNames.supported(claimed) ? claimed : null;
            String digest = OciNames.digestOf(body, like);
            if ((OciNames.looksLikeDigest(reference) && !digest.equals(reference)) || (claimed != null && !claimed.equals(digest))) {
                throw OciErrors.digestInvalid("the upstream manifest hashes to " + digest);
            }
            // the upstream's Content-Type is only a hint: what is stored and served again is the registry media type
            // the body parses as (never, say, text/html)
            String mediaType = ManifestDoc.parse(body, r.headers().firstValue("Content-Type").orElse(null)).mediaType();
            StoredBlob blob = services.packages().store(new java.io.ByteArrayInputStream(body), ManifestEndpoints.MAX_MANIFEST);
            services.packages().record(blob);
            return new ProxyStore.ProxyManifest(digest, blob.sha256(), mediaType, body.length);
        }
    }

    void blob(Context ctx, Target t, String digest) throws IOException {
        if (!OciNames.supported(digest)) throw OciErrors.blobUnknown(digest);
        long group = t.group().id();
        Optional<ContainerStore.Linked> cached = store.proxyBlob(group, digest);
        ContainerStore.Linked blob = cached.isPresent() ? cached.get() : fetchBlob(t, digest);
        ctx.header("Docker-Content-Digest", digest);
        Downloads.send(ctx, services.reads().content(), blob.sha256(), blob.size(), "application/octet-stream", null);
    }

    private ContainerStore.Linked fetchBlob(Target t, String digest) throws IOException {
        HttpResponse<InputStream> r;
        try {
            r = upstream().send("GET", t.image(), "blobs/" + digest, null);
        } catch (IOException e) {
            throw OciErrors.blobUnknown(digest + " (the upstream registry is unreachable and nothing is cached)");
        }
        try (InputStream in = r.body()) {
            if (r.statusCode() != 200) throw OciErrors.blobUnknown(digest + " (upstream answered " + r.statusCode() + ")");
            StoredBlob blob = services.packages().store(in, services.limits().forType(OciFormat.TYPE),
                    OciNames.checksums(digest));
            String actual = OciNames.digestOf(blob, digest);
            if (!actual.equals(digest)) throw OciErrors.digestInvalid("the upstream blob hashes to " + actual);
            services.packages().record(blob);
            store.saveProxyBlob(t.group().id(), digest, blob.sha256(), blob.size(), services.clock().now());
            return new ContainerStore.Linked(blob.sha256(), blob.size());
        }
    }
}
