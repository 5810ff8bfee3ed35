package depot.it.pypi;

import static org.assertj.core.api.Assertions.assertThat;

import depot.it.support.Backend;
import depot.it.support.TestServer;
import depot.it.support.Tools;
import depot.it.support.World;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * twine and poetry upload to a private project; pip 23 (PEP 691 JSON first) and pip 21.3 (HTML only) and poetry
 * install from the project and its group. pip 21.3 is installed from the machine's package index once per checkout.
 */
class PypiClientsTest {
    private static final Path TOOLS = Path.of("target", "py-tools").toAbsolutePath();
    @TempDir Path dir;

    @Test
    void twine_and_poetry_upload_and_pip_and_poetry_install_from_project_and_group() throws Exception {
        Path python = Tools.require("python3", "apt-get install python3 python3-venv");
        Path twine = Tools.require("twine", "apt-get install twine");
        Path poetry = Tools.require("poetry", "apt-get install python3-poetry");
        Path pip23 = venv(python, "pip23", null);
        Path pip21 = venv(python, "pip21", "pip==21.3.1");
        try (TestServer server = new TestServer(Backend.SQLITE)) {
            World world = new World(server);
            long project = world.project(world.group("acme", "private"), "py", "private");
            String projectUrl = server.url() + "/api/v4/projects/" + project + "/packages/pypi";
            String groupUrl = server.url() + "/api/v4/groups/acme/-/packages/pypi";

            Path hello = setupPy("hello", "acme-hello", "1.0.0", "acme_hello");
            Tools.ok(hello, Map.of(), List.of("/usr/bin/python3", "setup.py", "-q", "sdist", "bdist_wheel"));
            Tools.ok(hello, pythonEnv(Map.of("TWINE_USERNAME", "__token__", "TWINE_PASSWORD", TestServer.ROOT_TOKEN)),
                    List.of(twine.toString(), "upload", "--non-interactive", "--disable-progress-bar",
                            "--repository-url", projectUrl, "dist/acme_hello-1.0.0-py3-none-any.whl",
                            "dist/acme-hello-1.0.0.tar.gz"));
            Path poem = poetryProject("poem", "acme-poem", "0.1.0", "acme_poem", "");
            Tools.ok(poem, pythonEnv(Map.of("POETRY_REPOSITORIES_DEPOT_URL", projectUrl,
                    "POETRY_HTTP_BASIC_DEPOT_USERNAME", "__token__", "POETRY_HTTP_BASIC_DEPOT_PASSWORD",
                    TestServer.ROOT_TOKEN)), List.of(poetry.toString(), "publish", "--build", "-r", "depot", "-n"));

            String auth = "//__token__:" + TestServer.ROOT_TOKEN + "@";
            for (String index : List.of(projectUrl, groupUrl)) {
                for (Path pip : List.of(pip23, pip21)) {
                    Path target = Files.createTempDirectory(dir, "site-");
                    Tools.ok(dir, pipEnv(), List.of(pip.toString(), "install", "--target", target.toString(),
                            "--index-url", index.replace("//", auth) + "/simple", "acme-hello==1.0.0",
                            "acme-poem==0.1.0"));
                    assertThat(target.resolve("acme_hello/__init__.py")).as(index + " " + pip).exists();
                    assertThat(target.resolve("acme_poem/__init__.py")).as(index + " " + pip).exists();
                }
            }

            Path app = poetryProject("app", "app", "0.1.0", null, "acme-hello = \"1.0.0\"\nacme-poem = \"0.1.0\"\n"
                    + "\n[[tool.poetry.source]]\nname = \"depot\"\nurl = \"" + groupUrl + "/simple\"\ndefault = true\n");
            Tools.ok(app, pythonEnv(Map.of("POETRY_VIRTUALENVS_IN_PROJECT", "true", "POETRY_HTTP_BASIC_DEPOT_USERNAME",
                    "__token__", "POETRY_HTTP_BASIC_DEPOT_PASSWORD", TestServer.ROOT_TOKEN)),
                    List.of(poetry.toString(), "install", "-n", "--no-root"));
            Tools.Result run = Tools.ok(app, Map.of(), List.of(app.resolve(".venv/bin/python").toString(), "-c",
                    "import acme_hello, acme_poem; print(acme_hello.hi(), acme_poem.hi())"));

            assertThat(run.stdout().trim()).isEqualTo("acme-hello acme-poem");
            assertThat(server.root().get("/api/v4/projects/" + project + "/packages?package_type=pypi").json())
                    .hasSize(2);
        }
    }

