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
import tools.jackson.databind.JsonNode;

/**
 * A group's upstream page in real Chromium: a maintainer adds, edits, orders and deletes upstreams with its forms,
 * sees what was cached as package versions (never the password), and deletes a cached package; a refused value is a
 * 400 that changes nothing; a reporter sees the cache without forms and forged posts are refused; a developer of
 * another group does not find the page.
 */
// one stack: a page over rows both stacks' other upstream tests write and read
@depot.it.support.OneStack
class UpstreamPageBrowserTest {

    @Test
    void a_maintainer_configures_upstreams_and_deletes_cached_packages_a_reporter_only_looks() throws Exception {
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
            String url = "http://127.0.0.1:" + upstream.getAddress().getPort() + "/simple";
            Browser browser = Chromium.launch(playwright);

            BrowserContext context = browser.newContext(new Browser.NewContextOptions().setBaseURL(server.url()));
            Page page = Chromium.signIn(context, server.url(), "maint", "password-maint");
            page.onDialog(d -> d.accept());
            page.navigate(server.url() + "/groups/acme/-/upstreams");
            assertThat(page.locator("p.empty").first().textContent()).contains("no upstreams here yet");
            // the settings form: what a maintainer fills in instead of the API
            page.locator("#upstream-add summary").click();
            page.locator("#upstream-add select[name=package_type]").selectOption("pypi");
            page.locator("#upstream-add input[name=url]").fill(url);
            page.locator("#upstream-add input[name=name]").fill("loopback index");
            page.locator("#upstream-add input[name=username]").fill("svc");
            page.locator("#upstream-add input[name=password]").fill("s3cret-upstream-password");
            page.locator("#upstream-add input[name=metadata_cache_validity_hours]").fill("12");
            page.locator("#upstream-add input[name=cache_validity_hours]").fill("0");
            page.locator("#upstream-add button[type=submit]").click();
            assertThat(page.locator("section.upstream > h2").allTextContents()).containsExactly("1. loopback index");
            assertThat(page.content()).contains("signs in as svc").contains("metadata re-checked after 12 h")
                    .contains("files re-checked never").doesNotContain("s3cret-upstream-password");
            JsonNode made = server.root().get("/api/v4/groups/acme/-/upstreams").json().get(0);
            assertThat(made.get("url").asString()).isEqualTo(url);
            assertThat(made.get("password_set").asBoolean()).isTrue();
            assertThat(made.get("metadata_cache_validity_hours").asInt()).isEqualTo(12);
            assertThat(made.get("cache_validity_hours").asInt()).isZero();
            long upstreamId = made.get("id").asLong();

            // a cached file shows as the package version it belongs to, its page as a metadata document
            assertThat(server.root().get("/api/v4/groups/acme/-/packages/pypi/files/" + sha
                    + "/shown_pkg-1.0-py3-none-any.whl").status()).isEqualTo(200);
            page.reload();
            assertThat(page.locator("table.upstream-packages tbody tr td:nth-child(-n+3)").allTextContents())
                    .containsExactly("shown-pkg", "1.0", "shown_pkg-1.0-py3-none-any.whl");
            assertThat(page.locator("table.upstream-documents tbody tr td:first-child").allTextContents())
                    .containsExactly("shown-pkg/");
            // at a phone's width the cache's wide tables scroll inside themselves, never the page
            BrowserContext phone = browser.newContext(new Browser.NewContextOptions().setViewportSize(390, 844));
            Page small = Chromium.signIn(phone, server.url(), "maint", "password-maint");
            small.navigate(server.url() + "/groups/acme/-/upstreams");
            assertThat(((Number) small.evaluate("document.documentElement.scrollWidth - window.innerWidth")).intValue())
                    .isLessThanOrEqualTo(0);
            phone.close();

            // edit: a blank password keeps the stored one; a second upstream put first
            page.locator("#upstream-edit-" + upstreamId + " summary").click();
            page.locator("#upstream-edit-" + upstreamId + " input[name=name]").fill("renamed index");
            page.locator("#upstream-edit-" + upstreamId + " button[type=submit]").click();
            page.locator("#upstream-add summary").click();
            page.locator("#upstream-add select[name=package_type]").selectOption("pypi");
            page.locator("#upstream-add input[name=url]").fill(url + "/second");
            page.locator("#upstream-add input[name=name]").fill("second index");
            page.locator("#upstream-add input[name=position]").fill("1");
            page.locator("#upstream-add button[type=submit]").click();
            assertThat(page.locator("section.upstream > h2").allTextContents())
                    .containsExactly("1. second index", "2. renamed index");
            JsonNode renamed = server.root().get("/api/v4/groups/acme/-/upstreams/" + upstreamId).json();
            assertThat(renamed.get("name").asString()).isEqualTo("renamed index");
            assertThat(renamed.get("password_set").asBoolean()).isTrue();
            assertThat(renamed.get("username").asString()).isEqualTo("svc");

            // a refused value is a 400 that changes nothing
            String maintCsrf = page.locator("#upstream-add input[name=csrf_token]").getAttribute("value");
            var bad = context.request().post(server.url() + "/groups/acme/-/upstreams/add", RequestOptions.create()
                    .setForm(FormData.create().set("csrf_token", maintCsrf).set("package_type", "pypi")
                            .set("url", "ftp://example.org/simple")).setMaxRedirects(0));
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.text()).contains("url must be an http or https URL");
            assertThat(server.root().get("/api/v4/groups/acme/-/upstreams").json().size()).isEqualTo(2);
            // through the form itself: the page again, the reason on top, the form open with what was typed
            page.locator("#upstream-add summary").click();
            page.locator("#upstream-add input[name=url]").fill(url + "/third");
            page.locator("#upstream-add input[name=name]").fill("typed name");
            page.evaluate("document.querySelectorAll('input[type=number]').forEach(i => { i.removeAttribute('min');"
                    + " i.removeAttribute('max'); })");
            page.locator("#upstream-add input[name=metadata_cache_validity_hours]").fill("-5");
            page.locator("#upstream-add button[type=submit]").click();
            assertThat(page.locator("main p.error").textContent())
                    .isEqualTo("metadata_cache_validity_hours must be between 0 and 8760");
            assertThat(page.locator("#upstream-add").getAttribute("open")).isNotNull();
            assertThat(page.locator("#upstream-add input[name=name]").inputValue()).isEqualTo("typed name");
            assertThat(server.root().get("/api/v4/groups/acme/-/upstreams").json().size()).isEqualTo(2);

