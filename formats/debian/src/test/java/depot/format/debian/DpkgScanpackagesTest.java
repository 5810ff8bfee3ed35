package depot.format.debian;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ecosystem's own tools, run here: dpkg-deb builds a package with every kind of field (xz and zstd members),
 * dpkg-scanpackages indexes it, and Depot's paragraph for the same file is the same text. Needs dpkg-dev: a CI run
 * (CI=true) without it fails, elsewhere the test is skipped with this message.
 */
class DpkgScanpackagesTest {
    @TempDir Path dir;

    private static boolean has(String tool) {
        for (String p : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(p, tool))) return true;
        }
        return false;
    }

    private void run(Path in, List<String> command, Path out) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(in.toFile()).redirectErrorStream(out == null);
        if (out != null) pb.redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD);
        else pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) throw new AssertionError("failed: " + command);
    }

    @Test
    void a_fresh_package_is_indexed_as_dpkg_scanpackages_indexes_it() throws Exception {
        if (!has("dpkg-deb") || !has("dpkg-scanpackages")) {
            String message = "dpkg-deb and dpkg-scanpackages (Debian's dpkg-dev) are needed";
            if ("true".equals(System.getenv("CI"))) throw new AssertionError(message);
            Assumptions.abort(message);
        }
        for (String compression : List.of("xz", "zstd")) {
            Path root = Files.createDirectories(dir.resolve("root-" + compression + "/DEBIAN"));
            Files.createDirectories(root.resolveSibling("usr/lib/depot"));
            Files.writeString(root.resolveSibling("usr/lib/depot/lib.so"), "x".repeat(5000));
            Files.writeString(root.resolve("control"), """
                    Package: libdepot-%s1
                    Source: depot-libs
                    Version: 3:4.5.6+git20260101~beta.2-0ubuntu1
                    Architecture: arm64
                    Maintainer: Dépôt Tests <tests@depot.test>
                    Multi-Arch: same
                    Depends: libc6 (>= 2.17), libdepot-common (= ${binary:Version}) | libdepot-alt
                    Enhances: depot-hello
                    Static-Built-Using: rust-foo (= 1.0)
                    Protected: yes
                    Section: libs
                    Priority: optional
                    Description: a library for the tests
                     Its long description: unicode ✓,
                     .
                     and a second paragraph.
                     ..
                    \t  a tab-led line, and trailing spaces   
                    Tag: role::shared-lib
                    X-Unknown-B: b
                    X-Unknown-A: a
                    """.formatted(compression).replace("${binary:Version}", "3:4.5.6+git20260101~beta.2-0ubuntu1"));
            Path pool = Files.createDirectories(dir.resolve("repo/pool/main/libd/libdepot"));
            Path deb = pool.resolve("libdepot-" + compression + ".deb");
            run(dir, List.of("dpkg-deb", "-Z" + compression, "--root-owner-group", "--build",
                    root.getParent().toString(), deb.toString()), null);
            Path packages = dir.resolve("Packages-" + compression);
            run(dir.resolve("repo"), List.of("dpkg-scanpackages", "--multiversion", "pool"), packages);

            byte[] bytes = Files.readAllBytes(deb);
            Control control = DebFile.read(new ByteArrayInputStream(bytes)).control();
            String mine = PackagesStanza.render(control, "pool/main/libd/libdepot/" + deb.getFileName(), bytes.length,
                    DebFileTest.hex("MD5", bytes), DebFileTest.hex("SHA-1", bytes), DebFileTest.hex("SHA-256", bytes));
            assertEquals(Files.readString(packages, StandardCharsets.UTF_8), mine + "\n", compression);
            Files.delete(deb);
        }
    }
}
