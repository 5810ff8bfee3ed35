package depot.format.debian;

import depot.http.OpenPgpKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real apt, with a configuration of its own (state, cache, sources, keyring in a temp dir), reads what this module
 * writes: Packages and Packages.gz with by-hash copies, a Release signed both ways by a distribution key, the public
 * key as {@code Signed-By}; {@code apt-get update} accepts the signature and {@code apt-get download} fetches the
 * package whose SHA256 the index names. (Served over HTTP once the routes exist; here from a file: URI.)
 */
class AptReadsTheIndexesTest {
    @TempDir Path dir;

    private String apt(List<String> args, Boolean ok) throws Exception {
        List<String> command = new ArrayList<>(List.of("apt-get", "-q", "-o", "Dir::State=" + dir.resolve("state"),
                "-o", "Dir::Cache=" + dir.resolve("cache"), "-o", "Dir::Etc::SourceList=" + dir.resolve("sources.list"),
                "-o", "Dir::Etc::SourceParts=" + dir.resolve("none"), "-o", "Dir::Etc::Preferences=" + dir.resolve("none/prefs"),
                "-o", "Dir::Etc::PreferencesParts=" + dir.resolve("none"), "-o", "Dir::Etc::TrustedParts=" + dir.resolve("none"),
                "-o", "Debug::NoLocking=1", "-o", "APT::Sandbox::User=root", "-o", "APT::Architecture=amd64",
                "-o", "APT::Architectures=amd64"));
        command.addAll(args);
        Process p = new ProcessBuilder(command).directory(dir.resolve("downloads").toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(2, TimeUnit.MINUTES));
        if (ok != null) assertEquals(ok, p.exitValue() == 0, out);
        return out;
    }

    private void write(Path root, String path, byte[] bytes) throws Exception {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
    }

    @Test
    void apt_updates_and_downloads_from_the_signed_indexes() throws Exception {
        if (!Files.isExecutable(Path.of("/usr/bin/apt-get"))) {
            if ("true".equals(System.getenv("CI"))) throw new AssertionError("apt-get is needed");
            Assumptions.abort("apt-get is needed");
        }
        for (String d : List.of("state/lists/partial", "cache/archives/partial", "none", "downloads")) {
            Files.createDirectories(dir.resolve(d));
        }
        Path root = dir.resolve("repo");
        byte[] deb = DebFileTest.resource("depot-hello_1.2.3-1_amd64.deb");
        String pool = "pool/main/d/depot-hello/depot-hello_1.2.3-1_amd64.deb";
        write(root, pool, deb);
        Control control = DebFile.read(new ByteArrayInputStream(deb)).control();
        byte[] packages = PackagesStanza.render(control, pool, deb.length, DebFileTest.hex("MD5", deb),
                DebFileTest.hex("SHA-1", deb), DebFileTest.hex("SHA-256", deb)).getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(packages);
        }
        List<ReleaseFile.Index> indexes = new ArrayList<>();
        for (var e : java.util.Map.of("main/binary-amd64/Packages", packages, "main/binary-amd64/Packages.gz",
                gz.toByteArray(), "main/binary-all/Packages", new byte[0]).entrySet()) {
            ReleaseFile.Index index = ReleaseAndSigningTest.index(e.getKey(), e.getValue());
            indexes.add(index);
            write(root, "dists/stable/" + e.getKey(), e.getValue());
            String folder = e.getKey().substring(0, e.getKey().lastIndexOf('/'));
            write(root, "dists/stable/" + folder + "/by-hash/SHA256/" + index.sha256(), e.getValue());
        }
        var fields = ReleaseAndSigningTest.fields();
        byte[] release = ReleaseFile.render(fields, Instant.now(), null, indexes);
        OpenPgpKey key = OpenPgpKey.load(OpenPgpKey.generate("Depot acme/stable <depot@depot.test>",
                "secret".toCharArray()), "secret".toCharArray());
        write(root, "dists/stable/Release", release);
        write(root, "dists/stable/Release.gpg", key.detachedSign(release));
        write(root, "dists/stable/InRelease", key.clearSign(release));
        Path asc = dir.resolve("key.asc");
        Files.writeString(asc, key.publicKeyArmored());
        Files.writeString(dir.resolve("sources.list"), "deb [signed-by=" + asc + "] file:" + root + " stable main\n");

        String update = apt(List.of("update"), true);
        assertTrue(!update.contains("NO_PUBKEY") && !update.contains("not signed") && !update.contains("W: "), update);
        apt(List.of("download", "depot-hello"), true);
        assertEquals(DebFileTest.hex("SHA-256", deb),
                DebFileTest.hex("SHA-256", Files.readAllBytes(dir.resolve("downloads/depot-hello_1.2.3-1_amd64.deb"))));

        // a Release signed by another key is refused
        OpenPgpKey other = OpenPgpKey.load(OpenPgpKey.generate("Other <o@depot.test>", "x".toCharArray()), "x".toCharArray());
        write(root, "dists/stable/InRelease", other.clearSign(release));
        write(root, "dists/stable/Release.gpg", other.detachedSign(release));
        Files.writeString(dir.resolve("sources.list"), "deb [signed-by=" + asc + "] file:" + root + " stable main\n");
        // apt warns and keeps the indexes it had (its exit status stays 0)
        String refused = apt(List.of("update"), null);
        assertTrue(refused.contains("NO_PUBKEY"), refused);
    }
}
