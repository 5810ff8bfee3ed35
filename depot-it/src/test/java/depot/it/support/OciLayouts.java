package depot.it.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** Writes a one-layer linux/amd64 OCI image layout (what skopeo copies from {@code oci:DIR:TAG}) without a daemon. */
public final class OciLayouts {
    private OciLayouts() {}

    /** The layout at {@code dir} holds one image tagged {@code tag} with a layer of {@code payload} random bytes. */
    public static String write(Path dir, String tag, int payload) throws IOException {
        Path blobs = Files.createDirectories(dir.resolve("blobs/sha256"));
        byte[] data = new byte[payload];
        new Random(payload * 31L + tag.hashCode()).nextBytes(data);
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(tar)) {
            TarArchiveEntry entry = new TarArchiveEntry("payload.bin");
            entry.setSize(data.length);
            entry.setModTime(0);
            out.putArchiveEntry(entry);
            out.write(data);
            out.closeArchiveEntry();
        }
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(tar.toByteArray());
        }
        byte[] layer = gz.toByteArray();
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{},\"rootfs\":{\"type\":\"layers\","
                + "\"diff_ids\":[\"" + OciRequests.digest(tar.toByteArray()) + "\"]}}").getBytes(StandardCharsets.UTF_8);
        byte[] manifest = OciRequests.manifest(config, layer).getBytes(StandardCharsets.UTF_8);
        for (byte[] blob : new byte[][] {layer, config, manifest}) {
            Files.write(blobs.resolve(OciRequests.digest(blob).substring(7)), blob);
        }
        String digest = OciRequests.digest(manifest);
        Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        Files.writeString(dir.resolve("index.json"), "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\""
                + OciRequests.MANIFEST + "\",\"digest\":\"" + digest + "\",\"size\":" + manifest.length
                + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"" + tag + "\"}}]}");
        return digest;
    }

    /** A containers-policy.json that accepts any image, for {@code skopeo --policy} in tests. */
    public static Path acceptAnything(Path dir) throws IOException {
        return Files.writeString(dir.resolve("policy.json"), "{\"default\":[{\"type\":\"insecureAcceptAnything\"}]}");
    }
}
