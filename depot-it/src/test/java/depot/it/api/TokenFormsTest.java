package depot.it.api;

import static org.assertj.core.api.Assertions.assertThat;

import depot.it.support.Api;
import depot.it.support.Backend;
import depot.it.support.ConanTools;
import depot.it.support.PypiUploads;
import depot.it.support.TestServer;
import depot.it.support.Tools;
import depot.it.support.World;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's own setup, {@code DEPOT_INITIAL_ROOT_TOKEN=my-long-random-token}, makes a token without Depot's
 * {@code dpat-} prefix. It must work in every credential form — as a header, as Bearer, and as the password of HTTP
 * Basic, which pip, twine, uv, skopeo, helm, NuGet and Conan send — and a wrong one must count as one failure.
 * Before, Basic took it for a password: 401 for every Basic client. One stack: a credential's form is read before any
 * query, and the lookup by the token's hash that follows is the one every class of the scale-out run makes.
 */
@depot.it.support.OneStack
class TokenFormsTest {
    static final String TOKEN = "my-long-random-token";
    @TempDir Path dir;

    @Test
    void a_token_without_the_prefix_works_in_every_credential_form() throws Exception {
        try (TestServer server = new TestServer(Backend.SQLITE, Map.of("initial_root_token", TOKEN,
                "auth_failure_limit", "3"))) {
            Map<String, Api> forms = Map.of(
                    "Private-Token", server.as("Private-Token", TOKEN),
                    "Bearer", server.as("Authorization", "Bearer " + TOKEN),
                    "Basic root", server.as("Authorization", basic("root", TOKEN)),
                    "Basic __token__", server.as("Authorization", basic("__token__", TOKEN)),
                    "Basic any name", server.as("Authorization", basic("ci-bot", TOKEN)),
                    "query parameter", new Api(server.url(), null, null) {
                        @Override
                        public Response get(String path) { return super.get(path + "?private_token=" + TOKEN); }
                    });
            for (var e : forms.entrySet()) {
                Api.Response r = e.getValue().get("/api/v4/user");
                assertThat(r.status()).as(e.getKey() + ": " + r.body()).isEqualTo(200);
                assertThat(r.json().get("username").asString()).isEqualTo("root");
            }

            // the password still works in Basic, and two wrong attempts are two failures, not four
            assertThat(server.as("Authorization", basic("root", TestServer.ROOT_PASSWORD)).get("/api/v4/user").status())
                    .isEqualTo(200);
            assertThat(server.as("Authorization", basic("root", "my-long-wrong-token")).get("/api/v4/user").status())
                    .isEqualTo(401);
            assertThat(server.as("Authorization", basic("root", "my-long-wrong-token")).get("/api/v4/user").status())
                    .isEqualTo(401);
            assertThat(server.as("Authorization", basic("root", TOKEN)).get("/api/v4/user").status()).isEqualTo(200);
        }
    }

    /** twine uploads and pip installs with the prefix-less token as the Basic password, as the README sets it up. */
    @Test
    void twine_and_pip_authenticate_with_a_token_without_the_prefix() throws Exception {
        Path twine = Tools.require("twine", "apt-get install twine");
        try (TestServer server = new TestServer(Backend.SQLITE, Map.of("initial_root_token", TOKEN))) {
            World world = new World(server.as("Private-Token", TOKEN));
            long project = world.project(world.group("plain", "private"), "py", "private");
            String index = server.url() + "/api/v4/projects/plain%2Fpy/packages/pypi";
            Path wheel = Files.write(dir.resolve("plain_token-1.0-py3-none-any.whl"), wheel());

            Tools.ok(dir, Map.of("TWINE_USERNAME", "__token__", "TWINE_PASSWORD", TOKEN, "HOME", dir.toString()),
                    List.of(twine.toString(), "upload", "--non-interactive", "--disable-progress-bar",
                            "--repository-url", index, wheel.toString()));
            Tools.ok(dir, Map.of(), List.of("/usr/bin/python3", "-m", "venv", dir.resolve("venv").toString()));
            // Debian's own pip (23.0) in a venv, with none of this machine's pip configuration
            Tools.Result pip = Tools.ok(dir, Map.of("HOME", dir.toString(), "PIP_DISABLE_PIP_VERSION_CHECK", "1",
                    "PIP_CONFIG_FILE", "/dev/null", "PIP_FIND_LINKS", "", "PIP_EXTRA_INDEX_URL", "", "PIP_NO_CACHE_DIR", "1"),
                    List.of(dir.resolve("venv/bin/pip").toString(), "download", "--no-deps", "-d", dir.resolve("got").toString(),
                            "--index-url", index.replace("http://", "http://__token__:" + TOKEN + "@") + "/simple",
                            "plain-token==1.0"));

            assertThat(server.as("Private-Token", TOKEN).get("/api/v4/projects/" + project + "/packages").json().get(0)
                    .get("name").asString())
                    .isEqualTo("plain-token");
            assertThat(dir.resolve("got/plain_token-1.0-py3-none-any.whl")).exists();
            assertThat(pip.exit()).isZero();
        }
    }

