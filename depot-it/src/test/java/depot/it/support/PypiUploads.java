package depot.it.support;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** The legacy upload API by hand: wheels built in memory and the multipart form twine sends. */
public final class PypiUploads {
    private PypiUploads() {}

    public static String metadata(String name, String version) {
        return "Metadata-Version: 2.1\nName: " + name + "\nVersion: " + version + "\nSummary: test " + name
                + "\nRequires-Python: >=3.8\n";
    }

    /** A wheel whose {@code .dist-info/METADATA} holds {@code metadata}. */
    public static byte[] wheel(String distName, String version, byte[] metadata) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
                zip.putNextEntry(new ZipEntry(distName + "/__init__.py"));
                zip.write("def hi():\n    return 1\n".getBytes(StandardCharsets.UTF_8));
                zip.putNextEntry(new ZipEntry(distName + "-" + version + ".dist-info/METADATA"));
                zip.write(metadata);
            }
            return bytes.toByteArray();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static byte[] wheel(String name, String version) {
        return wheel(name.replace('-', '_'), version, metadata(name, version).getBytes(StandardCharsets.UTF_8));
    }

    /** The fields twine sends, with a correct sha256_digest for {@code content}. */
    public static Map<String, String> fields(String name, String version, byte[] content) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put(":action", "file_upload");
        f.put("protocol_version", "1");
        f.put("metadata_version", "2.1");
        f.put("name", name);
        f.put("version", version);
        f.put("filetype", "bdist_wheel");
        f.put("sha256_digest", sha256(content));
        return f;
    }

    public static Api.Response upload(Api api, String path, Map<String, String> fields, String fileName, byte[] content) {
        String boundary = "depot-test-" + System.nanoTime();
        return api.send(api.request(path).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(multipart(boundary, fields, "content", fileName, content))));
    }

    /** A multipart/form-data body: the fields, then one file part (left out when {@code fileName} is null). */
    public static byte[] multipart(String boundary, Map<String, String> fields, String part, String fileName,
                                   byte[] content) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (var e : fields.entrySet()) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + e.getKey() + "\"\r\n\r\n"
                    + e.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        if (fileName != null) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + part + "\"; filename=\""
                    + fileName + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            body.writeBytes(content);
            body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return body.toByteArray();
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