    /** A virtual environment kept under target/py-tools, with {@code pipSpec} installed into it when given. */
    private Path venv(Path python, String name, String pipSpec) throws Exception {
        Path venv = TOOLS.resolve(name);
        Path pip = venv.resolve("bin/pip");
        Path marker = venv.resolve("ready-" + (pipSpec == null ? "default" : pipSpec));
        if (Files.exists(marker)) return pip;
        Files.createDirectories(TOOLS);
        Tools.ok(TOOLS, Map.of(), List.of(python.toString(), "-m", "venv", "--clear", venv.toString()));
        if (pipSpec != null) Tools.ok(TOOLS, Map.of(), List.of(pip.toString(), "install", "-q", pipSpec));
        Files.writeString(marker, "");
        return pip;
    }

    /** pip with no configuration of this machine's (its find-links and extra indexes would bypass Depot). */
    private Map<String, String> pipEnv() {
        Map<String, String> env = new HashMap<>(Map.of("PIP_CONFIG_FILE", "/dev/null", "PIP_NO_CACHE_DIR", "1",
                "PIP_DISABLE_PIP_VERSION_CHECK", "1", "PIP_FIND_LINKS", "", "PIP_EXTRA_INDEX_URL", ""));
        env.put("HOME", dir.resolve("home").toString());
        return env;
    }

    private Map<String, String> pythonEnv(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(extra);
        env.put("HOME", dir.resolve("home").toString());
        env.put("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring");
        env.put("POETRY_CACHE_DIR", dir.resolve("poetry-cache").toString());
        env.put("PIP_CONFIG_FILE", "/dev/null");
        env.put("PIP_FIND_LINKS", "");
        return env;
    }

    private Path setupPy(String folder, String name, String version, String module) throws Exception {
        Path p = Files.createDirectories(dir.resolve(folder));
        Files.createDirectories(p.resolve("src/" + module));
        Files.writeString(p.resolve("setup.py"), "from setuptools import setup\nsetup(name=\"" + name + "\", version=\""
                + version + "\", packages=[\"" + module + "\"], package_dir={\"\": \"src\"}, python_requires=\">=3.8\","
                + " description=\"test package " + name + "\")\n");
        Files.writeString(p.resolve("src/" + module + "/__init__.py"), "def hi():\n    return \"" + name + "\"\n");
        return p;
    }

    private Path poetryProject(String folder, String name, String version, String module, String dependencies)
            throws Exception {
        Path p = Files.createDirectories(dir.resolve(folder));
        String packages = module == null ? "" : "packages = [{include = \"" + module + "\"}]\n";
        Files.writeString(p.resolve("pyproject.toml"), "[tool.poetry]\nname = \"" + name + "\"\nversion = \"" + version
                + "\"\ndescription = \"test package " + name + "\"\nauthors = [\"Acme <dev@example.com>\"]\n" + packages
                + "\n[tool.poetry.dependencies]\npython = \">=3.8\"\n" + dependencies
                + "\n[build-system]\nrequires = [\"poetry-core\"]\nbuild-backend = \"poetry.core.masonry.api\"\n");
        if (module != null) {
            Files.createDirectories(p.resolve(module));
            Files.writeString(p.resolve(module + "/__init__.py"), "def hi():\n    return \"" + name + "\"\n");
        }
        return p;
    }
}
