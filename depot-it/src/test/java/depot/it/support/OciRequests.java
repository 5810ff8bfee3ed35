package depot.it.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;

/** Hand-made requests of the OCI distribution API, for tests that go where no client goes. */
public final class OciRequests {
    public static final String MANIFEST = "application/vnd.oci.image.manifest.v1+json";

    private OciRequests() {}

    public static String digest(byte[] bytes) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A monolithic blob push: {@code POST /v2/<name>/blobs/uploads/?digest=} with the bytes. */
    public static Api.Response pushBlob(Api api, String name, byte[] bytes) {
        return api.send(api.request("/v2/" + name + "/blobs/uploads/?digest=" + enc(digest(bytes)))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)));
    }

    public static Api.Response putManifest(Api api, String name, String reference, String json) {
        return api.send(api.request("/v2/" + name + "/manifests/" + reference).header("Content-Type", MANIFEST)
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** An image manifest over a config and layers (gzip media type; the bytes need not be real archives). */
    public static String manifest(byte[] config, byte[]... layers) {
        StringBuilder sb = new StringBuilder("{\"schemaVersion\":2,\"mediaType\":\"" + MANIFEST + "\",\"config\":"
                + descriptor("application/vnd.oci.image.config.v1+json", config) + ",\"layers\":[");
        for (int i = 0; i < layers.length; i++) {
            if (i > 0) sb.append(',');
            sb.append(descriptor("application/vnd.oci.image.layer.v1.tar+gzip", layers[i]));
        }
        return sb.append("]}").toString();
    }

    public static String descriptor(String mediaType, byte[] bytes) {
        return "{\"mediaType\":\"" + mediaType + "\",\"digest\":\"" + digest(bytes) + "\",\"size\":" + bytes.length + "}";
    }

    /** Pushes a one-layer image under {@code tag}; returns the manifest's digest. */
    public static String image(Api api, String name, String tag, String unique) {
        assertThat(pushBlob(api, name, imageConfig(unique)).status()).isEqualTo(201);
        assertThat(pushBlob(api, name, imageLayer(unique)).status()).isEqualTo(201);
        Api.Response r = putManifest(api, name, tag, imageManifest(unique));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return imageDigest(unique);
    }

    /** The digest of the manifest {@link #image} pushes for {@code unique}. */
    public static String imageDigest(String unique) {
        return digest(imageManifest(unique).getBytes(StandardCharsets.UTF_8));
    }

    private static String imageManifest(String unique) {
        return manifest(imageConfig(unique), imageLayer(unique));
    }

    private static byte[] imageConfig(String unique) {
        return ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"unique\":\"" + unique + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] imageLayer(String unique) {
        return ("layer " + unique).getBytes(StandardCharsets.UTF_8);
    }

    /** The Docker token flow: Basic credentials (or none) to {@code /jwt/auth} for a scope. */
    public static Api.Response token(TestServer server, String username, String secret, String scope) {
        Api api = username == null ? server.anonymous() : server.as("Authorization", "Basic "
                + Base64.getEncoder().encodeToString((username + ":" + secret).getBytes(StandardCharsets.UTF_8)));
        return api.get("/jwt/auth?service=container_registry&scope=" + enc(scope));
    }

    public static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
