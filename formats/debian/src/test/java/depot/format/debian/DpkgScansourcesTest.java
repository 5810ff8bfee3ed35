package depot.format.debian;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * dpkg-source builds a source package (3.0 quilt, with VCS, test-suite and unknown fields), dpkg-scansources indexes
 * it, and Depot's paragraph for the same files is the same text. Needs dpkg-dev: a CI run (CI=true) without it
 * fails, elsewhere the test is skipped with this message.
 */
class DpkgScansourcesTest {
    @TempDir Path dir;

    private static boolean has(String tool) {
        for (String p : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(p, tool))) return true;
        }
        return false;
    }

    private static void run(Path in, List<String> command, Path out) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(in.toFile());
        if (out != null) pb.redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD);
        else pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) throw new AssertionError("failed: " + command);
    }

    static String hex(String algorithm, byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
    }

    @Test
    void a_source_package_is_indexed_as_dpkg_scansources_indexes_it() throws Exception {
        if (!has("dpkg-source") || !has("dpkg-scansources")) {
            String message = "dpkg-source and dpkg-scansources (Debian's dpkg-dev) are needed";
            if ("true".equals(System.getenv("CI"))) throw new AssertionError(message);
            Assumptions.abort(message);
        }
        Path pool = Files.createDirectories(dir.resolve("repo/pool/main/d/depot-src"));
        Path tree = Files.createDirectories(pool.resolve("depot-src-2.5/debian/source"));
        Files.writeString(tree.resolveSibling("README"), "upstream ✓\n");
        Files.writeString(tree.resolve("format"), "3.0 (quilt)\n");
        Files.writeString(tree.resolveSibling("control"), """
                Source: depot-src
                Section: devel
                Priority: optional
                Maintainer: Dépôt Tests <tests@depot.test>
                Uploaders: Other <other@depot.test>
                Build-Depends: debhelper-compat (= 13), libfoo-dev (>= 1.0) | libbar-dev
                Build-Depends-Indep: python3
                Standards-Version: 4.6.2
                Homepage: https://depot.test/src
                Vcs-Git: https://depot.test/src.git
                Vcs-Browser: https://depot.test/src
                Testsuite: autopkgtest
                X-Custom-Source: kept

                Package: depot-src-bin
                Architecture: any
                Description: a binary
                 long.

                Package: depot-src-doc
                Architecture: all
                Section: doc
                Description: its documentation
                 long.
                """);
        Files.writeString(tree.resolveSibling("changelog"), """
                depot-src (1:2.5-3) unstable; urgency=medium

                  * A release.

                 -- Dépôt Tests <tests@depot.test>  Sun, 06 Dec 2026 05:00:00 +0000
                """);
        run(pool, List.of("tar", "czf", "depot-src_2.5.orig.tar.gz", "--exclude=debian", "depot-src-2.5"), null);
        run(pool, List.of("dpkg-source", "-b", "depot-src-2.5"), null);
        run(pool, List.of("rm", "-rf", "depot-src-2.5"), null);
        Path sources = dir.resolve("Sources");
        run(dir.resolve("repo"), List.of("dpkg-scansources", "pool"), sources);

        Path dscFile = pool.resolve("depot-src_2.5-3.dsc");
        byte[] dscBytes = Files.readAllBytes(dscFile);
        SourceControl dsc = SourceControl.parse(dscBytes, "the .dsc");
        List<SourceControl.Listed> files = new ArrayList<>();
        files.add(new SourceControl.Listed(dscFile.getFileName().toString(), dscBytes.length, hex("MD5", dscBytes),
                hex("SHA-1", dscBytes), hex("SHA-256", dscBytes)));
        for (SourceControl.Listed named : dsc.files().values()) {
            byte[] bytes = Files.readAllBytes(pool.resolve(named.name()));
            files.add(new SourceControl.Listed(named.name(), bytes.length, hex("MD5", bytes), hex("SHA-1", bytes), hex("SHA-256", bytes)));
            assertEquals(named.sha256(), hex("SHA-256", bytes));
        }
        String mine = SourcesStanza.render(dsc.control(), "pool/main/d/depot-src", files);
        assertEquals(Files.readString(sources, StandardCharsets.UTF_8), mine + "\n");
    }
}
