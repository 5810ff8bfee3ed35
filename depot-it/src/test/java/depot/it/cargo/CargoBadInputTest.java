package depot.it.cargo;

import static org.assertj.core.api.Assertions.assertThat;

import depot.it.support.Api;
import depot.it.support.Backend;
import depot.it.support.TestServer;
import depot.it.support.World;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Hostile and broken publishes as cargo sends them: each refused in cargo's {@code {"errors":[{"detail":…}]}} shape,
 * which cargo prints, and nothing stored.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CargoBadInputTest {
    private TestServer server;
    private long project;
    private Api root;

    @BeforeAll
    void setUp() throws Exception {
        server = new TestServer(Backend.SQLITE, Map.of("max_upload_size_cargo", "2m"));
        World world = new World(server);
        project = world.project(world.group("acme", "private"), "rust", "private");
        root = server.root();
    }

    @AfterAll
    void tearDown() throws Exception {
        server.close();
    }

    private String cargo() { return "/api/v4/projects/" + project + "/packages/cargo"; }

    private long stored() {
        return root.get("/api/v4/projects/" + project + "/packages?package_type=cargo&per_page=100").json().size();
    }

    private void refused(byte[] body, int status, String why) {
        long before = stored();
        Api.Response r = Crates.publish(root, cargo(), body);
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.json().get("errors").get(0).get("detail").asString()).containsIgnoringCase(why);
        assertThat(stored()).isEqualTo(before);
    }

    @Test
    void length_prefixes_that_lie() {
        byte[] good = Crates.body(Crates.metadata("liar", "1.0.0"), Crates.crate("liar", "1.0.0"));
        refused(java.util.Arrays.copyOf(good, 2), 400, "ends before the metadata length");
        ByteBuffer huge = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(-1).putInt(0);
        refused(huge.array(), 400, "larger than 1 MiB");
        refused(java.util.Arrays.copyOf(good, 40), 400, "ends inside its metadata");
        refused(java.util.Arrays.copyOf(good, good.length - 10), 400, "ends inside its .crate");
        byte[] longer = java.util.Arrays.copyOf(good, good.length + 10);
        refused(longer, 400, "goes on after its .crate");
    }

    @Test
    void json_that_is_not_metadata_or_a_bomb() {
        byte[] crate = Crates.crate("bomb", "1.0.0");
        refused(Crates.body("[" .repeat(100_000), crate), 400, "not valid JSON");
        refused(Crates.body("{\"name\":\"bomb\",\"vers\":\"1.0.0\",\"deps\":[" + "0,".repeat(300_000) + "0]}", crate), 400, "");
        refused(Crates.body("\"just a string\"", crate), 400, "not a JSON object");
    }

    @Test
    void metadata_cargo_would_not_write() {
        byte[] crate = Crates.crate("meta", "0.3.2");
        refused(Crates.body(Crates.metadata("meta", "v0.3.2"), Crates.crate("meta", "v0.3.2")), 400, "not semver");
        String dep = "{\"name\":\"meta\",\"vers\":\"0.3.2\",\"deps\":[{\"name\":\"x\",\"version_req\":\"%s\","
                + "\"features\":[],\"optional\":false,\"default_features\":true,\"kind\":\"normal\"}],\"features\":{}}";
        refused(Crates.body(dep.formatted("not a req"), crate), 400, "invalid version requirement");
        refused(Crates.body(dep.formatted("^1 <script>"), crate), 400, "invalid version requirement");
        String base = "{\"name\":\"meta\",\"vers\":\"0.3.2\",\"deps\":[],";
        refused(Crates.body(base + "\"features\":{\"a\":\"notalist\"}}", crate), 400, "is not a list");
        refused(Crates.body(base + "\"features\":{\"><img src=x>\":[]}}", crate), 400, "invalid feature name");
        refused(Crates.body(base + "\"features\":{},\"links\":123}", crate), 400, "links");
        refused(Crates.body(base + "\"features\":{},\"rust_version\":\"<i>1</i>\"}", crate), 400, "rust_version");
        // and what cargo writes goes in: the requirement forms of the reference
        String ok = dep.formatted("^1.2.3, <2, >=0.1.0-beta.1, ~1, =1.0.0, 1.*, *");
        assertThat(Crates.publish(root, cargo(), Crates.body(ok, crate)).status()).isEqualTo(200);
    }

    @Test
    void a_gzip_that_is_not_a_tar() {
        byte[] notTar = java.util.Arrays.copyOf(Crates.crate("nt", "1.0.0"), 0);
        java.io.ByteArrayOutputStream gz = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(gz)) {
            out.write("x".repeat(1000).getBytes(StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        refused(Crates.body(Crates.metadata("nt", "1.0.0"), gz.toByteArray()), 400, "not a gzip'd tar");
        assertThat(notTar).isEmpty();
    }

    @Test
    void names_and_versions_cargo_would_not_accept() {
        refused(Crates.body(Crates.metadata("../etc", "1.0.0"), Crates.crate("x", "1.0.0")), 400, "invalid crate name");
        refused(Crates.body(Crates.metadata("nul", "1.0.0"), Crates.crate("nul", "1.0.0")), 400, "invalid crate name");
        refused(Crates.body(Crates.metadata("9lives", "1.0.0"), Crates.crate("9lives", "1.0.0")), 400, "invalid crate name");
        refused(Crates.body(Crates.metadata("ok", "1.0"), Crates.crate("ok", "1.0")), 400, "not semver");
    }

    @Test
    void crates_that_disagree_with_their_metadata_or_escape_their_folder() {
        refused(Crates.body(Crates.metadata("other", "1.0.0"), Crates.crate("someone", "1.0.0")), 400, "outside `other-1.0.0/`");
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("sly-1.0.0/Cargo.toml", "[package]\nname = \"sly\"\nversion = \"2.0.0\"\n".getBytes(StandardCharsets.UTF_8));
        refused(Crates.body(Crates.metadata("sly", "1.0.0"), Crates.tgz(files)), 400, "Cargo.toml is `sly` 2.0.0");
        files.clear();
        files.put("esc-1.0.0/Cargo.toml", "[package]\nname = \"esc\"\nversion = \"1.0.0\"\n".getBytes(StandardCharsets.UTF_8));
        files.put("esc-1.0.0/../../etc/passwd", new byte[] {1});
        refused(Crates.body(Crates.metadata("esc", "1.0.0"), Crates.tgz(files)), 400, "outside");
        files.clear();
        files.put("bad-1.0.0/Cargo.toml", "[package\nname = ".getBytes(StandardCharsets.UTF_8));
        refused(Crates.body(Crates.metadata("bad", "1.0.0"), Crates.tgz(files)), 400, "not valid TOML");
        refused(Crates.body(Crates.metadata("plain", "1.0.0"), "not gzip".getBytes(StandardCharsets.UTF_8)), 400, "not a gzip");
        files.clear();
        files.put("nomanifest-1.0.0/src/lib.rs", new byte[] {1});
        refused(Crates.body(Crates.metadata("nomanifest", "1.0.0"), Crates.tgz(files)), 400, "has no `nomanifest-1.0.0/Cargo.toml`");
    }

    @Test
    void a_name_that_normalises_onto_another_crate_and_a_second_publish_of_a_version() {
        assertThat(Crates.publish(root, cargo(), "my-crate", "1.0.0").status()).isEqualTo(200);
        refused(Crates.body(Crates.metadata("My_Crate", "1.1.0"), Crates.crate("My_Crate", "1.1.0")), 409, "one crate");
        refused(Crates.body(Crates.metadata("my-crate", "1.0.0"), Crates.crate("my-crate", "1.0.0")), 409, "already uploaded");
        refused(Crates.body(Crates.metadata("my-crate", "1.0.0+build.2"), Crates.crate("my-crate", "1.0.0+build.2")), 409,
                "already uploaded");
    }

    @Test
    void a_crate_over_the_limit_and_a_publish_without_credentials() {
        byte[] big = new byte[3 << 20];
        new java.util.Random(1).nextBytes(big);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("big-1.0.0/Cargo.toml", "[package]\nname = \"big\"\nversion = \"1.0.0\"\n".getBytes(StandardCharsets.UTF_8));
        files.put("big-1.0.0/blob", big);
        refused(Crates.body(Crates.metadata("big", "1.0.0"), Crates.tgz(files)), 413, "");
        Api.Response anonymous = Crates.publish(server.anonymous(), cargo(), "anon", "1.0.0");
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.json().get("errors").get(0).get("detail").asString()).isNotBlank();
    }
}
