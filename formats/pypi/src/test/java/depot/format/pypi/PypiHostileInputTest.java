package depot.format.pypi;

import static depot.core.testing.Hostile.parsesOrRefuses;

import depot.core.testing.Hostile;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;

/** Hostile core metadata, wheels, sdists and file names: read or refused with a 4xx, nothing else. */
class PypiHostileInputTest {
    private static final String METADATA = "Metadata-Version: 2.1\nName: acme-hello\nVersion: 1.0.0\n"
            + "Summary: says\n  hello\nRequires-Python: >=3.8\nRequires-Dist: requests>=2\n"
            + "Description-Content-Type: text/markdown\n\n# Hello\nLong description\n";
    private static final String WHEEL_METADATA = "acme_hello-1.0.0.dist-info/METADATA";

    @Provide
    Arbitrary<byte[]> metadata() { return Hostile.mutationsOf(METADATA); }

    @Provide
    Arbitrary<String> names() { return Hostile.names(); }

    @Property(tries = 400)
    void core_metadata(@ForAll("metadata") byte[] raw) {
        parsesOrRefuses(() -> CoreMetadata.parse(raw));
    }

    @Property(tries = 300)
    void wheels_and_sdists(@ForAll("metadata") byte[] raw) {
        byte[] wheel = Hostile.zip(Map.of(WHEEL_METADATA, raw, "acme_hello/__init__.py", new byte[] {'x'}));
        byte[] sdist = Hostile.tgz(Map.of("acme-hello-1.0.0/PKG-INFO", raw));
        parsesOrRefuses(() -> CoreMetadata.fromWheel(new SeekableInMemoryByteChannel(wheel)));
        parsesOrRefuses(() -> CoreMetadata.fromTarGz(new ByteArrayInputStream(sdist)));
    }

    @Property(tries = 400)
    void file_names(@ForAll("names") String name) {
        parsesOrRefuses(() -> Distribution.parse(name));
        parsesOrRefuses(() -> Distribution.parse(name + "-1.0-py3-none-any.whl", "acme"));
        parsesOrRefuses(() -> Distribution.parse("acme-" + name + ".tar.gz", "acme"));
        parsesOrRefuses(() -> Distribution.requireValidName(name));
    }

    @Example
    void hostile_archives() {
        byte[] metadata = METADATA.getBytes(StandardCharsets.UTF_8);
        for (Map<String, byte[]> entries : Hostile.hostileArchives(Map.of(WHEEL_METADATA, metadata), WHEEL_METADATA)) {
            parsesOrRefuses(() -> CoreMetadata.fromWheel(new SeekableInMemoryByteChannel(Hostile.zip(entries))));
        }
        for (Map<String, byte[]> entries : Hostile.hostileArchives(Map.of("acme-hello-1.0.0/PKG-INFO", metadata),
                "acme-hello-1.0.0/PKG-INFO")) {
            parsesOrRefuses(() -> CoreMetadata.fromTarGz(new ByteArrayInputStream(Hostile.tgz(entries))));
        }
        parsesOrRefuses(() -> CoreMetadata.fromTarGz(new ByteArrayInputStream(Hostile.gzipBomb(256 << 20))));
        Map<String, byte[]> many = new LinkedHashMap<>();
        for (int i = 0; i < 20_000; i++) many.put("acme-hello-1.0.0/f" + i, new byte[0]);
        parsesOrRefuses(() -> CoreMetadata.fromTarGz(new ByteArrayInputStream(Hostile.tgz(many))));
    }
}
