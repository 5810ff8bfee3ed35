package depot.format.debian;

import depot.http.OpenPgpKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Release file is laid out as apt-ftparchive writes it (a known answer from apt-ftparchive 2.6 over the golden
 * indexes), and its InRelease and Release.gpg signatures verify with gpgv, the verifier apt runs, against the public
 * key Depot hands out; the stored secret key opens only with its passphrase.
 */
class ReleaseAndSigningTest {
    @TempDir Path dir;

    static ReleaseFile.Index index(String path, byte[] bytes) throws Exception {
        return new ReleaseFile.Index(path, bytes.length, DebFileTest.hex("MD5", bytes), DebFileTest.hex("SHA-1", bytes),
                DebFileTest.hex("SHA-256", bytes), DebFileTest.hex("SHA-512", bytes));
    }

    static Map<String, String> fields() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("Origin", "Depot");
        fields.put("Label", "acme");
        fields.put("Suite", "stable");
        fields.put("Version", "12.1");
        fields.put("Codename", "stable");
        fields.put("Architectures", "amd64 all");
        fields.put("Components", "main");
        fields.put("Description", "Depot tests");
        fields.put("Acquire-By-Hash", "yes");
        return fields;
    }

    @Test
    void the_release_file_is_laid_out_as_apt_ftparchive_writes_it() throws Exception {
        String expected = new String(DebFileTest.resource("Release"), StandardCharsets.UTF_8);
        String date = expected.lines().filter(l -> l.startsWith("Date: ")).findFirst().orElseThrow().substring(6);
        List<ReleaseFile.Index> files = new ArrayList<>(List.of(
                index("main/binary-amd64/Packages.gz", DebFileTest.resource("Packages.gz")),
                index("main/binary-amd64/Packages", DebFileTest.resource("Packages")),
                index("main/binary-all/Packages", new byte[0])));
        byte[] release = ReleaseFile.render(fields(), ZonedDateTime.parse(date, ReleaseFile.DATE).toInstant(), null, files);
        assertEquals(expected, new String(release, StandardCharsets.UTF_8));
    }

    private static void gpgv(Path cwd, List<String> args, boolean ok) throws Exception {
        List<String> command = new ArrayList<>(List.of("gpgv", "--keyring", cwd.resolve("keyring.gpg").toString()));
        command.addAll(args);
        Process p = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(1, TimeUnit.MINUTES));
        assertEquals(ok, p.exitValue() == 0, out);
    }

    @Test
    void in_release_and_release_gpg_verify_with_gpgv() throws Exception {
        if (!Files.isExecutable(Path.of("/usr/bin/gpgv"))) {
            if ("true".equals(System.getenv("CI"))) throw new AssertionError("gpgv (apt's verifier) is needed");
            Assumptions.abort("gpgv (apt's verifier) is needed");
        }
        String stored = OpenPgpKey.generate("Depot acme/stable <depot@depot.test>", "server-secret".toCharArray());
        assertTrue(stored.startsWith("-----BEGIN PGP PRIVATE KEY BLOCK-----"), stored);
        assertThrows(IllegalStateException.class, () -> OpenPgpKey.load(stored, "wrong".toCharArray()));
        OpenPgpKey key = OpenPgpKey.load(stored, "server-secret".toCharArray());
        assertTrue(key.publicKeyArmored().startsWith("-----BEGIN PGP PUBLIC KEY BLOCK-----"));
        assertEquals(40, key.fingerprint().length());

        byte[] release = (new String(DebFileTest.resource("Release"), StandardCharsets.UTF_8)
                + "X-Dash-Line: - a value\n").getBytes(StandardCharsets.UTF_8);
        Files.write(dir.resolve("keyring.gpg"), key.publicKeyBinary());
        Files.write(dir.resolve("Release"), release);
        Files.write(dir.resolve("Release.gpg"), key.detachedSign(release));
        Files.write(dir.resolve("InRelease"), key.clearSign(release));
        gpgv(dir, List.of("Release.gpg", "Release"), true);
        gpgv(dir, List.of("InRelease"), true);

        // a changed byte fails both
        byte[] tampered = release.clone();
        tampered[10] ^= 1;
        Files.write(dir.resolve("Release"), tampered);
        gpgv(dir, List.of("Release.gpg", "Release"), false);
        String signed = Files.readString(dir.resolve("InRelease"));
        Files.writeString(dir.resolve("InRelease"), signed.replace("Codename: stable", "Codename: stabme"));
        assertNotEquals(signed, Files.readString(dir.resolve("InRelease")));
        gpgv(dir, List.of("InRelease"), false);
    }
}
