package depot.it.rubygems;

import static org.assertj.core.api.Assertions.assertThat;

import depot.it.support.Api;
import depot.it.support.Backend;
import depot.it.support.TestServer;
import depot.it.support.World;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Hostile and broken gems pushed as {@code gem push} sends them: each a 400 (or 413) with a plain-text message, the
 * body RubyGems prints, and nothing stored.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RubygemsBadInputTest {
    private TestServer server;
    private long project;
    private Api root;

    @BeforeAll
    void setUp() throws Exception {
        server = new TestServer(Backend.SQLITE, Map.of("max_upload_size_rubygems", "2m"));
        World world = new World(server);
        project = world.project(world.group("acme", "private"), "gems", "private");
        root = server.root();
    }

    @AfterAll
    void tearDown() throws Exception {
        server.close();
    }

    private String gems() { return "/api/v4/projects/" + project + "/packages/rubygems"; }

    private void refused(byte[] gem, int status, String why) {
        Api.Response r = Gems.push(root, gems(), gem);
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.header("Content-Type")).startsWith("text/plain");
        assertThat(r.body()).containsIgnoringCase(why);
        assertThat(root.get("/api/v4/projects/" + project + "/packages?package_type=rubygems").json()).isEmpty();
        assertThat(root.get(gems() + "/names").body()).isEqualTo("---\n");
    }

    private static byte[] gemWithMetadata(byte[] metadataGz) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("metadata.gz", metadataGz);
        entries.put("data.tar.gz", Gems.gzip(Gems.tar(Map.of("lib/x.rb", new byte[] {'1'}))));
        return Gems.tar(entries);
    }

    @Test
    void not_a_tar() {
        refused("this is not a gem".getBytes(StandardCharsets.UTF_8), 400, "not a gem");
        refused(Gems.gzip(Gems.gem("zipped", "1.0")), 400, "not a gem");
    }

    @Test
    void a_tar_without_metadata_or_data() {
        refused(Gems.tar(Map.of("data.tar.gz", Gems.gzip(new byte[] {1}))), 400, "no metadata.gz");
        refused(Gems.tar(Map.of("metadata.gz", Gems.gzip(Gems.spec("nodata", "1.0", "ruby", null).getBytes(StandardCharsets.UTF_8)))),
                400, "no data.tar.gz");
    }

    @Test
    void a_tar_with_anything_but_the_gems_parts() {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("metadata.gz", Gems.gzip(Gems.spec("extra", "1.0", "ruby", null).getBytes(StandardCharsets.UTF_8)));
        entries.put("data.tar.gz", Gems.gzip(Gems.tar(Map.of("lib/x.rb", new byte[] {'1'}))));
        entries.put("../../etc/evil", new byte[] {'x'});
        refused(Gems.tar(entries), 400, "unexpected entry ../../etc/evil");
    }

    @Test
    void a_metadata_gz_bomb() {
        // 64 MiB of spaces compress to about 64 KiB: refused at 4 MiB inflated, never held whole
        refused(gemWithMetadata(Gems.gzip(new byte[64 << 20])), 400, "inflates to more than");
    }

    @Test
    void yaml_with_an_alias_bomb_or_a_tag_that_would_instantiate_a_class() {
        // 10^10 strings if expanded; within the alias limit it is read as the graph it is, and has no gem name
        refused(Gems.gem(laughs('k')), 400, "invalid gem name");
        // past 100 aliases the YAML is refused before anything reads it
        refused(Gems.gem(laughs('z')), 400, "not valid YAML");
        // ten thousand brackets: refused before the composer's recursion could overflow the stack
        refused(Gems.gem("a: " + "[".repeat(10_000) + "]".repeat(10_000) + "\n"), 400, "nests too deeply");
        String spec = Gems.spec("tagged", "1.0", "ruby", null);
        refused(Gems.gem(spec.replace("summary: tagged for the tests",
                "summary: !ruby/object:ERB\n  src: system('touch /tmp/pwned')")), 400, "disallowed YAML tag !ruby/object:ERB");
        refused(Gems.gem(spec.replace("summary: tagged for the tests", "summary: !ruby/hash:Gem::Requirement {}")),
                400, "disallowed YAML tag");
    }

    /** A billion laughs: each level lists the one before ten times, up to {@code last}. */
    private static String laughs(char last) {
        StringBuilder laughs = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (char c = 'b'; c <= last; c++) {
            char p = (char) (c - 1);
            laughs.append(c).append(": &").append(c).append(" [*").append(p).append(", *").append(p).append(", *")
                    .append(p).append(", *").append(p).append(", *").append(p).append(", *").append(p).append(", *")
                    .append(p).append(", *").append(p).append(", *").append(p).append(", *").append(p).append("]\n");
        }
        return laughs.toString();
    }

    @Test
    void a_name_with_traversal_or_a_version_that_is_not_a_gem_version() {
        refused(Gems.gem(Gems.spec("../../etc/passwd", "1.0", "ruby", null)), 400, "invalid gem name");
        refused(Gems.gem(Gems.spec("..", "1.0", "ruby", null)), 400, "invalid gem name");
        refused(Gems.gem(Gems.spec("versioned", "1.0 beta", "ruby", null)), 400, "Malformed version number string");
        refused(Gems.gem(Gems.spec("versioned", "'1.0; rm -rf'", "ruby", null)), 400, "Malformed version number string");
        refused(Gems.gem(Gems.spec("platformed", "1.0", "x86_64-linux/../..", null)), 400, "invalid platform");
    }

    @Test
    void a_gem_whose_checksums_do_not_match() {
        byte[] good = Gems.gem("tampered", "1.0");
        // swap data.tar.gz for other bytes, keeping the checksums of the original
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("metadata.gz", Gems.gzip(Gems.spec("tampered", "1.0", "ruby", null).getBytes(StandardCharsets.UTF_8)));
        entries.put("data.tar.gz", Gems.gzip(Gems.tar(Map.of("lib/evil.rb", "system('x')".getBytes(StandardCharsets.UTF_8)))));
        String checksums = "---\nSHA256:\n  metadata.gz: '" + Gems.sha256(entries.get("metadata.gz")) + "'\n  data.tar.gz: '"
                + Gems.sha256(good) + "'\n";
        entries.put("checksums.yaml.gz", Gems.gzip(checksums.getBytes(StandardCharsets.UTF_8)));
        refused(Gems.tar(entries), 400, "does not match checksums.yaml.gz");
    }

    @Test
    void a_gem_over_the_limit() {
        refused(Gems.gem(Gems.spec("large", "1.0", "ruby", null), new java.util.Random(1).ints(3 << 20).collect(
                java.io.ByteArrayOutputStream::new, (o, i) -> o.write(i), (a, b) -> a.writeBytes(b.toByteArray()))
                .toByteArray()), 413, "");
    }

    @Test
    void a_yank_of_nothing_and_a_push_without_credentials() {
        Api.Response yank = Gems.yank(root, gems(), "nothing", "1.0");
        assertThat(yank.status()).isEqualTo(404);
        assertThat(yank.body()).contains("does not exist");
        Api.Response anonymous = Gems.push(new Api(server.url(), "X-None", "x"), gems(), Gems.gem("anon", "1.0"));
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(root.get("/api/v4/projects/" + project + "/packages?package_type=rubygems").json()).isEmpty();
    }
}