            // a new URL is confirmed first (it drops the credentials and the cache), then said done; a checkbox
            // removes the stored credentials
            page.navigate(server.url() + "/groups/acme/-/upstreams");
            page.locator("#upstream-edit-" + upstreamId + " summary").click();
            page.locator("#upstream-edit-" + upstreamId + " input[name=url]").fill(url + "/moved");
            page.locator("#upstream-edit-" + upstreamId + " button[type=submit]").click();
            assertThat(page.locator("main > h1").textContent()).isEqualTo("Confirm");
            assertThat(page.locator("main p").first().textContent()).contains("drops the stored username and password");
            page.getByText("Cancel").click();
            assertThat(server.root().get("/api/v4/groups/acme/-/upstreams/" + upstreamId).json().get("url").asString())
                    .isEqualTo(url);
            page.locator("#upstream-edit-" + upstreamId + " summary").click();
            page.locator("#upstream-edit-" + upstreamId + " input[name=clear_credentials]").check();
            page.locator("#upstream-edit-" + upstreamId + " button[type=submit]").click();
            assertThat(page.locator("p.flash").textContent()).isEqualTo("Saved the upstream renamed index.");
            JsonNode cleared = server.root().get("/api/v4/groups/acme/-/upstreams/" + upstreamId).json();
            assertThat(cleared.get("password_set").asBoolean()).isFalse();
            assertThat(cleared.get("username").isNull()).isTrue();

            // a subgroup without a list of its own says whose it reads through
            server.root().post("/api/v4/groups", Map.of("name", "team", "path", "team", "parent_id", group,
                    "visibility", "private"));
            page.navigate(server.url() + "/groups/acme/team/-/upstreams");
            assertThat(page.locator("p.inherited").textContent()).startsWith("pypi reads here go through the "
                    + "upstreams of acme (second index, renamed index)");

