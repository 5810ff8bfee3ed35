package depot.format.cargo;

import depot.core.error.DepotException;
import depot.core.error.Shown;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.toml.TomlFactory;
import tools.jackson.dataformat.toml.TomlMapper;

/**
 * Reads a .crate as {@code cargo package} builds it: a gzip'd tar whose every entry is under {@code name-version/},
 * with the normalized {@code Cargo.toml} there, which must name the same crate and version as the publish metadata.
 * Bounded as it streams: at most {@value #MAX_ENTRIES} entries, {@value #MAX_UNPACKED_MIB} MiB unpacked, no entry
 * outside the folder, no links, a Cargo.toml of at most 1 MiB read by a TOML library with depth and size limits.
 */
final class CrateFile {
    static final int MAX_ENTRIES = 50_000;
    static final long MAX_UNPACKED_MIB = 1024;
    private static final int MAX_MANIFEST = 1 << 20;
    private static final TomlMapper TOML = new TomlMapper(TomlFactory.builder().streamReadConstraints(
            StreamReadConstraints.builder().maxNestingDepth(32).maxStringLength(1 << 20).maxNumberLength(100)
                    .maxTokenCount(200_000).build()).build());

    private CrateFile() {}

    static void check(InputStream crate, String name, String version) throws IOException {
        String root = name + "-" + version + "/";
        boolean manifest = false;
        int entries = 0;
        long unpacked = 0;
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(crate))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                if (++entries > MAX_ENTRIES) throw invalid("the .crate has more than " + MAX_ENTRIES + " entries");
                String path = e.getName();
                if (!path.startsWith(root) || path.contains("/../") || path.endsWith("/..") || path.contains("\\")
                        || path.indexOf('\0') >= 0) {
                    throw invalid("the .crate holds `" + Shown.of(path) + "`, outside `" + root + "`");
                }
                if (e.isSymbolicLink() || e.isLink()) {
                    throw invalid("the .crate holds a link, `" + Shown.of(path) + "`");
                }
                unpacked += Math.max(0, e.getSize());
                if (unpacked > MAX_UNPACKED_MIB << 20) throw invalid("the .crate unpacks to more than " + MAX_UNPACKED_MIB + " MiB");
                if (path.equals(root + "Cargo.toml")) {
                    if (e.getSize() > MAX_MANIFEST) throw invalid("Cargo.toml is larger than 1 MiB");
                    checkManifest(tar.readNBytes(MAX_MANIFEST), name, version);
                    manifest = true;
                }
            }
        } catch (ZipException | java.io.EOFException e) {
            throw invalid("the .crate is not a gzip'd tar");
        } catch (DepotException e) {
            throw e;
        } catch (IllegalArgumentException | IOException e) {
            throw invalid("the .crate is not a gzip'd tar: " + Shown.of(e.getMessage()));
        }
        if (!manifest) throw invalid("the .crate has no `" + root + "Cargo.toml`");
    }

    private static void checkManifest(byte[] toml, String name, String version) {
        JsonNode manifest;
        try {
            manifest = TOML.readTree(toml);
        } catch (JacksonException e) {
            throw invalid("Cargo.toml is not valid TOML: " + Shown.of(e.getOriginalMessage()));
        }
        JsonNode pkg = manifest.path("package");
        String tomlName = pkg.path("name").asString("");
        String tomlVersion = pkg.path("version").asString("");
        if (!tomlName.equals(name) || !tomlVersion.equals(version)) {
            throw invalid("Cargo.toml is `" + Shown.of(tomlName) + "` " + Shown.of(tomlVersion)
                    + ", the publish metadata `" + name + "` " + version);
        }
    }

    private static DepotException invalid(String message) { return new DepotException.Invalid(message); }
}
