package depot.format.go;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GoPathsTest {
    @ParameterizedTest
    @ValueSource(strings = {"depot.test/acme/util", "depot.test/acme/util/v2", "example.com/Foo_Bar~x", "gopkg.in/yaml.v3",
            "a.b", "depot.test/x/v10"})
    void valid_module_paths(String path) {
        assertNull(GoPaths.checkModule(path));
    }

    @ParameterizedTest
    @ValueSource(strings = {"acme/util", "Depot.test/x", "-depot.test/x", "depot.test/x/v1", "depot.test/x/v0",
            "depot.test/x/v2.0", "depot.test//x", "depot.test/x/", "depot.test/.x", "depot.test/x.", "depot.test/x y",
            "depot.test/con", "depot.test/abc~1", "depot.test/é", "gopkg.in/yaml"})
    void invalid_module_paths(String path) {
        assertNotNull(GoPaths.checkModule(path));
    }

    @ParameterizedTest
    @CsvSource({
            "depot.test/x, v1.2.3, ",
            "depot.test/x, v0.0.0-20200101000000-abcdefabcdef, ",
            "depot.test/x, v2.0.0, should be v0 or v1",
            "depot.test/x, v2.0.0+incompatible, ",
            "depot.test/x, v1.0.0+incompatible, +incompatible suffix not allowed",
            "depot.test/x/v2, v2.1.0, ",
            "depot.test/x/v2, v3.0.0, should be v2",
            "depot.test/x/v2, v2.0.0+incompatible, +incompatible suffix not allowed",
            "gopkg.in/yaml.v3, v3.0.1, ",
            "gopkg.in/yaml.v3, v2.0.1, should be v3",
    })
    void major_version_rules(String path, String version, String error) {
        String why = GoPaths.checkMajor(path, GoVersion.parse(version));
        if (error == null) assertNull(why);
        else assertTrue(why != null && why.contains(error), why);
    }

    @Test
    void case_encoding_round_trips_and_refuses_capitals() {
        assertEquals("github.com/!azure/azure-sdk-for-go", GoPaths.escape("github.com/Azure/azure-sdk-for-go"));
        assertEquals("depot.test/!acme/!b!i!g", GoPaths.escape("depot.test/Acme/BIG"));
        assertEquals("depot.test/Acme/BIG", GoPaths.unescape("depot.test/!acme/!b!i!g"));
        assertEquals("v1.0.0-RC1", GoPaths.unescape("v1.0.0-!r!c1"));
        assertNull(GoPaths.unescape("depot.test/Acme"));
        assertNull(GoPaths.unescape("depot.test/!"));
        assertNull(GoPaths.unescape("depot.test/!1"));
    }

    @Test
    void versions_order_as_the_go_command_orders_them() {
        List<String> sorted = List.of("v0.0.0-20190101000000-aaaaaaaaaaaa", "v0.0.0-20200101000000-bbbbbbbbbbbb",
                "v0.1.0-alpha", "v0.1.0-alpha.1", "v0.1.0-alpha.beta", "v0.1.0-beta.2", "v0.1.0-beta.11",
                "v0.1.0-rc.1", "v0.1.0", "v0.1.1-0.20210101000000-cccccccccccc", "v0.1.1", "v1.0.0", "v1.10.0",
                "v2.0.0+incompatible");
        List<GoVersion> shuffled = new ArrayList<>(sorted.stream().map(GoVersion::parse).toList());
        Collections.shuffle(shuffled, new java.util.Random(7));
        shuffled.sort(GoVersion.ORDER);
        assertEquals(sorted, shuffled.stream().map(GoVersion::text).toList());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.0.0", "v1.0", "v1", "v01.0.0", "v1.0.0+build", "v1.0.0-", "v1.0.0-01", "v1.0.0-a..b"})
    void non_canonical_versions_are_refused(String v) {
        assertNull(GoVersion.parse(v));
    }

    @Test
    void pseudo_versions_and_their_times() {
        assertTrue(GoVersion.parse("v0.0.0-20191109021931-daa7c04131f5").isPseudo());
        assertTrue(GoVersion.parse("v1.2.4-0.20191109021931-daa7c04131f5").isPseudo());
        assertTrue(GoVersion.parse("v1.2.3-pre.0.20191109021931-daa7c04131f5").isPseudo());
        assertTrue(!GoVersion.parse("v1.2.3-rc.1").isPseudo());
        assertEquals("2019-11-09T02:19:31Z", GoReads.pseudoInstant(GoVersion.parse("v0.0.0-20191109021931-daa7c04131f5")));
        assertNull(GoReads.pseudoInstant(GoVersion.parse("v0.0.0-20241399999999-aaaaaaaaaaaa")));
        assertNull(GoReads.pseudoInstant(GoVersion.parse("v0.0.0-20230229000000-aaaaaaaaaaaa")));
    }

    @Test
    void go_mod_module_line_and_requirements() {
        GoMod mod = GoMod.parse(("// leading comment\nmodule \"depot.test/x\" // Deprecated: use y\n\ngo 1.22\n"
                + "require depot.test/a v1.0.0\nrequire (\n\tdepot.test/b v2.0.0 // indirect\n\tdepot.test/c v0.1.0\n)\n")
                .getBytes());
        assertEquals("depot.test/x", mod.module());
        assertEquals("1.22", mod.go());
        assertEquals("use y", mod.deprecated());
        assertEquals(List.of("depot.test/a v1.0.0", "depot.test/b v2.0.0", "depot.test/c v0.1.0"), mod.requires());
    }
}
