package depot.it.go;

import depot.it.support.Api;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Module zips built in Java, as the go command lays them out, for the tests that need many or hostile ones. */
public final class Modules {
    private Modules() {}

    /** A module zip of {@code files} (paths relative to the module root) under {@code module@version/}. */
    public static byte[] zip(String module, String version, Map<String, String> files) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, String> f : files.entrySet()) {
                out.putNextEntry(new ZipEntry(module + "@" + version + "/" + f.getKey()));
                out.write(f.getValue().getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A module with a go.mod and one Go file. */
    public static byte[] simple(String module, String version) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("go.mod", "module " + module + "\n\ngo 1.21\n");
        files.put("lib.go", "package lib\n\n// Version is the version of this module.\nconst Version = \"" + version + "\"\n");
        return zip(module, version, files);
    }

    /** {@code PUT <packages>go/upload?module=&version=} with the zip as the body. */
    public static Api.Response upload(Api api, String goMount, String module, String version, byte[] zip) {
        return api.putBytes(goMount + "/upload?module=" + URLEncoder.encode(module, StandardCharsets.UTF_8)
                + "&version=" + URLEncoder.encode(version, StandardCharsets.UTF_8), zip);
    }

    /** The protocol's case encoding of a module path or version. */
    public static String escape(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c >= 'A' && c <= 'Z') b.append('!').append((char) (c + 32));
            else b.append(c);
        }
        return b.toString();
    }
}
