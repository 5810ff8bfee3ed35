package depot.it.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * NuGet's clients: NuGet.exe 5.8 (npm {@code nuget-exe@5.8.0}, fetched once into target/nuget-tools) run on mono,
 * and Debian's own {@code nuget} 2.8.7. Packages are built with {@code nuget pack} from a nuspec.
 */
public final class NugetTools {
    public static final String NUGET_EXE = "nuget-exe@5.8.0";
    private static final Path DIR = Path.of("target", "nuget-tools").toAbsolutePath();

    private NugetTools() {}

    /** {@code mono nuget-5.8.0.exe}, fetched unless it is there. */
    public static synchronized List<String> nuget58() throws Exception {
        Path mono = Tools.require("mono", "apt-get install mono-runtime libmono-system-net-http4.0-cil "
                + "libmono-system-net-http-webrequest4.0-cil libmono-system-io-compression4.0-cil");
        Path exe = DIR.resolve("node_modules/nuget-exe/nuget-5.8.0.exe");
        if (!Files.exists(exe)) {
            Files.createDirectories(DIR);
            Files.writeString(DIR.resolve("package.json"), "{\"name\":\"depot-nuget-tools\",\"private\":true}");
            Tools.ok(DIR, Map.of(), List.of(NodeTools.npm().toString(), "install", "--no-audit", "--no-fund",
                    "--ignore-scripts", "-E", NUGET_EXE));
        }
        return List.of(mono.toString(), exe.toString());
    }

    /** Debian's NuGet 2.8.7, which reads only v2 feeds. */
    public static List<String> nuget2() {
        return List.of(Tools.require("nuget", "apt-get install nuget").toString());
    }

    /** Runs a client with HOME (and so its NuGet config and caches) inside {@code home}. */
    public static Tools.Result run(Path home, List<String> client, String... args) throws Exception {
        List<String> command = new ArrayList<>(client);
        command.addAll(List.of(args));
        return Tools.run(home, env(home), command);
    }

    public static Tools.Result ok(Path home, List<String> client, String... args) throws Exception {
        List<String> command = new ArrayList<>(client);
        command.addAll(List.of(args));
        return Tools.ok(home, env(home), command);
    }

    private static Map<String, String> env(Path home) {
        return Map.of("HOME", home.toString(), "NUGET_PACKAGES", home.resolve("packages").toString(),
                "NUGET_HTTP_CACHE_PATH", home.resolve("http-cache").toString(), "MONO_ENV_OPTIONS", "",
                "XDG_CONFIG_HOME", home.resolve(".config").toString());
    }

    /** Writes a nuspec (and the files it packs) under {@code dir}/{@code id} and packs it; returns the output folder. */
    public static Path pack(Path dir, String id, String version, String extraMetadata, boolean symbols)
            throws Exception {
        Path src = Files.createDirectories(dir.resolve("src-" + id + "-" + version));
        Files.createDirectories(src.resolve("lib/netstandard2.0"));
        Files.writeString(src.resolve("lib/netstandard2.0/" + id + ".txt"), id + " " + version + "\n");
        if (symbols) Files.write(src.resolve("lib/netstandard2.0/" + id + ".pdb"), portablePdb(id));
        Files.writeString(src.resolve(id + ".nuspec"), """
                <?xml version="1.0" encoding="utf-8"?>
                <package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd">
                  <metadata>
                    <id>%s</id>
                    <version>%s</version>
                    <authors>Acme Developers</authors>
                    <description>The %s library</description>
                    <tags>acme test</tags>
                    <projectUrl>https://example.com/acme</projectUrl>
                    <license type="expression">MIT</license>
                    %s
                  </metadata>
                </package>
                """.formatted(id, version, id, extraMetadata));
        Path out = Files.createDirectories(dir.resolve("out"));
        List<String> args = new ArrayList<>(List.of("pack", src.resolve(id + ".nuspec").toString(), "-OutputDirectory",
                out.toString(), "-NonInteractive"));
        if (symbols) args.addAll(List.of("-Symbols", "-SymbolPackageFormat", "snupkg"));
        ok(Files.createDirectories(dir.resolve("pack-home")), nuget58(), args.toArray(String[]::new));
        return out;
    }

