package depot.it.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Conan's v2 uploads by hand, the way the client sends them: each file a PUT with its sha1 in
 * {@code X-Checksum-Sha1}, archives first and {@code conanmanifest.txt} last. {@code remote} is a remote's path
 * ({@code /api/v4/projects/7/packages/conan} or {@code /api/v4/packages/conan}), {@code ref} a reference's URL
 * path ({@code name/version/user/channel}, {@code _} for none).
 */
public final class ConanRequests {
    private ConanRequests() {}

    public static String recipeFile(String remote, String ref, String rrev, String file) {
        return remote + "/v2/conans/" + ref + "/revisions/" + rrev + "/files/" + file;
    }

    public static String packageFile(String remote, String ref, String rrev, String pid, String prev, String file) {
        return remote + "/v2/conans/" + ref + "/revisions/" + rrev + "/packages/" + pid + "/revisions/" + prev
                + "/files/" + file;
    }

    public static Api.Response put(Api api, String path, byte[] body) {
        return api.send(api.request(path).header("X-Checksum-Sha1", sha1(body))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    /** A whole recipe revision: an export archive, a conanfile.py, and the manifest. */
    public static void recipe(Api api, String remote, String ref, String rrev, String conanfile) {
        ok(put(api, recipeFile(remote, ref, rrev, "conan_export.tgz"), tgz(Map.of("include/x.h", "#define X 1\n"))));
        ok(put(api, recipeFile(remote, ref, rrev, "conanfile.py"), conanfile.getBytes(StandardCharsets.UTF_8)));
        ok(put(api, recipeFile(remote, ref, rrev, "conanmanifest.txt"), manifest("conanfile.py")));
    }

    /** A whole binary: a package archive, a conaninfo.txt with settings and an option, and the manifest. */
    public static void binary(Api api, String remote, String ref, String rrev, String pid, String prev) {
        binary(api, remote, ref, rrev, pid, prev, "[settings]\narch=x86_64\nbuild_type=Release\nos=Linux\n[options]\n"
                + "shared=False\n");
    }

    /** A binary whose conaninfo.txt is {@code conaninfo}. */
    public static void binary(Api api, String remote, String ref, String rrev, String pid, String prev, String conaninfo) {
        ok(put(api, packageFile(remote, ref, rrev, pid, prev, "conan_package.tgz"), tgz(Map.of("bin/tool.txt", "tool\n"))));
        ok(put(api, packageFile(remote, ref, rrev, pid, prev, "conaninfo.txt"), conaninfo.getBytes(StandardCharsets.UTF_8)));
        ok(put(api, packageFile(remote, ref, rrev, pid, prev, "conanmanifest.txt"), manifest("conaninfo.txt")));
    }

    private static void ok(Api.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    public static byte[] manifest(String file) {
        return ("1795762468\n" + file + ": 59cb21a9b4dd4b5bdffd1d65f6ac012f\n").getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] tgz(Map<String, String> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
            for (var e : entries.entrySet()) {
                byte[] data = e.getValue().getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry entry = new TarArchiveEntry(e.getKey());
                entry.setSize(data.length);
                tar.putArchiveEntry(entry);
                tar.write(data);
                tar.closeArchiveEntry();
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static String sha1(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(body));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
