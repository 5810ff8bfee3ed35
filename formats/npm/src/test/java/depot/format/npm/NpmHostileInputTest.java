package depot.format.npm;

import static depot.core.testing.Hostile.parsesOrRefuses;

import depot.core.blob.FsBlobStore;
import depot.core.testing.Hostile;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Hostile publish documents, tarballs and names: each is read or refused with a 4xx, nothing else. */
class NpmHostileInputTest {
    private static final String PACKAGE_JSON = "{\"name\":\"@a/b\",\"version\":\"1.0.0\",\"dependencies\":{\"x\":\"^1\"}}";
    private static final byte[] TARBALL = Hostile.tgz(Map.of("package/package.json",
            PACKAGE_JSON.getBytes(StandardCharsets.UTF_8), "package/index.js", "1".getBytes()));
    private static final String DOCUMENT = "{\"_id\":\"@a/b\",\"name\":\"@a/b\",\"dist-tags\":{\"latest\":\"1.0.0\"},"
            + "\"versions\":{\"1.0.0\":{\"name\":\"@a/b\",\"version\":\"1.0.0\",\"dist\":{\"shasum\":\"x\"}}},"
            + "\"_attachments\":{\"b-1.0.0.tgz\":{\"content_type\":\"application/octet-stream\",\"length\":"
            + TARBALL.length + ",\"data\":\"" + Base64.getEncoder().encodeToString(TARBALL) + "\"}}}";

    @Provide
    Arbitrary<byte[]> documents() { return Hostile.mutationsOf(DOCUMENT); }

    @Provide
    Arbitrary<byte[]> tarballs() {
        return Hostile.mutationsOf(PACKAGE_JSON).map(json -> Hostile.tgz(Map.of("package/package.json", json)));
    }

    @Provide
    Arbitrary<String> names() { return Hostile.names(); }

    private static FsBlobStore blobs;

    @Property(tries = 400)
    void publish_documents(@ForAll("documents") byte[] doc) throws Exception {
        if (blobs == null) blobs = new FsBlobStore(Files.createTempDirectory("npm-hostile"));
        parsesOrRefuses(() -> PublishBody.read(new ByteArrayInputStream(doc), blobs::put, 1 << 20));
    }

    @Property(tries = 400)
    void tarballs(@ForAll("tarballs") byte[] tgz) {
        parsesOrRefuses(() -> Tarball.packageJson(new ByteArrayInputStream(tgz)));
    }

    @Property(tries = 400)
    void names_and_paths(@ForAll("names") String name) {
        parsesOrRefuses(() -> NpmName.parse(name));
        parsesOrRefuses(() -> NpmPath.parse(name));
        parsesOrRefuses(() -> NpmPath.parse("@a/" + name + "/-/" + name + "-1.0.0.tgz"));
    }

    @Example
    void hostile_tarballs() {
        for (Map<String, byte[]> entries : Hostile.hostileArchives(Map.of("package/package.json",
                PACKAGE_JSON.getBytes(StandardCharsets.UTF_8)), "package/package.json")) {
            parsesOrRefuses(() -> Tarball.packageJson(new ByteArrayInputStream(Hostile.tgz(entries))));
        }
        parsesOrRefuses(() -> Tarball.packageJson(new ByteArrayInputStream(Hostile.gzipBomb(256 << 20))));
        Map<String, byte[]> deepJson = new LinkedHashMap<>();
        deepJson.put("package/package.json", "[".repeat(100_000).getBytes());
        parsesOrRefuses(() -> Tarball.packageJson(new ByteArrayInputStream(Hostile.tgz(deepJson))));
    }
}
