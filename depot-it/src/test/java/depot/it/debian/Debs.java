package depot.it.debian;

import depot.it.support.Api;
import depot.it.support.Archives;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.commons.compress.archivers.ar.ArArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveOutputStream;

/** Binary packages built in Java, laid out as dpkg-deb builds them, for the tests that need many or hostile ones. */
public final class Debs {
    private Debs() {}

    /** A .deb whose control file is {@code control} and whose data holds {@code files} (paths under /). */
    public static byte[] deb(String control, Map<String, byte[]> files) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ArArchiveOutputStream ar = new ArArchiveOutputStream(out)) {
            member(ar, "debian-binary", "2.0\n".getBytes(StandardCharsets.US_ASCII));
            member(ar, "control.tar.gz", Archives.tgz(Map.of("./control", control.getBytes(StandardCharsets.UTF_8))));
            member(ar, "data.tar.gz", Archives.tgz(files));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A .deb whose members are given as they are ({@code name -> bytes}, in order). */
    public static byte[] members(Map<String, byte[]> members) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ArArchiveOutputStream ar = new ArArchiveOutputStream(out)) {
            for (Map.Entry<String, byte[]> m : members.entrySet()) member(ar, m.getKey(), m.getValue());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A small package: {@code name} {@code version} for {@code arch}, with one file holding {@code payload}. */
    public static byte[] simple(String name, String version, String arch, byte[] payload) {
        return deb("Package: " + name + "\nVersion: " + version + "\nArchitecture: " + arch
                + "\nMaintainer: Depot Tests <tests@depot.test>\nDescription: test package " + name + "\n a test.\n",
                Map.of("./usr/share/depot-test/payload", payload));
    }

    /** {@code PUT <packages>debian/<file>?distribution=&component=main}. */
    public static Api.Response upload(Api api, String packages, String file, String distribution, byte[] deb) {
        return api.putBytes(packages + "debian/" + URLEncoder.encode(file, StandardCharsets.UTF_8).replace("+", "%20")
                + "?distribution=" + URLEncoder.encode(distribution, StandardCharsets.UTF_8) + "&component=main", deb);
    }

    /** Where the pool serves a package's file (Debian's prefix: the first letter, or lib and one more). */
    public static String pool(String distribution, String name, String version, String arch) {
        String prefix = name.startsWith("lib") && name.length() > 3 ? name.substring(0, 4) : name.substring(0, 1);
        return "pool/" + distribution + "/main/" + prefix + "/" + name + "/" + name + "_"
                + version.replaceFirst("^[0-9]+:", "") + "_" + arch + ".deb";
    }

    private static void member(ArArchiveOutputStream ar, String name, byte[] bytes) throws IOException {
        ar.putArchiveEntry(new ArArchiveEntry(name, bytes.length, 0, 0, 0100644, System.currentTimeMillis() / 1000));
        ar.write(bytes);
        ar.closeArchiveEntry();
    }
}
