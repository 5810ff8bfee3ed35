package depot.it.pypi;

import static org.assertj.core.api.Assertions.assertThat;

import depot.it.support.Api;
import depot.it.support.Backend;
import depot.it.support.PypiUploads;
import depot.it.support.TestServer;
import depot.it.support.World;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Hostile and broken uploads to the PyPI endpoint: each a clear 400 (or 413) and nothing stored. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PypiBadInputTest {
    private TestServer server;
    private long project;
    private Api root;

    @BeforeAll
    void setUp() throws Exception {
        server = new TestServer(Backend.SQLITE, Map.of("max_upload_size_pypi", "2m"));
        World world = new World(server);
        project = world.project(world.group("acme", "private"), "py", "private");
        root = server.root();
    }

    @AfterAll
    void tearDown() throws Exception {
        server.close();
    }

    private String upload() { return "/api/v4/projects/" + project + "/packages/pypi"; }

    private void refused(Api.Response r, int status, String name, String why) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.json().get("message").asString()).containsIgnoringCase(why);
        assertThat(root.get(upload() + "/simple/" + name).status()).isEqualTo(404);
        assertThat(root.get("/api/v4/projects/" + project + "/packages?package_type=pypi&package_name=" + name)
                .json()).isEmpty();
    }

    @Test
    void a_wheel_that_is_not_a_zip() {
        byte[] notZip = "not a zip".getBytes(StandardCharsets.UTF_8);
        refused(PypiUploads.upload(root, upload(), PypiUploads.fields("plain", "1.0", notZip),
                "plain-1.0-py3-none-any.whl", notZip), 400, "plain", "not a valid zip");
    }

    @Test
    void a_zip_bomb() {
        byte[] bomb = PypiUploads.wheel("bomb", "1.0", new byte[64 << 20]);
        refused(PypiUploads.upload(root, upload(), PypiUploads.fields("bomb", "1.0", bomb),
                "bomb-1.0-py3-none-any.whl", bomb), 400, "bomb", "too large");
    }

    @Test
    void metadata_that_disagrees_with_the_form() {
        byte[] otherName = PypiUploads.wheel("liar", "1.0",
                PypiUploads.metadata("someone-else", "1.0").getBytes(StandardCharsets.UTF_8));
        refused(PypiUploads.upload(root, upload(), PypiUploads.fields("liar", "1.0", otherName),
                "liar-1.0-py3-none-any.whl", otherName), 400, "liar", "metadata names");
        byte[] otherVersion = PypiUploads.wheel("liar2", "1.0",
                PypiUploads.metadata("liar2", "9.9").getBytes(StandardCharsets.UTF_8));
        refused(PypiUploads.upload(root, upload(), PypiUploads.fields("liar2", "1.0", otherVersion),
                "liar2-1.0-py3-none-any.whl", otherVersion), 400, "liar2", "version");
    }

    @Test
    void a_digest_that_does_not_match() {
        byte[] wheel = PypiUploads.wheel("tampered", "1.0");
        Map<String, String> fields = PypiUploads.fields("tampered", "1.0", wheel);
        fields.put("sha256_digest", "0".repeat(64));
        refused(PypiUploads.upload(root, upload(), fields, "tampered-1.0-py3-none-any.whl", wheel), 400, "tampered",
                "sha256_digest");
    }

    @Test
    void a_file_whose_name_normalises_onto_another_project() {
        byte[] wheel = PypiUploads.wheel("other-project", "1.0");
        refused(PypiUploads.upload(root, upload(), PypiUploads.fields("mine", "1.0", wheel),
                "Other_Project-1.0-py3-none-any.whl", wheel), 400, "mine", "does not belong");
        assertThat(root.get(upload() + "/simple/other-project").status()).isEqualTo(404);
    }

    @Test
    void file_names_with_traversal() {
        byte[] wheel = PypiUploads.wheel("trav", "1.0");
        for (String name : new String[] {"../../trav-1.0-py3-none-any.whl", "..\\trav-1.0.tar.gz", "trav-1.0/../x.zip"}) {
            refused(PypiUploads.upload(root, upload(), PypiUploads.fields("trav", "1.0", wheel), name, wheel), 400,
                    "trav", "invalid distribution file name");
        }
        assertThat(root.get(upload() + "/files/" + "a".repeat(64) + "/..%2f..%2fetc%2fpasswd").status())
                .isEqualTo(400);
    }

    @Test
    void an_upload_over_the_limit_and_one_without_a_file() {
        byte[] big = new byte[3 << 20];
        new java.util.Random(3).nextBytes(big);
        refused(PypiUploads.upload(root, upload(), PypiUploads.fields("huge", "1.0", big),
                "huge-1.0-py3-none-any.whl", big), 413, "huge", "exceeds");
        refused(PypiUploads.upload(root, upload(), PypiUploads.fields("nofile", "1.0", new byte[0]), null, null), 400,
                "nofile", "no content");
    }

    @Test
    void re_uploading_a_file_is_refused_and_a_new_file_joins_the_version() {
        byte[] wheel = PypiUploads.wheel("once", "1.0");
        assertThat(PypiUploads.upload(root, upload(), PypiUploads.fields("once", "1.0", wheel),
                "once-1.0-py3-none-any.whl", wheel).status()).isEqualTo(201);
        byte[] again = PypiUploads.wheel("once", "1.0", (PypiUploads.metadata("once", "1.0") + "Summary: again\n")
                .getBytes(StandardCharsets.UTF_8));

        Api.Response r = PypiUploads.upload(root, upload(), PypiUploads.fields("once", "1.0", again),
                "once-1.0-py3-none-any.whl", again);
        byte[] other = PypiUploads.wheel("once", "1.0");
        Api.Response second = PypiUploads.upload(root, upload(), PypiUploads.fields("once", "1.0", other),
                "once-1.0-py3-none-none.whl", other);

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("message").asString()).contains("File already exists");
        assertThat(second.status()).isEqualTo(201);
        assertThat(root.get(upload() + "/simple/once").body()).contains("#sha256=" + PypiUploads.sha256(wheel))
                .doesNotContain(PypiUploads.sha256(again));
        assertThat(root.get("/api/v4/projects/" + project + "/packages?package_type=pypi&package_name=once").json())
                .hasSize(1);
    }
}