            BrowserContext repContext = browser.newContext(new Browser.NewContextOptions().setBaseURL(server.url()));
            Page repPage = Chromium.signIn(repContext, server.url(), "rep", "password-rep");
            repPage.navigate(server.url() + "/groups/acme/-/upstreams");
            assertThat(repPage.locator("table.upstream-packages tbody tr").count()).isEqualTo(1);
            assertThat(repPage.locator("button.danger").count()).isZero();
            assertThat(repPage.locator("details.fields").count()).isZero();
            assertThat(reporter.api(server).get("/api/v4/groups/acme/-/upstreams").json().size()).isEqualTo(2);
            String csrf = repPage.locator("input[name=csrf_token]").first().getAttribute("value");
            for (String action : new String[] {"add", upstreamId + "/package/delete", upstreamId + "/delete"}) {
                var forged = repContext.request().post(server.url() + "/groups/acme/-/upstreams/" + action,
                        RequestOptions.create().setForm(FormData.create().set("csrf_token", csrf)
                                .set("package_type", "pypi").set("url", url).set("name", "shown-pkg").set("version", "1.0"))
                                .setMaxRedirects(0));
                assertThat(forged.status()).as(action).isEqualTo(403);
            }
            assertThat(server.root().get("/api/v4/groups/acme/-/upstreams/" + upstreamId + "/cache_entries").json()
                    .size()).isEqualTo(2);
            repContext.close();

            // the maintainer deletes the cached package (its page stays), then the upstream
            page.navigate(server.url() + "/groups/acme/-/upstreams");
            page.locator("form[data-confirm^='Delete the cached shown-pkg 1.0'] button").click();
            assertThat(page.locator("table.upstream-packages").count()).isZero();
            assertThat(page.locator("table.upstream-documents tbody tr td:first-child").allTextContents())
                    .containsExactly("shown-pkg/");
            page.locator("form[data-confirm^='Delete the upstream second index'] button").click();
            assertThat(page.locator("section.upstream > h2").allTextContents()).containsExactly("1. renamed index");
            context.close();

            BrowserContext strangerContext = browser.newContext(new Browser.NewContextOptions().setBaseURL(server.url()));
            Page strangerPage = Chromium.signIn(strangerContext, server.url(), "stranger", "password-stranger");
            var response = strangerPage.navigate(server.url() + "/groups/acme/-/upstreams");
            assertThat(response.status()).isEqualTo(404);
            strangerContext.close();
        } finally {
            upstream.stop(0);
        }
    }

    @Test
    void an_administrator_configures_the_instance_list_others_do_not_find_it() throws Exception {
        try (TestServer server = new TestServer(Backend.SQLITE); Playwright playwright = Playwright.create()) {
            World world = new World(server);
            world.member("groups", world.group("acme", "private"), world.user("owner").id(), 50);
            Browser browser = Chromium.launch(playwright);
            BrowserContext context = browser.newContext(new Browser.NewContextOptions().setBaseURL(server.url()));
            Page admin = Chromium.signIn(context, server.url(), "root", TestServer.ROOT_PASSWORD);
            admin.onDialog(d -> d.accept());
            admin.navigate(server.url() + "/admin");
            admin.locator("a[href='/admin/upstreams']").click();
            admin.locator("#upstream-add summary").click();
            admin.locator("#upstream-add select[name=package_type]").selectOption("npm");
            // the instance's upstreams may name the local network (a group's may not, by default)
            admin.locator("#upstream-add input[name=url]").fill("http://127.0.0.1:9/registry");
            admin.locator("#upstream-add button[type=submit]").click();
            assertThat(admin.locator("section.upstream > h2").allTextContents()).containsExactly("1. 127.0.0.1");
            JsonNode made = server.root().get("/api/v4/upstreams").json().get(0);
            assertThat(made.get("package_type").asString()).isEqualTo("npm");
            assertThat(made.get("group_id").isNull()).isTrue();
            assertThat(made.get("metadata_cache_validity_hours").asInt()).isEqualTo(24);

            // a group's owner is no administrator: no page, and a forged form changes nothing
            BrowserContext ownerContext = browser.newContext(new Browser.NewContextOptions().setBaseURL(server.url()));
            Page owner = Chromium.signIn(ownerContext, server.url(), "owner", "password-owner");
            assertThat(owner.navigate(server.url() + "/admin/upstreams").status()).isEqualTo(404);
            String csrf = owner.locator("input[name=csrf_token]").first().getAttribute("value");
            var forged = ownerContext.request().post(server.url() + "/admin/upstreams/" + made.get("id").asLong()
                    + "/delete", RequestOptions.create().setForm(FormData.create().set("csrf_token", csrf))
                    .setMaxRedirects(0));
            assertThat(forged.status()).isEqualTo(404);
            assertThat(server.root().get("/api/v4/upstreams").json().size()).isEqualTo(1);
            ownerContext.close();

            admin.locator("form[data-confirm^='Delete the upstream 127.0.0.1'] button").click();
            assertThat(server.root().get("/api/v4/upstreams").json().size()).isZero();
            context.close();
        }
    }
}
