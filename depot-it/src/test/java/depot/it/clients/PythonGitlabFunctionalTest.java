package depot.it.clients;

import static org.assertj.core.api.Assertions.assertThat;

import depot.it.support.Backend;
import depot.it.support.PyTools;
import depot.it.support.TestServer;
import depot.it.support.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * python-gitlab's own functional tests of packages, package protection rules and deploy tokens (API and CLI), taken
 * unchanged from its pinned source distribution and run by pytest against Depot with Depot's conftest.py
 * (src/test/resources/python-gitlab): its fixtures give a Depot group and project instead of a GitLab in Docker.
 */
class PythonGitlabFunctionalTest {
    static final String PYTHON_GITLAB = "python-gitlab==8.6.0";
    static final String PYTEST = "pytest==8.4.2";
    private static final Map<String, String> TESTS = Map.of(
            "tests/functional/api/test_packages.py", "api/test_packages.py",
            "tests/functional/api/test_deploy_tokens.py", "api/test_deploy_tokens.py",
            "tests/functional/cli/test_cli_packages.py", "cli/test_cli_packages.py");

    @TempDir Path dir;

    @Test
    void its_package_protection_rule_and_deploy_token_tests_pass() throws Exception {
        Path venv = PyTools.venv("python-gitlab-8.6.0", PYTHON_GITLAB, PYTEST);
        Path sdist = PyTools.sdist(venv, PYTHON_GITLAB);
        Files.copy(Path.of("src/test/resources/python-gitlab/conftest.py"), dir.resolve("conftest.py"));
        for (Map.Entry<String, String> t : TESTS.entrySet()) {
            Files.createDirectories(dir.resolve(t.getValue()).getParent());
            Files.copy(sdist.resolve(t.getKey()), dir.resolve(t.getValue()));
        }
        try (TestServer server = new TestServer(Backend.SQLITE)) {
            Tools.Result r = Tools.run(dir, Map.of("DEPOT_URL", server.url(), "DEPOT_TOKEN", TestServer.ROOT_TOKEN,
                    "HOME", dir.toString(), "PYTHONDONTWRITEBYTECODE", "1"), List.of(
                    venv.resolve("bin/python").toString(), "-m", "pytest", "-p", "no:cacheprovider", "-rA",
                    "--junitxml=" + dir.resolve("results.xml"), "api", "cli"));
            String report = r.stdout() + r.stderr();
            String xml = Files.readString(dir.resolve("results.xml"));

            assertThat(r.exit()).as(report).isZero();
            assertThat(count(xml, "tests")).as(report).isEqualTo(18);
            assertThat(count(xml, "failures") + count(xml, "errors") + count(xml, "skipped")).as(report).isZero();
            assertThat(passed(report)).contains("test_create_project_protected_packages",
                    "test_project_deploy_tokens", "test_group_deploy_tokens", "test_download_generic_package");
        }
    }

    private static int count(String junitXml, String attribute) {
        Matcher m = Pattern.compile("<testsuite [^>]*\\b" + attribute + "=\"(\\d+)\"").matcher(junitXml);
        assertThat(m.find()).as(attribute + " in " + junitXml).isTrue();
        return Integer.parseInt(m.group(1));
    }

    private static List<String> passed(String report) {
        List<String> names = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^PASSED \\S+::(\\w+)").matcher(report);
        while (m.find()) names.add(m.group(1));
        return names;
    }
}
