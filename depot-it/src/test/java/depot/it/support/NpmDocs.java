package depot.it.support;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** npm publish documents as the npm CLI builds them, for tests that speak the protocol by hand. */
public final class NpmDocs {
    private NpmDocs() {}

    /** A gzipped tarball holding {@code package/package.json} with this name and version. */
    public static byte[] tarball(String name, String version) {
        return tarball("{\"name\":\"" + name + "\",\"version\":\"" + version + "\"}");
    }

    public static byte[] tarball(String packageJson) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
                byte[] content = packageJson.getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry e = new TarArchiveEntry("package/package.json");
                e.setSize(content.length);
                tar.putArchiveEntry(e);
                tar.write(content);
                tar.closeArchiveEntry();
            }
            return bytes.toByteArray();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The document {@code npm publish} PUTs, with correct integrity for {@code tarball}. */
    public static String publish(String name, String version, byte[] tarball) {
        return publish(name, version, tarball, integrity(tarball));
    }

    public static String publish(String name, String version, byte[] tarball, String integrity) {
        String bare = name.substring(name.indexOf('/') + 1);
        return "{\"_id\":\"" + name + "\",\"name\":\"" + name + "\",\"dist-tags\":{\"latest\":\"" + version + "\"},"
                + "\"versions\":{\"" + version + "\":{\"name\":\"" + name + "\",\"version\":\"" + version + "\","
                + "\"dist\":{\"integrity\":\"" + integrity + "\",\"tarball\":\"http://x/" + name + "/-/" + bare + "-"
                + version + ".tgz\"}}},\"_attachments\":{\"" + name + "-" + version + ".tgz\":{\"content_type\":"
                + "\"application/octet-stream\",\"data\":\"" + Base64.getEncoder().encodeToString(tarball)
                + "\",\"length\":" + tarball.length + "}}}";
    }

    public static String integrity(byte[] bytes) {
        try {
            return "sha512-" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-512").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code @scope/name} as npm puts it in a URL. */
    public static String escaped(String name) {
        return name.replace("/", "%2f");
    }

}
