package depot.it.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.FormData;
import com.microsoft.playwright.options.RequestOptions;
import depot.it.support.Api;
import depot.it.support.Backend;
import depot.it.support.Chromium;
import depot.it.support.OneStack;
import depot.it.support.OciRequests;
import depot.it.support.TestServer;
import depot.it.support.World;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The container pages in real Chromium: a project's repositories and tags with a tag delete, a group's dependency
 * proxy cache with its purge, and a developer who sees no delete button and whose forged delete is refused. The
 * proxy's upstream is a second Depot serving a public image.
 */
@OneStack
class ContainerPagesBrowserTest {

    @Test
    void a_maintainer_browses_images_deletes_a_tag_and_purges_the_proxy_cache_a_developer_cannot() throws Exception {
        try (TestServer upstream = new TestServer(Backend.SQLITE)) {
            World up = new World(upstream);
            up.project(up.group("pub", "public"), "img", "public");
            OciRequests.image(upstream.root(), "pub/img", "1", "upstream");
            try (TestServer server = new TestServer(Backend.SQLITE, Map.of("dependency_proxy_upstream", upstream.url()));
                 Playwright playwright = Playwright.create()) {
                World world = new World(server);
                long group = world.group("acme", "private");
                world.project(group, "app", "private");
                World.Person maint = world.user("maint");
                World.Person dev = world.user("dev");
                world.member("groups", group, maint.id(), 40);
                world.member("groups", group, dev.id(), 30);
                Api root = server.root();
                OciRequests.image(root, "acme/app/web", "v1", "one");
                OciRequests.image(root, "acme/app/web", "v2", "two");
                OciRequests.image(root, "acme/app", "latest", "root image");
                assertThat(root.get("/v2/acme/dependency_proxy/containers/pub/img/manifests/1").status()).isEqualTo(200);
                Browser browser = Chromium.launch(playwright);
                Files.createDirectories(Chromium.SHOTS);

                BrowserContext context = browser.newContext(new Browser.NewContextOptions().setBaseURL(server.url())
                        .setPermissions(java.util.List.of("clipboard-read", "clipboard-write")));
                Page page = Chromium.signIn(context, server.url(), "maint", "password-maint");
                page.onDialog(d -> d.accept());
                page.navigate(server.url() + "/acme/app/-/packages");
                page.getByText("Container registry").click();
                assertThat(page.locator("section.repository h2").allTextContents())
                        .containsExactly("acme/app", "acme/app/web");
                assertThat(page.locator("section.repository").nth(1).locator("table.tags tbody tr td:first-child")
                        .allTextContents()).containsExactly("v1", "v2");
                page.screenshot(new Page.ScreenshotOptions().setPath(Chromium.SHOTS.resolve("container-registry.png"))
                        .setFullPage(true));
                page.locator("form[data-confirm='Delete tag v2 of acme/app/web?'] button").click();
                assertThat(page.locator("section.repository").nth(1).locator("table.tags tbody tr td:first-child")
                        .allTextContents()).containsExactly("v1");
                assertThat(root.get("/v2/acme/app/web/manifests/v2").status()).isEqualTo(404);
                assertThat(page.locator("p.flash").textContent()).isEqualTo("Deleted tag v2.");

                // each tag: its pull command and its full digest, in fields to select and with copy buttons
                var web = page.locator("section.repository").nth(1).locator("table.tags tbody tr").first();
                String host = server.url().replaceFirst("^https?://", "");
                assertThat(web.locator("input[aria-label='Pull command of acme/app/web:v1']").inputValue())
                        .isEqualTo("docker pull " + host + "/acme/app/web:v1");
                String digest = web.locator("input[aria-label='Digest of acme/app/web:v1']").inputValue();
                assertThat(digest).matches("sha256:[0-9a-f]{64}")
                        .isEqualTo(root.head("/v2/acme/app/web/manifests/v1").header("Docker-Content-Digest"));
                web.locator("button[aria-label='Copy Digest of acme/app/web:v1']").click();
                assertThat(page.evaluate("navigator.clipboard.readText()")).isEqualTo(digest);

                // a whole repository, after its confirmation
                page.locator("button[aria-label='Delete repository acme/app and its 1 tag']").click();
                assertThat(page.locator("p.flash").textContent()).isEqualTo("Deleted repository acme/app.");
                assertThat(page.locator("section.repository h2").allTextContents()).containsExactly("acme/app/web");
                assertThat(root.get("/v2/acme/app/manifests/latest").status()).isEqualTo(404);

                page.navigate(server.url() + "/groups/acme/-/packages");
                page.getByText("Dependency proxy").click();
                assertThat(page.locator("table.proxy tbody tr td:first-child").allTextContents())
                        .containsExactly("pub/img:1");
                page.screenshot(new Page.ScreenshotOptions().setPath(Chromium.SHOTS.resolve("dependency-proxy.png"))
                        .setFullPage(true));
                page.getByText("Clear the cache").click();
                assertThat(page.locator(".empty").textContent()).contains("Nothing cached");
                context.close();

                BrowserContext devContext = browser.newContext(new Browser.NewContextOptions().setBaseURL(server.url()));
                Page devPage = Chromium.signIn(devContext, server.url(), "dev", "password-dev");
                devPage.navigate(server.url() + "/acme/app/-/container_registry");
                assertThat(devPage.locator("table.tags tbody tr").count()).isEqualTo(1);
                assertThat(devPage.locator("button.danger").count()).isZero();
                String csrf = devPage.locator("input[name=csrf_token]").first().getAttribute("value");
                long repository = repositoryId(devPage);
                var forged = devContext.request().post(server.url() + "/acme/app/-/container_registry/" + repository
                        + "/tags/v1/delete", RequestOptions.create().setForm(FormData.create().set("csrf_token", csrf))
                        .setMaxRedirects(0));
                var forgedRepository = devContext.request().post(server.url() + "/acme/app/-/container_registry/"
                        + repository + "/delete", RequestOptions.create().setForm(FormData.create()
                        .set("csrf_token", csrf).set("confirmed", "yes")).setMaxRedirects(0));
                devPage.navigate(server.url() + "/groups/acme/-/dependency_proxy");
                var purge = devContext.request().post(server.url() + "/groups/acme/-/dependency_proxy/purge",
                        RequestOptions.create().setForm(FormData.create().set("csrf_token", csrf)).setMaxRedirects(0));

                assertThat(forged.status()).isEqualTo(403);
                assertThat(forgedRepository.status()).isEqualTo(403);
                assertThat(root.get("/v2/acme/app/web/manifests/v1").status()).isEqualTo(200);
                assertThat(devPage.locator("form[action$='/purge']").count()).isZero();
                assertThat(purge.status()).isEqualTo(403);
                devContext.close();

                BrowserContext adminContext = browser.newContext(new Browser.NewContextOptions().setBaseURL(server.url()));
                Page admin = Chromium.signIn(adminContext, server.url(), "root", TestServer.ROOT_PASSWORD);
                admin.navigate(server.url() + "/admin");
                assertThat(admin.locator("section[aria-labelledby=storage-h] tbody tr").first().textContent())
                        .contains("acme/app").contains(" B");
                // a long tag scrolls inside its table, not the page
                OciRequests.image(root, "acme/app/web", "release-candidate-2026-long-tag-name-for-wrapping-test", "long");
                admin.setViewportSize(1280, 900);
                admin.navigate(server.url() + "/acme/app/-/container_registry");
                assertThat(admin.locator("table.tags code", new Page.LocatorOptions()
                        .setHasText("release-candidate-2026")).count()).isEqualTo(1);
                Object overflow = admin.evaluate("document.documentElement.scrollWidth - window.innerWidth");
                assertThat(((Number) overflow).intValue()).as("sideways scroll at 1280 px").isLessThanOrEqualTo(0);
                adminContext.close();
                browser.close();
            }
        }
    }

    /** The id of acme/app/web, read from its section's heading id. */
    private static long repositoryId(Page page) {
        String id = page.locator("section.repository h2", new Page.LocatorOptions().setHasText("acme/app/web"))
                .getAttribute("id");
        return Long.parseLong(id.substring("repo-".length()));
    }
}
