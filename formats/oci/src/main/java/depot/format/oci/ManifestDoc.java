package depot.format.oci;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * What Depot needs from a pushed manifest or index: its media type, the blobs or child manifests it refers to,
 * its subject and artifact type. Parsing is strict where a wrong answer would serve broken images (digests,
 * sizes, media types) and lenient elsewhere, as the spec asks.
 */
record ManifestDoc(String mediaType, boolean index, List<Descriptor> blobs, List<Descriptor> children,
                   Descriptor subject, String artifactType, JsonNode annotations) {

    static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    static final Set<String> MANIFESTS = Set.of(OCI_MANIFEST, DOCKER_MANIFEST);
    static final Set<String> INDEXES = Set.of(OCI_INDEX, DOCKER_LIST);
    /** RFC 6838's type/subtype names (127 characters each at most), with optional parameters; 255 in all. */
    private static final java.util.regex.Pattern MEDIA_TYPE = java.util.regex.Pattern.compile(
            "(?=.{3,255}$)[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}"
                    + "(?:\\s*;\\s*[A-Za-z0-9!#$&^_.+-]+=[\\x21-\\x7e]+)*");
    private static final ObjectMapper JSON = depot.http.BoundedJson.mapper(200_000);

    /** A content descriptor; {@code external} for non-distributable layers fetched from their {@code urls}. */
    record Descriptor(String mediaType, String digest, long size, String artifactType, boolean external) {}

    /**
     * Parses {@code body}; {@code contentType} is the request's Content-Type, which wins when it names a manifest
     * type (clients always send it) and must agree with a {@code mediaType} field in the body.
     */
    static ManifestDoc parse(byte[] body, String contentType) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JacksonException e) {
            throw OciErrors.manifestInvalid("not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) throw OciErrors.manifestInvalid("not a JSON object");
        if (root.path("schemaVersion").asInt(0) != 2) {
            throw OciErrors.manifestInvalid("schemaVersion must be 2 (schema 1 manifests are not supported)");
        }
        String declared = root.path("mediaType").isString() ? root.path("mediaType").asString() : null;
        String header = contentType == null ? "" : contentType.split(";")[0].trim();
        String type;
        if (MANIFESTS.contains(header) || INDEXES.contains(header)) {
            if (declared != null && !declared.equals(header)) {
                throw OciErrors.manifestInvalid("mediaType " + declared + " does not match Content-Type " + header);
            }
            type = header;
        } else if (declared != null) {
            type = declared;
        } else {
            type = root.has("manifests") ? OCI_INDEX : OCI_MANIFEST;
        }
        if (!MANIFESTS.contains(type) && !INDEXES.contains(type)) {
            throw OciErrors.manifestInvalid("unsupported manifest media type " + type);
        }
        boolean index = INDEXES.contains(type);
        List<Descriptor> blobs = new ArrayList<>();
        List<Descriptor> children = new ArrayList<>();
        String artifactType = text(root, "artifactType");
        if (index) {
            JsonNode manifests = root.path("manifests");
            if (!manifests.isArray()) throw OciErrors.manifestInvalid("an index needs a manifests array");
            for (JsonNode m : manifests) children.add(descriptor(m, "manifests[]"));
        } else {
            Descriptor config = descriptor(root.path("config"), "config");
            blobs.add(config);
            JsonNode layers = root.path("layers");
            if (!layers.isMissingNode() && !layers.isArray()) throw OciErrors.manifestInvalid("layers must be an array");
            for (JsonNode l : layers) blobs.add(descriptor(l, "layers[]"));
            // the spec: an image manifest without artifactType is of its config's media type
            if (artifactType == null) artifactType = config.mediaType();
        }
        if (artifactType != null && !MEDIA_TYPE.matcher(artifactType).matches()) {
            throw OciErrors.manifestInvalid("artifactType is not a media type (RFC 6838, at most 255 characters)");
        }
        Descriptor subject = root.has("subject") ? descriptor(root.path("subject"), "subject") : null;
        JsonNode annotations = root.path("annotations").isObject() ? root.path("annotations") : null;
        return new ManifestDoc(type, index, blobs, children, subject, artifactType, annotations);
    }

    private static Descriptor descriptor(JsonNode d, String where) {
        if (!d.isObject()) throw OciErrors.manifestInvalid(where + " is not a descriptor");
        String digest = text(d, "digest");
        if (digest == null || !OciNames.looksLikeDigest(digest)) {
            throw OciErrors.manifestInvalid(where + " has no valid digest");
        }
        JsonNode size = d.path("size");
        if (!size.isIntegralNumber() || size.asLong() < 0) throw OciErrors.manifestInvalid(where + " has no valid size");
        String mediaType = text(d, "mediaType");
        boolean external = d.path("urls").isArray() && !d.path("urls").isEmpty();
        return new Descriptor(mediaType, digest, size.asLong(), text(d, "artifactType"), external);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.path(field);
        return v.isString() ? v.asString() : null;
    }
}