    /**
     * The real Conan 2 client logs in with the prefix-less token as its password (Conan keeps the answer as its bearer
     * token) at the project and the instance remote, and uploads with it; a password is still refused, as in GitLab.
     */
    @Test
    void conan_logs_in_and_uploads_with_a_token_without_the_prefix() throws Exception {
        try (TestServer server = new TestServer(Backend.SQLITE, Map.of("initial_root_token", TOKEN))) {
            World world = new World(server.as("Private-Token", TOKEN));
            world.project(world.group("plain", "private"), "cpp", "private");
            ConanTools.Client conan = ConanTools.Client.conan2(dir.resolve("conan-home"));
            conan.ok(dir, "remote", "add", "depot", server.url() + "/api/v4/projects/plain%2Fcpp/packages/conan");
            conan.ok(dir, "remote", "add", "inst", server.url() + "/api/v4/packages/conan");
            Tools.Result password = conan.run(dir, "remote", "login", "depot", "root", "-p", TestServer.ROOT_PASSWORD);
            Tools.Result login = conan.run(dir, "remote", "login", "depot", "root", "-p", TOKEN);
            Tools.Result instance = conan.run(dir, "remote", "login", "inst", "root", "-p", TOKEN);
            Path recipe = ConanTools.headerRecipe(dir.resolve("hdr"), "1");
            conan.ok(dir, "create", recipe.toString());
            Tools.Result upload = conan.run(dir, "upload", "hdr/1.0", "-r", "depot", "-c");

            assertThat(password.exit()).as("a password is not a Conan credential").isNotZero();
            assertThat(login.exit()).as(login.stdout() + login.stderr()).isZero();
            assertThat(instance.exit()).as(instance.stdout() + instance.stderr()).isZero();
            assertThat(upload.exit()).as(upload.stdout() + upload.stderr()).isZero();
            assertThat(server.as("Private-Token", TOKEN).get("/api/v4/projects/plain%2Fcpp/packages?package_type=conan")
                    .json().get(0).get("name").asString()).isEqualTo("hdr");
        }
    }

    /** A wheel pip accepts: metadata, WHEEL, RECORD and a module. */
    private static byte[] wheel() throws java.io.IOException {
        var bytes = new java.io.ByteArrayOutputStream();
        try (var zip = new java.util.zip.ZipOutputStream(bytes)) {
            Map<String, String> entries = new java.util.LinkedHashMap<>();
            entries.put("plain_token/__init__.py", "VALUE = 1\n");
            entries.put("plain_token-1.0.dist-info/METADATA", PypiUploads.metadata("plain-token", "1.0"));
            entries.put("plain_token-1.0.dist-info/WHEEL",
                    "Wheel-Version: 1.0\nGenerator: depot-test\nRoot-Is-Purelib: true\nTag: py3-none-any\n");
            entries.put("plain_token-1.0.dist-info/RECORD", "");
            for (var e : entries.entrySet()) {
                zip.putNextEntry(new java.util.zip.ZipEntry(e.getKey()));
                zip.write(e.getValue().getBytes(StandardCharsets.UTF_8));
            }
        }
        return bytes.toByteArray();
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
