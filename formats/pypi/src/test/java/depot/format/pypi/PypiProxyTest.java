package depot.format.pypi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import depot.core.error.DepotException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import depot.http.PackageFormat;
import org.junit.jupiter.api.Test;

/** Reading an upstream's project page, in the shapes PEP 503 (HTML) and PEP 691 (JSON) give. */
class PypiProxyTest {
    private static final URI PAGE = URI.create("https://index.example.org/simple/holygrail/");
    private static final String SHA = "a".repeat(64);

    @Test
    void reads_pep_691_json_resolving_urls_against_the_page_and_keeping_what_pip_needs() {
        String json = """
                {"meta": {"api-version": "1.1"}, "name": "holygrail", "files": [
                  {"filename": "holygrail-1.0.tar.gz", "url": "../../files/holygrail-1.0.tar.gz",
                   "hashes": {"sha256": "%s"}, "requires-python": ">=3.8", "size": 512},
                  {"filename": "holygrail-1.0-py3-none-any.whl", "url": "https://files.example.org/h/holygrail-1.0-py3-none-any.whl",
                   "hashes": {"sha256": "%s"}, "yanked": "broken"},
                  {"filename": "holygrail-0.9.tar.gz", "url": "holygrail-0.9.tar.gz", "hashes": {"md5": "00"}},
                  {"filename": "../escape.tar.gz", "url": "x", "hashes": {"sha256": "%s"}},
                  {"filename": "holygrail-0.8.tar.gz", "url": "file:///etc/passwd", "hashes": {"sha256": "%s"}}
                ]}""".formatted(SHA, SHA.toUpperCase(), SHA, SHA);

        List<PypiProxy.UpstreamFile> files = PypiProxy.fromJson(json.getBytes(StandardCharsets.UTF_8), PAGE);

        assertThat(files).containsExactly(
                new PypiProxy.UpstreamFile("holygrail-1.0.tar.gz",
                        URI.create("https://index.example.org/files/holygrail-1.0.tar.gz"), SHA, ">=3.8", null, 512),
                new PypiProxy.UpstreamFile("holygrail-1.0-py3-none-any.whl",
                        URI.create("https://files.example.org/h/holygrail-1.0-py3-none-any.whl"), SHA, null, "broken", 0));
    }

    @Test
    void reads_pep_503_html_with_its_fragments_and_data_attributes() {
        String html = "<!DOCTYPE html><html><body><h1>Links for holygrail</h1>\n"
                + "<a href=\"/files/holygrail-1.0.tar.gz#sha256=" + SHA + "\" data-requires-python=\"&gt;=3.8\">"
                + "holygrail-1.0.tar.gz</a><br/>\n"
                + "<A HREF='holygrail-1.0-py3-none-any.whl#sha256=" + SHA + "' data-yanked=''>wheel</A>\n"
                + "<a href=\"holygrail-0.9.tar.gz#md5=00\">no sha256</a>\n"
                + "<a href=\"javascript:alert(1)#sha256=" + SHA + "\">script</a></body></html>";

        List<PypiProxy.UpstreamFile> files = PypiProxy.fromHtml(html, PAGE);

        assertThat(files).containsExactly(
                new PypiProxy.UpstreamFile("holygrail-1.0.tar.gz",
                        URI.create("https://index.example.org/files/holygrail-1.0.tar.gz"), SHA, ">=3.8", null, 0),
                new PypiProxy.UpstreamFile("holygrail-1.0-py3-none-any.whl",
                        URI.create("https://index.example.org/simple/holygrail/holygrail-1.0-py3-none-any.whl"), SHA,
                        null, "", 0));
    }

    @Test
    void a_page_that_is_not_json_is_the_upstreams_fault() {
        assertThatThrownBy(() -> PypiProxy.fromJson("{\"files\": [".getBytes(StandardCharsets.UTF_8), PAGE))
                .isInstanceOf(DepotException.BadGateway.class);
    }

    @Test
    void a_cached_file_belongs_to_its_project_and_the_version_its_name_gives() {
        assertThat(PypiProxy.cachedPackage("requests/requests-2.32.3-py3-none-any.whl"))
                .contains(new PackageFormat.CachedPackage("requests", "2.32.3"));
        assertThat(PypiProxy.cachedPackage("charset-normalizer/charset_normalizer-3.4.0-cp311-cp311-manylinux_2_17_x86_64.whl"))
                .contains(new PackageFormat.CachedPackage("charset-normalizer", "3.4.0"));
        assertThat(PypiProxy.cachedPackage("zope-interface/zope.interface-7.1.1.tar.gz"))
                .contains(new PackageFormat.CachedPackage("zope-interface", "7.1.1"));
        assertThat(PypiProxy.cachedPackage("legacy/legacy-0.1.zip")).contains(new PackageFormat.CachedPackage("legacy", "0.1"));
        assertThat(PypiProxy.cachedPackage("odd/odd.whl")).isEmpty();
        assertThat(PypiProxy.cachedPackage("odd/odd-.tar.gz")).isEmpty();
        assertThat(PypiProxy.cachedPackage("no-folder.whl")).isEmpty();
    }
}
