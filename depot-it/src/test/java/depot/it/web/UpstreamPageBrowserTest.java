package depot.it.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.FormData;
import com.microsoft.playwright.options.RequestOptions;
import com.sun.net.httpserver.HttpServer;
import depot.it.support.Backend;
import depot.it.support.Chromium;
import depot.it.support.PypiUploads;
import depot.it.support.TestServer;
import depot.it.support.World;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A group's upstream page in real Chromium: a maintainer sees the upstream (without its password) and what was
 * cached, and deletes an entry; a reporter sees it without delete buttons and a forged delete is refused; a
 * developer of another group does not find the page.
 */
// one stack: a page over rows both stacks' other upstream tests write and read
@depot.it.support.OneStack
class UpstreamPageBrowserTest {

    @Test
    void a_maintainer_sees_the_cache_and_deletes_an_entry_a_reporter_only_looks() throws Exception {
        byte[] wheel = PypiUploads.wheel("shown-pkg", "1.0");
        String sha = PypiUploads.sha256(wheel);
        HttpServer upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        upstream.createContext("/", ex -> {
            byte[] body = ex.getRequestURI().getPath().endsWith(".whl") ? wheel
                    : ("<a href=\"/f/shown_pkg-1.0-py3-none-any.whl#sha256=" + sha + "\">x</a>").getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        upstream.start();
        try (TestServer server = new TestServer(Backend.SQLITE, Map.of("upstream_local_network", "true"));
             Playwright playwright = Playwright.create()) {
            World world = new World(server);
            long group = world.group("acme", "private");
            World.Person maint = world.user("maint");
            World.Person reporter = world.user("rep");
            World.Person stranger = world.user("stranger");
            world.member("groups", group, maint.id(), 40);
            world.member("groups", group, reporter.id(), 20);
            world.member("groups", world.group("other", "private"), stranger.id(), 30);
            server.root().post("/api/v4/groups/" + group + "/-/upstreams", Map.of("package_type", "pypi", "name",
                    "loopback index", "url", "http://127.0.0.1:" + upstream.getAddress().getPort() + "/simple",
                    "username", "svc", "password", "s3cret-upstream-password"));
            assertThat(server.root().get("/api/v4/groups/acme/-/packages/pypi/files/" + sha
                    + "/shown_pkg-1.0-py3-none-any.whl").status()).isEqualTo(200);
            Browser browser = Chromium.launch(playwright);

            BrowserContext context = browser.newContext(new Browser.NewContextOptions().setBaseURL(server.url()));
            Page page = Chromium.signIn(context, server.url(), "maint", "password-maint");
            page.onDialog(d -> d.accept());
            page.navigate(server.url() + "/groups/acme/-/upstreams");
            assertThat(page.locator("section.upstream h2").allTextContents()).containsExactly("1. loopback index");
            assertThat(page.content()).contains("signs in as svc").doesNotContain("s3cret-upstream-password");
            assertThat(page.locator("table.upstream-entries tbody tr td:first-child").allTextContents())
                    .containsExactly("shown-pkg/shown_pkg-1.0-py3-none-any.whl", "shown-pkg/");
            page.locator("form[data-confirm^='Delete the cached shown-pkg/shown_pkg-1.0'] button").click();
            assertThat(page.locator("table.upstream-entries tbody tr td:first-child").allTextContents())
                    .containsExactly("shown-pkg/");
            context.close();

            BrowserContext repContext = browser.newContext(new Browser.NewContextOptions().setBaseURL(server.url()));
            Page repPage = Chromium.signIn(repContext, server.url(), "rep", "password-rep");
            repPage.navigate(server.url() + "/groups/acme/-/upstreams");
            assertThat(repPage.locator("table.upstream-entries tbody tr").count()).isEqualTo(1);
            assertThat(repPage.locator("button.danger").count()).isZero();
            String csrf = repPage.locator("input[name=csrf_token]").first().getAttribute("value");
            long upstreamId = server.root().get("/api/v4/groups/acme/-/upstreams").json().get(0).get("id").asLong();
            long entryId = server.root().get("/api/v4/groups/acme/-/upstreams/" + upstreamId + "/cache_entries").json()
                    .get(0).get("id").asLong();
            var forged = repContext.request().post(server.url() + "/groups/acme/-/upstreams/" + upstreamId + "/entries/"
                    + entryId + "/delete", RequestOptions.create().setForm(FormData.create().set("csrf_token", csrf))
                    .setMaxRedirects(0));
            assertThat(forged.status()).isEqualTo(403);
            repContext.close();

            BrowserContext strangerContext = browser.newContext(new Browser.NewContextOptions().setBaseURL(server.url()));
            Page strangerPage = Chromium.signIn(strangerContext, server.url(), "stranger", "password-stranger");
            var response = strangerPage.navigate(server.url() + "/groups/acme/-/upstreams");
            assertThat(response.status()).isEqualTo(404);
            strangerContext.close();
        } finally {
            upstream.stop(0);
        }
    }
}
