package depot.it.pypi;

import static org.assertj.core.api.Assertions.assertThat;

import depot.core.model.Package;
import depot.format.pypi.PypiFormat;
import depot.http.FormatContext;
import depot.http.PackageDetails;
import depot.it.support.Backend;
import depot.it.support.PypiUploads;
import depot.it.support.TestServer;
import depot.it.support.World;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the detail page shows of a PyPI package: name, version, summary, requires-python, install snippets. */
class PypiDetailsTest {
    @Test
    void shows_metadata_from_the_file_and_snippets_for_pip_poetry_and_twine() throws Exception {
        try (TestServer server = new TestServer(Backend.SQLITE)) {
            World world = new World(server);
            long project = world.project(world.group("acme", "private"), "py", "private");
            byte[] wheel = PypiUploads.wheel("Acme_Hello", "1.2.0");
            assertThat(PypiUploads.upload(server.root(), "/api/v4/projects/" + project + "/packages/pypi",
                    PypiUploads.fields("Acme_Hello", "1.2.0", wheel), "acme_hello-1.2.0-py3-none-any.whl", wheel)
                    .status()).isEqualTo(201);
            long id = server.root().get("/api/v4/projects/" + project + "/packages?package_type=pypi").json()
                    .get(0).get("id").asLong();
            Package pkg = server.services().packages().get(id).orElseThrow();
            FormatContext ctx = server.formatContext("https://depot.example");

            PackageDetails d = new PypiFormat().details(pkg, List.of(), ctx);

            assertThat(d.metadata()).containsExactly(new PackageDetails.Row("name", "Acme_Hello"),
                    new PackageDetails.Row("version", "1.2.0"), new PackageDetails.Row("summary", "test Acme_Hello"),
                    new PackageDetails.Row("requires-python", ">=3.8"));
            assertThat(d.snippets()).extracting(PackageDetails.Snippet::title)
                    .containsExactly("pip", "pip.conf", "poetry", ".pypirc (twine)");
            assertThat(d.snippets().get(0).code()).isEqualTo("pip install --index-url https://__token__:${DEPOT_TOKEN}"
                    + "@depot.example/api/v4/projects/" + project + "/packages/pypi/simple acme-hello==1.2.0");
            assertThat(d.snippets().get(3).code()).contains("repository = https://depot.example/api/v4/projects/"
                    + project + "/packages/pypi");
        }
    }
}