    /** A .nupkg built in memory: the nuspec at the root (when not null) and further entries. */
    public static byte[] nupkg(String nuspecName, String nuspec, Map<String, byte[]> entries) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(bytes)) {
            if (nuspec != null) {
                zip.putNextEntry(new java.util.zip.ZipEntry(nuspecName));
                zip.write(nuspec.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            for (var e : entries.entrySet()) {
                zip.putNextEntry(new java.util.zip.ZipEntry(e.getKey()));
                zip.write(e.getValue());
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A minimal nuspec; {@code extra} goes inside {@code <metadata>}. */
    public static String nuspec(String id, String version, String extra) {
        return "<?xml version=\"1.0\"?><package><metadata><id>" + id + "</id><version>" + version
                + "</version><authors>a</authors><description>d</description>" + extra + "</metadata></package>";
    }

    /** Pushes bytes as NuGet does: a multipart PUT whose one part is named "package". */
    public static Api.Response push(Api api, String path, String fileName, byte[] content) {
        String boundary = "nuget-test-" + System.nanoTime();
        return api.send(api.request(path).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofByteArray(
                        PypiUploads.multipart(boundary, Map.of(), "package", fileName, content))));
    }

    /**
     * Asks the symbol server under {@code nuget} (a NuGet URL, no trailing slash) for the PDB {@link #portablePdb}
     * makes for an id, with the checksum header debuggers send.
     */
    public static Api.Response symbolFile(Api api, String nuget, String id) {
        String file = id.toLowerCase() + ".pdb";
        return api.send(api.request(nuget + "/symbolfiles/" + file + "/" + pdbSignature(id) + "/" + file)
                .header("Symbolchecksum", "SHA256:" + pdbChecksum(id)).GET());
    }

    /** The PDB id bytes {@link #portablePdb} writes: 1, 2, … 20 plus the id's hash in the first byte. */
    public static byte[] pdbId(String id) {
        byte[] bytes = new byte[20];
        for (int i = 0; i < 20; i++) bytes[i] = (byte) (i + 1);
        bytes[0] = (byte) id.hashCode();
        return bytes;
    }

    /** The symbol server's key part for {@link #portablePdb}: .NET's "N" form of the GUID (first three fields
     * little-endian, then eight bytes as they are) and the age {@code ffffffff}. */
    public static String pdbSignature(String id) {
        byte[] b = pdbId(id);
        java.util.HexFormat hex = java.util.HexFormat.of();
        return hex.formatHex(new byte[] {b[3], b[2], b[1], b[0], b[5], b[4], b[7], b[6]}) + hex.formatHex(b, 8, 16)
                + "ffffffff";
    }

    /** The checksum a debugger sends for {@link #portablePdb}: SHA-256 of the file with its 20-byte id zeroed. */
    public static String pdbChecksum(String id) {
        byte[] pdb = portablePdb(id);
        java.util.Arrays.fill(pdb, 48, 68, (byte) 0);
        return PypiUploads.sha256(pdb);
    }

    /** A minimal Portable PDB: an ECMA-335 metadata root with one {@code #Pdb} stream at offset 48. */
    public static byte[] portablePdb(String id) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(80).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put("BSJB".getBytes()).putShort((short) 1).putShort((short) 1).putInt(0).putInt(12);
        b.put("PDB v1.0\0\0\0\0".getBytes()).putShort((short) 0).putShort((short) 1);
        b.putInt(48).putInt(32).put("#Pdb\0\0\0\0".getBytes());
        b.put(pdbId(id));
        return b.array();
    }
}
