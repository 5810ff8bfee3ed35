package depot.format.conan;

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

/** Hostile manifests, conaninfo files, recipes, archives and reference parts: read or refused with a 4xx. */
class ConanHostileInputTest {
    private static final String MANIFEST = "1795762468\nconanfile.py: 59cb21a9b4dd4b5bdffd1d65f6ac012f\n"
            + "export_source/include/hdr.h: 095296d9bae4e11464eea13ec7d5253c\n";
    private static final String INFO = "[settings]\narch=x86_64\nbuild_type=Release\nos=Linux\n[options]\nshared=False\n"
            + "[requires]\nhdr/1.0.Z\n";
    private static final String RECIPE = "from conan import ConanFile\n\nclass Tool(ConanFile):\n    name = \"tool\"\n"
            + "    description = \"A tool\"\n    topics = (\"a\", \"b\")\n    license = \"MIT\"\n";

    @Provide
    Arbitrary<byte[]> manifests() { return Hostile.mutationsOf(MANIFEST); }

    @Provide
    Arbitrary<byte[]> infos() { return Hostile.mutationsOf(INFO); }

    @Provide
    Arbitrary<byte[]> recipes() { return Hostile.mutationsOf(RECIPE); }

    @Provide
    Arbitrary<String> names() { return Hostile.names(); }

    @Property(tries = 300)
    void manifests(@ForAll("manifests") byte[] raw) {
        parsesOrRefuses(() -> ConanFiles.manifest(ConanFiles.text(new ByteArrayInputStream(raw), "conanmanifest.txt")));
    }

    @Property(tries = 300)
    void conaninfo(@ForAll("infos") byte[] raw) {
        parsesOrRefuses(() -> ConanFiles.conaninfo(ConanFiles.text(new ByteArrayInputStream(raw), "conaninfo.txt")));
    }

    @Property(tries = 300)
    void recipes(@ForAll("recipes") byte[] raw) {
        parsesOrRefuses(() -> ConanFiles.recipeAttributes(ConanFiles.text(new ByteArrayInputStream(raw), "conanfile.py")));
    }

    @Property(tries = 200)
    void archives(@ForAll("recipes") byte[] raw) {
        byte[] tgz = Hostile.tgz(Map.of("conanfile.py", raw, "include/a.h", raw));
        parsesOrRefuses(() -> ConanFiles.checkArchive(new ByteArrayInputStream(tgz), tgz.length, "conan_export.tgz"));
    }

    @Property(tries = 400)
    void reference_parts(@ForAll("names") String name) {
        parsesOrRefuses(() -> ConanRef.of(name, "1.0", "_", "_"));
        parsesOrRefuses(() -> ConanRef.of("hdr", name, "acme", "stable"));
        parsesOrRefuses(() -> ConanRef.of("hdr", "1.0", name, "stable"));
        parsesOrRefuses(() -> ConanRef.revision(name, "recipe revision"));
        parsesOrRefuses(() -> ConanRef.recipeFile(name));
        parsesOrRefuses(() -> ConanRef.packageFile(name));
        parsesOrRefuses(() -> ConanSearch.glob(name, true));
    }

    @Example
    void hostile_archives() {
        byte[] recipe = RECIPE.getBytes(StandardCharsets.UTF_8);
        for (Map<String, byte[]> entries : Hostile.hostileArchives(Map.of("conanfile.py", recipe), "conanfile.py")) {
            byte[] tgz = Hostile.tgz(entries);
            parsesOrRefuses(() -> ConanFiles.checkArchive(new ByteArrayInputStream(tgz), tgz.length, "conan_export.tgz"));
        }
        byte[] bomb = Hostile.gzipBomb(256 << 20);
        parsesOrRefuses(() -> ConanFiles.checkArchive(new ByteArrayInputStream(bomb), bomb.length, "conan_package.tgz"));
        Map<String, byte[]> many = new LinkedHashMap<>();
        for (int i = 0; i < 20_000; i++) many.put("f" + i, new byte[0]);
        byte[] wide = Hostile.tgz(many);
        parsesOrRefuses(() -> ConanFiles.checkArchive(new ByteArrayInputStream(wide), wide.length, "conan_package.tgz"));
    }
}
