package depot.it.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.FormData;
import com.microsoft.playwright.options.RequestOptions;
import depot.it.support.Api;
import depot.it.support.Backend;
import depot.it.support.Chromium;
import depot.it.support.OneStack;
import depot.it.support.NpmDocs;
import depot.it.support.PypiUploads;
import depot.it.support.TestServer;
import depot.it.support.Tools;
import depot.it.support.World;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The web UI in real headless Chromium: sign in, a group and a project with packages of several types, tabs, sort,
 * filter, paging, a detail page with a copied snippet and a downloaded file, deletes, a user without the right to
 * delete, and packages carrying script payloads. Screenshots go to target/screenshots.
 */
@OneStack
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebUiBrowserTest {
    static final Path SHOTS = Chromium.SHOTS;
    static final String XSS = "<script>window.__xss=1</script><img src=x onerror=\"window.__xss=2\">";

    TestServer server;
    Playwright playwright;
    Browser browser;
    long web;
    long npmPackage;
    World.Person leaver;

    @BeforeAll
    void setUp() throws Exception {
        Tools.require("chromium", "apt-get install chromium");
        server = new TestServer(Backend.SQLITE);
        World world = new World(server);
        long group = world.group("acme", "private");
        web = world.project(group, "web", "private");
        long py = world.project(group, "py", "private");
        World.Person dev = world.user("dev");
        world.member("groups", group, dev.id(), 30);
        world.user("stranger");
        leaver = world.user("leaver");
        Api root = server.root();
        for (int i = 1; i <= 24; i++) {
            assertThat(root.putBytes("/api/v4/projects/" + web + "/packages/generic/tool/1.0." + i + "/tool.bin",
                    ("tool " + i).getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(201);
        }
        root.putBytes("/api/v4/projects/" + web + "/packages/generic/bundle/2.0.0/a.txt", "alpha".getBytes());
        root.putBytes("/api/v4/projects/" + web + "/packages/generic/bundle/2.0.0/b.txt", "beta".getBytes());
        String json = "{\"name\":\"@acme/hello\",\"version\":\"1.0.0\",\"description\":\"" + XSS.replace("\"", "\\\"")
                + "\"}";
        String doc = NpmDocs.publish("@acme/hello", "1.0.0", NpmDocs.tarball(json))
                .replace("\"_attachments\"", "\"readme\":\"# Hello\\n\\n" + XSS.replace("\"", "\\\"")
                        + "\\n\\n[click](javascript:window.__xss=3)\\n\",\"_attachments\"")
                .replace("\"version\":\"1.0.0\",\"dist\"", "\"version\":\"1.0.0\",\"description\":\""
                        + XSS.replace("\"", "\\\"") + "\",\"dist\"");
        assertThat(root.put("/api/v4/projects/" + web + "/packages/npm/@acme%2fhello", doc).status()).isEqualTo(201);
        npmPackage = root.get("/api/v4/projects/" + web + "/packages?package_type=npm").json().get(0).get("id").asLong();
        assertThat(root.putBytes("/api/v4/projects/" + web + "/packages/maven/com/acme/lib/1.0/lib-1.0.pom",
                ("<project><artifactId>lib</artifactId><name>&lt;script&gt;window.__xss=4&lt;/script&gt;</name>"
                        + "</project>").getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(201);
        byte[] wheel = PypiUploads.wheel("acme-py", "0.1.0");
        assertThat(PypiUploads.upload(root, "/api/v4/projects/" + py + "/packages/pypi",
                PypiUploads.fields("acme-py", "0.1.0", wheel), "acme_py-0.1.0-py3-none-any.whl", wheel).status())
                .isEqualTo(201);
        Files.createDirectories(SHOTS);
        playwright = Playwright.create();
        browser = Chromium.launch(playwright);
    }

    @AfterAll
    void tearDown() throws Exception {
        if (browser != null) browser.close();
        if (playwright != null) playwright.close();
        if (server != null) server.close();
    }

    private Page signIn(BrowserContext context, String username, String password) {
        return Chromium.signIn(context, server.url(), username, password);
    }

    @Test
    void browse_sort_filter_page_copy_download_and_delete_as_an_owner() throws Exception {
        BrowserContext context = browser.newContext(new Browser.NewContextOptions().setAcceptDownloads(true)
                .setPermissions(List.of("clipboard-read", "clipboard-write")).setBaseURL(server.url()));
        Page page = signIn(context, "root", TestServer.ROOT_PASSWORD);
        page.onDialog(d -> d.accept());

        page.getByText("acme").first().click();
        // the group's home: its projects, each linked to its own home, and its pages
        assertThat(page.url()).endsWith("/acme");
        assertThat(page.locator("#projects-h + ul a").allTextContents()).containsExactly("acme/py", "acme/web");
        page.locator("p.related a", new Page.LocatorOptions().setHasText("Packages")).click();
        assertThat(page.url()).endsWith("/groups/acme/-/packages");
        assertThat(page.locator(".tabs a").allTextContents().stream().map(t -> t.replaceAll("[\\s\\d,+]+$", "")
                .trim())).containsExactly("All", "Generic", "Maven", "npm", "PyPI");
        assertThat(page.locator("table.packages tbody tr").count()).isEqualTo(20);
        page.locator("a[rel=next]").click();
        assertThat(page.locator("table.packages tbody tr").count()).isEqualTo(8);   // 28 packages in all
        page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve("group-list.png")).setFullPage(true));

        page.locator(".tabs a", new Page.LocatorOptions().setHasText("PyPI")).click();
        assertThat(page.locator("table.packages tbody tr td:first-child").allTextContents()).containsExactly("acme-py");
        page.locator(".tabs a", new Page.LocatorOptions().setHasText("All")).click();
        page.locator("a[data-sort=name]").click();
        assertThat(page.locator("table.packages tbody tr td:first-child").first().textContent()).isEqualTo("@acme/hello");
        page.locator("a[data-sort=name]").click();
        assertThat(page.locator("table.packages tbody tr td:first-child").first().textContent()).isEqualTo("tool");
        page.getByLabel("Filter by name").fill("bund");
        page.locator("form.filter button").click();
        assertThat(page.locator("table.packages tbody tr td:first-child").allTextContents()).containsExactly("bundle");

        page.locator("table.packages a", new Page.LocatorOptions().setHasText("bundle")).click();
        assertThat(page.locator("main > h1").textContent()).contains("bundle");
        assertThat(page.locator("nav.crumbs a").allTextContents()).containsExactly("acme", "web", "Packages",
                "bundle 2.0.0");
        Download download = page.waitForDownload(() -> page.locator("table.files a",
                new Page.LocatorOptions().setHasText("a.txt")).click());
        assertThat(Files.readString(download.path())).isEqualTo("alpha");
        page.locator("figure.snippet").first().locator("button.copy").click();
        String copied = (String) page.evaluate("navigator.clipboard.readText()");
        assertThat(copied).isEqualTo(page.locator("figure.snippet code").first().textContent());
        page.locator("tr", new Page.LocatorOptions().setHasText("b.txt")).locator("button.danger").click();
        assertThat(page.locator("table.files").textContent()).contains("a.txt").doesNotContain("b.txt");
        page.getByText("Delete package").click();
        assertThat(page.url()).endsWith("/acme/web/-/packages");
        assertThat(page.locator("table.packages").textContent()).doesNotContain("bundle");
        assertThat(server.root().get("/api/v4/projects/" + web + "/packages?package_name=bundle").json()).isEmpty();
        context.close();
    }

    @Test
    void a_developer_sees_no_delete_buttons_and_the_server_refuses_a_forged_delete() {
        BrowserContext context = browser.newContext(new Browser.NewContextOptions().setBaseURL(server.url()));
        Page page = signIn(context, "dev", "password-dev");
        page.navigate(server.url() + "/acme/web/-/packages/" + npmPackage);
        assertThat(page.locator("main > h1").textContent()).contains("@acme/hello");
        assertThat(page.locator("button.danger").count()).isZero();
        String csrf = page.locator("input[name=csrf_token]").first().getAttribute("value");

        var forged = context.request().post(server.url() + "/acme/web/-/packages/" + npmPackage + "/delete",
                RequestOptions.create().setForm(FormData.create().set("csrf_token", csrf)).setMaxRedirects(0));
        var noToken = context.request().post(server.url() + "/acme/web/-/packages/" + npmPackage + "/delete",
                RequestOptions.create().setForm(FormData.create().set("csrf_token", "wrong")).setMaxRedirects(0));

        assertThat(forged.status()).isEqualTo(403);
        assertThat(noToken.status()).isEqualTo(403);
        assertThat(server.root().get("/api/v4/projects/" + web + "/packages/" + npmPackage).status()).isEqualTo(200);
        context.close();
        BrowserContext anonymous = browser.newContext(new Browser.NewContextOptions().setBaseURL(server.url()));
        var hidden = anonymous.request().get(server.url() + "/acme/web/-/packages",
                RequestOptions.create().setMaxRedirects(0));
        assertThat(hidden.status()).isIn(302, 303);
        anonymous.close();

        BrowserContext strangerContext = browser.newContext(new Browser.NewContextOptions().setBaseURL(server.url()));
        Page stranger = signIn(strangerContext, "stranger", "password-stranger");
        assertThat(stranger.navigate(server.url() + "/acme/web/-/packages").status()).isEqualTo(404);
        assertThat(stranger.navigate(server.url() + "/acme/web/-/packages/" + npmPackage).status()).isEqualTo(404);
        assertThat(stranger.navigate(server.url() + "/groups/acme/-/packages").status()).isEqualTo(404);
        stranger.navigate(server.url() + "/");
        assertThat(stranger.locator("main").textContent()).doesNotContain("acme");
        stranger.getByText("Sign out").click();
        assertThat(stranger.getByText("Sign in").count()).isPositive();
        assertThat(stranger.navigate(server.url() + "/acme/web/-/packages").url())
                .endsWith("/users/sign_in?return_to=%2Facme%2Fweb%2F-%2Fpackages");
        strangerContext.close();
    }

    /**
     * Without JavaScript: signing in returns to the page that asked for it (and keeps the username after a failed
     * attempt, and never leaves the site); a delete asks on a page of its own, Cancel keeps the package, and the
     * list then says once what was deleted.
     */
    @Test
    void sign_in_returns_to_the_page_and_a_delete_asks_first_and_says_what_it_did_without_javascript() {
        World world = new World(server);
        long solo = world.project(world.group("solo", "private"), "p", "private");
        for (String v : List.of("1.0.0", "2.0.0")) {
            assertThat(server.root().putBytes("/api/v4/projects/" + solo + "/packages/generic/doomed/" + v + "/d.bin",
                    new byte[] {1}).status()).isEqualTo(201);
        }
        BrowserContext context = browser.newContext(new Browser.NewContextOptions().setBaseURL(server.url())
                .setJavaScriptEnabled(false));
        Page page = context.newPage();
        page.navigate(server.url() + "/solo/p/-/packages?order_by=version&sort=asc");
        assertThat(page.url()).contains("/users/sign_in?return_to=");
        page.locator("#username").fill("root");
        page.locator("#password").fill("not-the-password");
        page.locator("form.signin button").click();
        assertThat(page.locator("p.error").textContent()).contains("Invalid username or password");
        assertThat(page.locator("#username").inputValue()).isEqualTo("root");
        page.locator("#password").fill(TestServer.ROOT_PASSWORD);
        page.locator("form.signin button").click();
        assertThat(page.url()).endsWith("/solo/p/-/packages?order_by=version&sort=asc");

        page.locator("table.packages tbody tr").first().locator("button.danger").click();
        assertThat(page.locator("main > h1").textContent()).isEqualTo("Confirm");
        assertThat(page.locator("main p").first().textContent()).isEqualTo("Delete doomed 1.0.0?");
        page.getByText("Cancel").click();
        assertThat(page.url()).endsWith("/solo/p/-/packages?order_by=version&sort=asc");
        assertThat(page.locator("table.packages tbody tr").count()).isEqualTo(2);
        page.locator("table.packages tbody tr").first().locator("button.danger").click();
        page.getByText("Yes, go ahead").click();
        assertThat(page.locator("p.flash").textContent()).isEqualTo("Deleted doomed 1.0.0.");
        assertThat(page.locator("table.packages tbody tr td:nth-child(2)").allTextContents()).containsExactly("2.0.0");
        assertThat(server.root().get("/api/v4/projects/" + solo + "/packages").json().size()).isEqualTo(1);
        page.reload();
        assertThat(page.locator("p.flash").count()).as("said once").isZero();
        context.close();

        // a return_to naming another site, or a scheme, leads to the start page
        for (String away : List.of("//evil.example.org/x", "https://evil.example.org/", "/\\evil.example.org")) {
            BrowserContext other = browser.newContext(new Browser.NewContextOptions().setBaseURL(server.url()));
            Page p = other.newPage();
            p.navigate(server.url() + "/users/sign_in?return_to=" + java.net.URLEncoder.encode(away,
                    StandardCharsets.UTF_8));
            p.evaluate("v => document.querySelector('input[name=return_to]').value = v", away);
            p.locator("#username").fill("root");
            p.locator("#password").fill(TestServer.ROOT_PASSWORD);
            p.locator("form.signin button").click();
            assertThat(p.url()).as(away).isEqualTo(server.url() + "/");
            other.close();
        }
    }

    @Test
    void script_payloads_in_names_metadata_and_readmes_render_inert() throws Exception {
        BrowserContext context = browser.newContext(new Browser.NewContextOptions().setBaseURL(server.url()));
        Page page = signIn(context, "root", TestServer.ROOT_PASSWORD);
        page.navigate(server.url() + "/acme/web/-/packages/" + npmPackage);
        Locator readme = page.locator("section.readme");

        assertThat(readme.textContent()).contains("<script>window.__xss=1</script>");
        assertThat(page.locator("dl.meta").textContent()).contains("<script>window.__xss=1</script>");
        // the javascript: link is left as its text
        assertThat(readme.locator("a").count()).isZero();
        assertThat(readme.textContent()).contains("click");
        page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve("package-detail.png")).setFullPage(true));
        page.navigate(server.url() + "/acme/web/-/packages?type=maven");
        page.locator("table.packages a").first().click();
        assertThat(page.locator("dl.meta").textContent()).contains("<script>window.__xss=4</script>");

        assertThat(page.evaluate("typeof window.__xss")).isEqualTo("undefined");
        context.close();
    }

    @Test
    void maintainers_owners_and_admins_change_settings_and_others_cannot() {
        BrowserContext context = browser.newContext(new Browser.NewContextOptions().setBaseURL(server.url()));
        Page page = signIn(context, "root", TestServer.ROOT_PASSWORD);

        page.navigate(server.url() + "/acme/py/-/packages");
        page.getByText("Package settings").click();
        page.getByLabel("Packages: this project's package registry is enabled").uncheck();
        page.locator("form.settings button[type=submit]").click();
        assertThat(page.locator("[role=status]").textContent()).contains("Saved");
        assertThat(server.root().get("/api/v4/projects/acme%2Fpy").json().get("packages_enabled").asBoolean()).isFalse();
        page.getByLabel("Packages: this project's package registry is enabled").check();
        page.locator("form.settings button[type=submit]").click();
        assertThat(server.root().get("/api/v4/projects/acme%2Fpy").json().get("packages_enabled").asBoolean()).isTrue();

        page.navigate(server.url() + "/groups/acme/-/packages");
        page.getByText("Package settings").click();
        page.getByLabel("Allow duplicate generic packages").uncheck();
        page.getByLabel("Exception pattern for generic").fill("-SNAPSHOT$");
        page.locator("form.settings button[type=submit]").click();
        var settings = server.root().get("/api/v4/groups/acme/package_settings").json();
        assertThat(settings.get("generic_duplicates_allowed").asBoolean()).isFalse();
        assertThat(settings.get("generic_duplicate_exception_regex").asString()).isEqualTo("-SNAPSHOT$");

        page.getByText("Admin area").click();
        assertThat(page.locator("section[aria-labelledby=users-h]").textContent()).contains("root", "dev");
        assertThat(page.locator("section[aria-labelledby=storage-h]").textContent()).contains("acme/web", "acme/py");
        page.onDialog(d -> d.accept());
        page.locator("tr[data-user=leaver] button").click();
        assertThat(page.locator("tr[data-user=leaver]").textContent()).contains("blocked");
        assertThat(server.as("Private-Token", leaver.token()).get("/api/v4/user").status()).isEqualTo(401);
        page.locator("tr[data-user=leaver] button").click();
        assertThat(server.as("Private-Token", leaver.token()).get("/api/v4/user").status()).isEqualTo(200);
        page.getByLabel("Username").fill("newcomer");
        page.getByLabel("Email").fill("newcomer@example.com");
        page.getByLabel("Password (at least 8 characters)").fill("short");
        page.evaluate("document.querySelector('#new-password').removeAttribute('minlength')");
        page.getByText("Create user").click();
        assertThat(page.locator("[role=alert]").textContent()).contains("password is too short");
        page.getByLabel("Username").fill("newcomer");
        page.getByLabel("Email").fill("newcomer@example.com");
        page.getByLabel("Password (at least 8 characters)").fill("newcomer-password");
        page.getByText("Create user").click();
        assertThat(page.locator("tr[data-user=newcomer]").textContent()).contains("active");
        assertThat(server.as("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                "newcomer:newcomer-password".getBytes())).get("/api/v4/user").json().get("username").asString())
                .isEqualTo("newcomer");
        page.getByLabel("The package registry is enabled for this instance").uncheck();
        page.locator("form.settings button[type=submit]").click();
        assertThat(server.root().get("/api/v4/projects/" + web + "/packages/npm/@acme%2fhello").status()).isEqualTo(404);
        page.getByLabel("The package registry is enabled for this instance").check();
        page.locator("form.settings button[type=submit]").click();
        assertThat(server.root().get("/api/v4/projects/" + web + "/packages/npm/@acme%2fhello").status()).isEqualTo(200);
        context.close();

        BrowserContext devContext = browser.newContext(new Browser.NewContextOptions().setBaseURL(server.url()));
        Page dev = signIn(devContext, "dev", "password-dev");
        assertThat(dev.navigate(server.url() + "/acme/web/-/settings/packages").status()).isEqualTo(403);
        assertThat(dev.navigate(server.url() + "/groups/acme/-/settings/packages").status()).isEqualTo(403);
        assertThat(dev.navigate(server.url() + "/admin").status()).isEqualTo(404);
        dev.navigate(server.url() + "/acme/web/-/packages");
        assertThat(dev.getByText("Package settings").count()).isZero();
        devContext.close();
    }

    /** Package protection rules in the project's settings: added, enforced, refused when invalid, removed. */
    @Test
    void maintainers_protect_packages_in_the_settings_page() {
        // a group of its own: the other tests count the packages of acme
        World world = new World(server);
        long fort = world.group("fort", "private");
        world.project(fort, "guarded", "private");
        world.member("groups", fort, server.root().get("/api/v4/users?username=dev").json().get(0).get("id").asLong(), 30);
        BrowserContext context = browser.newContext(new Browser.NewContextOptions().setBaseURL(server.url()));
        Page page = signIn(context, "root", TestServer.ROOT_PASSWORD);
        page.navigate(server.url() + "/fort/guarded/-/settings/packages");
        assertThat(page.locator("#protected-packages + p + table").textContent()).contains("No package is protected");

        page.getByLabel("Name pattern").fill("locked-*");
        page.getByLabel("Package type").selectOption("generic");
        page.getByLabel("Minimum role to push").selectOption("owner");
        page.getByText("Add protection rule").click();
        assertThat(page.locator("[role=status]").textContent()).contains("Saved");
        assertThat(page.locator("#protected-packages + p + table").textContent()).contains("locked-*", "owner");
        Api dev = server.as("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                "dev:password-dev".getBytes()));
        String py = "/api/v4/projects/fort%2Fguarded/packages/generic/";
        assertThat(dev.putBytes(py + "locked-tool/1.0.0/a.bin", new byte[] {1}).status()).isEqualTo(403);
        assertThat(dev.putBytes(py + "open-tool/1.0.0/a.bin", new byte[] {1}).status()).isEqualTo(201);

        page.getByLabel("Name pattern").fill("locked-*");
        page.getByLabel("Package type").selectOption("generic");
        page.getByLabel("Minimum role to push").selectOption("maintainer");
        page.getByText("Add protection rule").click();
        assertThat(page.locator("[role=alert]").textContent()).contains("already been taken");

        page.getByLabel("Delete the rule for locked-*").click();
        assertThat(page.locator("#protected-packages + p + table").textContent()).contains("No package is protected");
        assertThat(dev.putBytes(py + "locked-tool/1.0.0/a.bin", new byte[] {1}).status()).isEqualTo(201);
        context.close();

        // a maintainer sees no Delete button for a package whose rule leaves deleting to owners
        World.Person warden = world.user("warden");
        world.member("groups", fort, warden.id(), 40);
        assertThat(server.root().post("/api/v4/projects/fort%2Fguarded/packages/protection/rules", Map.of(
                "package_name_pattern", "locked-*", "package_type", "generic", "minimum_access_level_for_delete", "owner"))
                .status()).isEqualTo(201);
        BrowserContext wardenContext = browser.newContext(new Browser.NewContextOptions().setBaseURL(server.url()));
        Page w = signIn(wardenContext, "warden", "password-warden");
        w.navigate(server.url() + "/fort/guarded/-/packages");
        assertThat(w.locator("tr", new Page.LocatorOptions().setHasText("open-tool")).locator("button.danger").count())
                .isEqualTo(1);
        assertThat(w.locator("tr", new Page.LocatorOptions().setHasText("locked-tool")).locator("button.danger").count())
                .isZero();
        w.locator("a", new Page.LocatorOptions().setHasText("locked-tool")).first().click();
        assertThat(w.getByText("Delete package").count()).isZero();
        wardenContext.close();
    }

    /**
     * axe-core (Deque's engine, through its Playwright integration) finds no WCAG 2 A/AA violation on the main pages,
     * every control is reachable by keyboard with a visible focus ring, and the list fits a phone's width.
     */
    @Test
    void pages_pass_an_accessibility_audit_and_fit_a_phone() {
        BrowserContext context = browser.newContext(new Browser.NewContextOptions().setBaseURL(server.url()));
        Page page = signIn(context, "root", TestServer.ROOT_PASSWORD);
        List<String> pages = List.of("/", "/acme", "/acme/web", "/groups/acme/-/packages", "/acme/web/-/packages",
                "/acme/web/-/packages/" + npmPackage, "/acme/web/-/settings/packages", "/groups/acme/-/settings/packages",
                "/admin", "/acme/web/-/container_registry", "/users/sign_in");
        for (String path : pages) {
            page.navigate(server.url() + path);
            var results = new com.deque.html.axecore.playwright.AxeBuilder(page)
                    .withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")).analyze();
            assertThat(results.getViolations()).as(path + ": " + results.getViolations().stream()
                    .map(v -> v.getId() + " " + v.getNodes().stream().map(n -> n.getHtml()).toList()).toList())
                    .isEmpty();
            assertThat(results.getPasses()).as("axe ran its rules on " + path).hasSizeGreaterThan(10);
        }
        page.navigate(server.url() + "/acme/web/-/packages");
        page.keyboard().press("Tab");
        String first = (String) page.evaluate("document.activeElement.outerHTML");
        String outline = (String) page.evaluate("getComputedStyle(document.activeElement).outlineStyle");
        assertThat(first).startsWith("<a");
        assertThat(outline).isNotEqualTo("none");
        context.close();

        BrowserContext phone = browser.newContext(new Browser.NewContextOptions().setBaseURL(server.url())
                .setViewportSize(390, 844).setIsMobile(true).setHasTouch(true));
        Page small = signIn(phone, "root", TestServer.ROOT_PASSWORD);
        small.navigate(server.url() + "/acme/web/-/packages");
        small.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve("phone-list.png")).setFullPage(true));
        // every page fits the phone's width (a wide table scrolls inside itself), and no action is hidden
        List<String> every = new java.util.ArrayList<>(pages);
        every.addAll(List.of("/groups/acme/-/upstreams", "/admin/upstreams", "/groups/acme/-/dependency_proxy"));
        for (String kind : List.of("maven", "pypi", "generic")) {
            every.add("/acme/" + (kind.equals("pypi") ? "py" : "web") + "/-/packages/" + server.root().get(
                    "/api/v4/groups/acme/packages?package_type=" + kind).json().get(0).get("id").asLong());
        }
        for (String path : every) {
            small.navigate(server.url() + path);
            Object overflow = small.evaluate("document.documentElement.scrollWidth - window.innerWidth");
            assertThat(((Number) overflow).intValue()).as("sideways scroll at 390 px on " + path).isLessThanOrEqualTo(0);
            for (var button : small.locator("button.danger").all()) {
                assertThat(button.isVisible()).as("an action hidden at 390 px on " + path).isTrue();
            }
        }
        phone.close();
    }
}
