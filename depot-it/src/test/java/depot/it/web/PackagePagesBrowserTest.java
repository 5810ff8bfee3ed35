package depot.it.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The package list and detail pages as a team reads them, in real Chromium: type tabs with readable names and
 * counts, pages with a total and first/last links, who published from which pipeline (linked to the CI server), sizes
 * and relative times, one activity line per publish, every version in its format's order, dependencies of npm, Maven
 * and PyPI packages, a GitHub-flavoured README with highlighted code, the packages-off page, and all of it without
 * JavaScript and with script payloads in every new field.
 */
@OneStack
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PackagePagesBrowserTest {
    private static final String XSS = "<script>window.__xss=1</script>";
    private static final String CI = "https://ci.example.test";

    TestServer server;
    Playwright playwright;
    Browser browser;
    long app;
    long offProject;

    @BeforeAll
    void setUp() throws Exception {
        Tools.require("chromium", "apt-get install chromium");
        server = new TestServer(Backend.SQLITE, Map.of("ci_url", CI + "/"));
        World world = new World(server);
        long shop = world.group("shop", "private");
        app = world.project(shop, "app", "private");
        offProject = world.project(shop, "quiet", "private");
        World.Person maint = world.user("maint");
        World.Person dev = world.user("dev");
        world.member("groups", shop, maint.id(), 40);
        world.member("groups", shop, dev.id(), 30);
        Api root = server.root();
        String base = "/api/v4/projects/" + app + "/packages/";

        // one publish of three files from a CI job whose ref carries a script
        Api.Response job = root.post("/api/v4/projects/" + app + "/jobs", Map.of("user_id", dev.id(),
                "pipeline_id", 4242, "ref", "feature/" + XSS, "sha", "0123abcd" + "e".repeat(32), "name", "release"));
        assertThat(job.status()).as(job.body()).isEqualTo(201);
        Api ci = server.as("Job-Token", job.json().get("token").asString());
        assertThat(ci.putBytes(base + "generic/tool/1.0.0/tool-linux.tar.gz", new byte[3000]).status()).isEqualTo(201);
        assertThat(ci.putBytes(base + "generic/tool/1.0.0/tool-linux.tar.gz.sha256", "ab".getBytes()).status())
                .isEqualTo(201);
        assertThat(ci.putBytes(base + "generic/tool/1.0.0/notes.txt", "notes".getBytes()).status()).isEqualTo(201);
        for (String f : List.of("tool-linux.tar.gz", "tool-linux.tar.gz", "notes.txt")) {
            assertThat(root.get(base + "generic/tool/1.0.0/" + f).status()).isEqualTo(200);
        }
        for (int i = 0; i < 120; i++) {
            assertThat(root.putBytes(base + "generic/many/1.0." + i + "/m.bin", new byte[] {1}).status()).isEqualTo(201);
        }
        // npm versions published out of order; string order would put 10.0.0 between 1.2.0 and 2.0.0-rc.1
        for (String v : List.of("1.2.0", "10.0.0", "2.0.0-rc.1")) {
            String readme = "# left\\n\\n| Option | Default |\\n|---|---|\\n| `depth` | 3 |\\n\\n- [x] typed\\n\\n"
                    + "```js\\nconst left = require('left');\\n```\\n";
            String doc = NpmDocs.publish("left", v, NpmDocs.tarball("left", v))
                    .replace("\"version\":\"" + v + "\",\"dist\"", "\"version\":\"" + v + "\",\"dependencies\":{"
                            + "\"pad-" + XSS.replace("\"", "\\\"") + "\":\"^1.0.0\",\"chalk\":\"^5.3.0\"},"
                            + "\"devDependencies\":{\"jest\":\"^29.7.0\"},\"dist\"")
                    .replace("\"_attachments\"", "\"readme\":\"" + readme + "\",\"_attachments\"");
            assertThat(root.put(base + "npm/left", doc).status()).isEqualTo(201);
        }
        String pom = "<project><groupId>com.shop</groupId><artifactId>svc</artifactId><version>1.0</version>"
                + "<dependencies><dependency><groupId>org.slf4j</groupId><artifactId>slf4j-api</artifactId>"
                + "<version>2.0.17</version></dependency><dependency><groupId>org.junit.jupiter</groupId>"
                + "<artifactId>junit-jupiter</artifactId><version>5.13.4</version><scope>test</scope></dependency>"
                + "</dependencies></project>";
        assertThat(root.putBytes(base + "maven/com/shop/svc/1.0/svc-1.0.pom", pom.getBytes(StandardCharsets.UTF_8))
                .status()).isEqualTo(201);
        // as twine sends them: the wheel, then an sdist whose PKG-INFO leaves Requires-Dist out
        byte[] meta = (PypiUploads.metadata("shop-py", "0.3.0") + "Requires-Dist: requests (>=2.31)\n"
                + "Requires-Dist: pysocks>=1.7; extra == \"socks\"\nDescription-Content-Type: text/markdown\n\n"
                + "# shop-py\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n[x](javascript:window.__xss=5) " + XSS + "\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] wheel = PypiUploads.wheel("shop_py", "0.3.0", meta);
        assertThat(PypiUploads.upload(root, base + "pypi", PypiUploads.fields("shop-py", "0.3.0", wheel),
                "shop_py-0.3.0-py3-none-any.whl", wheel).status()).isEqualTo(201);
        byte[] sdist = sdist("shop-py-0.3.0/PKG-INFO", PypiUploads.metadata("shop-py", "0.3.0"));
        Map<String, String> sdistFields = new java.util.LinkedHashMap<>(PypiUploads.fields("shop-py", "0.3.0", sdist));
        sdistFields.put("filetype", "sdist");
        assertThat(PypiUploads.upload(root, base + "pypi", sdistFields, "shop_py-0.3.0.tar.gz", sdist).status())
                .isEqualTo(201);
        assertThat(root.putBytes("/api/v4/projects/" + offProject + "/packages/generic/hushed/1.0/h.bin", new byte[] {1})
                .status()).isEqualTo(201);
        assertThat(root.put("/api/v4/projects/" + offProject, Map.of("packages_enabled", false)).status()).isEqualTo(200);
        long open = world.project(world.group("open", "public"), "lib", "public");
        // (another name: shop/app owns "left" at instance scope)
        assertThat(root.put("/api/v4/projects/" + open + "/packages/npm/right", NpmDocs.publish("right", "0.1.0",
                NpmDocs.tarball("right", "0.1.0"))).status()).isEqualTo(201);
        playwright = Playwright.create();
        browser = Chromium.launch(playwright);
    }

    private static byte[] sdist(String path, String text) throws java.io.IOException {
        byte[] content = text.getBytes(StandardCharsets.UTF_8);
        var bytes = new java.io.ByteArrayOutputStream();
        try (var tar = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(
                new java.util.zip.GZIPOutputStream(bytes))) {
            var entry = new org.apache.commons.compress.archivers.tar.TarArchiveEntry(path);
            entry.setSize(content.length);
            tar.putArchiveEntry(entry);
            tar.write(content);
            tar.closeArchiveEntry();
        }
        return bytes.toByteArray();
    }

    @AfterAll
    void tearDown() throws Exception {
        if (browser != null) browser.close();
        if (playwright != null) playwright.close();
        if (server != null) server.close();
    }

    private long id(String type, String name, String version) {
        for (var p : server.root().get("/api/v4/projects/" + app + "/packages?per_page=100&package_type=" + type
                + "&package_name=" + name).json()) {
            if (p.get("name").asString().equals(name) && p.get("version").asString().equals(version)) {
                return p.get("id").asLong();
            }
        }
        throw new AssertionError(type + " " + name + " " + version + " is not stored");
    }

    @Test
    void the_list_has_named_tabs_with_counts_totals_first_and_last_pages_and_the_publishing_pipeline() {
        BrowserContext context = browser.newContext(new Browser.NewContextOptions().setBaseURL(server.url()));
        Page page = Chromium.signIn(context, server.url(), "maint", "password-maint");
        page.navigate(server.url() + "/shop/app/-/packages");
        assertThat(page.locator(".tabs a").allTextContents().stream().map(t -> t.replaceAll("\\s+", " ").trim()))
                .containsExactly("All 126", "Generic 121", "Maven 1", "npm 3", "PyPI 1");
        assertThat(page.locator(".pages .position").textContent()).isEqualTo("Page 1 of 7 · 126 packages");
        assertThat(page.locator("a[rel=first]").count()).isZero();
        page.locator("a[rel=last]").click();
        assertThat(page.locator("table.packages tbody tr").count()).isEqualTo(6);
        assertThat(page.locator(".pages .position").textContent()).startsWith("Page 7 of 7");
        assertThat(page.locator("a[rel=next]").count()).isZero();
        page.locator("a[rel=first]").click();
        assertThat(page.locator(".pages .position").textContent()).startsWith("Page 1 of 7");

        page.locator(".tabs a[data-type=npm]").click();
        assertThat(page.locator(".pages .position").textContent()).isEqualTo("Page 1 of 1 · 3 packages");
        // sorted by version in a version order, not as text
        page.locator("a[data-sort=version]").click();
        assertThat(page.locator("table.packages tbody tr td:nth-child(2)").allTextContents())
                .containsExactly("1.2.0", "2.0.0-rc.1", "10.0.0");
        page.locator("a[data-sort=version]").click();
        assertThat(page.locator("table.packages tbody tr td:nth-child(2)").allTextContents())
                .containsExactly("10.0.0", "2.0.0-rc.1", "1.2.0");
        page.navigate(server.url() + "/shop/app/-/packages?name=tool");
        Locator row = page.locator("table.packages tbody tr").first();
        assertThat(row.locator(".publish").textContent().replaceAll("\\s+", " "))
                .isEqualTo("by dev · pipeline #4242 on feature/" + XSS + " (0123abcd)");
        assertThat(row.locator(".publish a").first().getAttribute("href")).isEqualTo(CI + "/shop/app/-/pipelines/4242");
        assertThat(row.locator(".publish a").nth(1).getAttribute("href"))
                .isEqualTo(CI + "/shop/app/-/commit/0123abcd" + "e".repeat(32));
        Locator time = row.locator("time");
        assertThat(time.textContent()).matches("just now|\\d+ minutes? ago");
        assertThat(time.getAttribute("title")).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC");
        assertThat(time.getAttribute("datetime")).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(row.locator("button.danger").getAttribute("aria-label")).isEqualTo("Delete tool 1.0.0");

        // the group list counts the same way, across its projects
        page.navigate(server.url() + "/groups/shop/-/packages");
        assertThat(page.locator(".tabs a").first().textContent().replaceAll("\\s+", " ").trim()).isEqualTo("All 126");
        assertThat(page.evaluate("typeof window.__xss")).isEqualTo("undefined");
        context.close();
    }

    @Test
    void a_detail_page_tells_one_publish_once_with_sizes_times_and_the_main_file_in_its_snippet() {
        BrowserContext context = browser.newContext(new Browser.NewContextOptions().setBaseURL(server.url()));
        Page page = Chromium.signIn(context, server.url(), "dev", "password-dev");
        page.navigate(server.url() + "/shop/app/-/packages/" + id("generic", "tool", "1.0.0"));
        assertThat(page.locator("p.summary .badge").textContent()).isEqualTo("Generic");
        assertThat(page.locator("p.summary .publish a").first().getAttribute("href"))
                .isEqualTo(CI + "/shop/app/-/pipelines/4242");
        assertThat(page.locator("ul.activity li").count()).isEqualTo(1);
        assertThat(page.locator("ul.activity li").textContent()).startsWith("Published 3 files")
                .contains("pipeline #4242 on feature/" + XSS);
        Locator size = page.locator("table.files tr", new Page.LocatorOptions().setHasText("tool-linux.tar.gz "))
                .locator("td:nth-child(2) span");
        assertThat(size.first().textContent()).isEqualTo("2.9 KiB");
        assertThat(size.first().getAttribute("title")).isEqualTo("3,000 bytes");
        // downloads: of each file, in all, and per day in a chart drawn on the server
        assertThat(page.locator("p.summary .downloads").textContent()).isEqualTo("3 downloads");
        assertThat(rows(page, "table.files").stream().map(r -> r.get(0) + "=" + r.get(3)).toList())
                .containsExactly("tool-linux.tar.gz=2", "tool-linux.tar.gz.sha256=0", "notes.txt=1");
        Locator chart = page.locator("#downloads-h + svg.chart");
        assertThat(chart.locator("rect").count()).isEqualTo(30);
        assertThat(chart.locator("rect").last().getAttribute("data-count")).isEqualTo("3");
        assertThat(chart.locator("title").first().textContent()).endsWith(": 3 in all");
        assertThat(page.locator("figure.snippet code").first().textContent())
                .endsWith("/1.0.0/tool-linux.tar.gz\"").doesNotContain("notes.txt");
        assertThat(page.locator("button.danger").count()).as("a developer deletes nothing").isZero();

        // every version, 100 at first and then all of them, newest first in the format's order
        page.navigate(server.url() + "/shop/app/-/packages/" + id("generic", "many", "1.0.7"));
        assertThat(page.locator("#versions-h").textContent()).contains("120");
        assertThat(page.locator("table.versions tbody tr").count()).isEqualTo(100);
        page.getByText("Show all 120 versions").click();
        assertThat(page.locator("table.versions tbody tr").count()).isEqualTo(120);
        assertThat(page.locator("table.versions tbody tr td:first-child a").first().textContent()).isEqualTo("1.0.119");
        assertThat(page.locator("table.versions a[aria-current=page]").textContent()).isEqualTo("1.0.7");
        context.close();
    }

    @Test
    void npm_maven_and_pypi_dependencies_versions_in_semver_order_and_a_github_flavoured_readme() {
        BrowserContext context = browser.newContext(new Browser.NewContextOptions().setBaseURL(server.url()));
        Page page = Chromium.signIn(context, server.url(), "maint", "password-maint");
        page.navigate(server.url() + "/shop/app/-/packages/" + id("npm", "left", "10.0.0"));
        assertThat(page.locator("table.versions tbody tr td:first-child a").allTextContents())
                .containsExactly("10.0.0", "2.0.0-rc.1", "1.2.0");
        assertThat(rows(page, "table.dependencies")).containsExactly(
                List.of("pad-" + XSS, "^1.0.0", ""), List.of("chalk", "^5.3.0", ""), List.of("jest", "^29.7.0", "dev"));
        Locator readme = page.locator("section.readme");
        assertThat(readme.locator("table td").allTextContents()).containsExactly("depth", "3");
        assertThat(readme.locator("input[type=checkbox][checked]").count()).isEqualTo(1);
        assertThat(readme.locator("pre code.language-js").getAttribute("class")).contains("hljs");
        assertThat(readme.locator("pre code .hljs-keyword").first().textContent()).isEqualTo("const");
        assertThat(page.locator("button[aria-label='Delete left 10.0.0']").count()).isEqualTo(1);
        page.screenshot(new Page.ScreenshotOptions().setPath(Chromium.SHOTS.resolve("package-detail-npm.png"))
                .setFullPage(true));

        page.navigate(server.url() + "/shop/app/-/packages/" + id("maven", "com/shop/svc", "1.0"));
        assertThat(rows(page, "table.dependencies")).containsExactly(List.of("org.slf4j:slf4j-api", "2.0.17", "compile"),
                List.of("org.junit.jupiter:junit-jupiter", "5.13.4", "test"));
        page.navigate(server.url() + "/shop/app/-/packages/" + id("pypi", "shop-py", "0.3.0"));
        assertThat(rows(page, "table.dependencies")).containsExactly(List.of("requests", ">=2.31", ""),
                List.of("pysocks", ">=1.7", "extra socks"));
        assertThat(page.locator("table.files tbody tr").count()).isEqualTo(2);
        assertThat(page.locator("section.readme table td").allTextContents()).containsExactly("1", "2");
        assertThat(page.locator("section.readme").textContent()).contains(XSS);
        assertThat(page.evaluate("typeof window.__xss")).isEqualTo("undefined");
        context.close();
    }

    private static List<List<String>> rows(Page page, String table) {
        return page.locator(table + " tbody tr").all().stream()
                .map(tr -> tr.locator("td").allTextContents().stream().map(String::trim).toList()).toList();
    }

    @Test
    void without_javascript_the_text_to_copy_stays_selectable_and_the_pages_work() {
        BrowserContext context = browser.newContext(new Browser.NewContextOptions().setBaseURL(server.url())
                .setJavaScriptEnabled(false));
        Page page = Chromium.signIn(context, server.url(), "maint", "password-maint");
        page.navigate(server.url() + "/shop/app/-/packages/" + id("npm", "left", "1.2.0"));
        assertThat(page.locator("figure.snippet button.copy").first().isVisible()).isFalse();
        assertThat(page.locator("figure.snippet pre").first().isVisible()).isTrue();
        assertThat(page.locator("figure.snippet pre").first().getAttribute("tabindex")).isEqualTo("0");
        assertThat(page.locator("section.readme pre code").textContent()).contains("const left");
        page.navigate(server.url() + "/shop/app/-/packages");
        page.locator("a[rel=last]").click();
        assertThat(page.locator(".pages .position").textContent()).startsWith("Page 7 of 7");
        // the skip link is the first stop on every page
        page.keyboard().press("Tab");
        assertThat(page.evaluate("document.activeElement.textContent")).isEqualTo("Skip to content");
        context.close();
    }

    @Test
    void settings_pages_show_storage_by_type_and_by_project_with_a_chart() {
        BrowserContext context = browser.newContext(new Browser.NewContextOptions().setBaseURL(server.url()));
        Page page = Chromium.signIn(context, server.url(), "maint", "password-maint");
        page.navigate(server.url() + "/shop/app/-/settings/packages");
        List<List<String>> types = rows(page, "table.storage-types");
        assertThat(types).extracting(r -> r.get(0)).containsExactlyInAnyOrder("Generic", "npm", "Maven", "PyPI");
        List<String> generic = types.stream().filter(r -> r.get(0).equals("Generic")).findFirst().orElseThrow();
        assertThat(generic.subList(1, 3)).containsExactly("121", "123");   // tool's three files and many's 120
        assertThat(page.locator("table.storage-types tr", new Page.LocatorOptions().setHasText("Generic"))
                .locator("span[title]").getAttribute("title")).isEqualTo("3,127 bytes");
        Locator chart = page.locator("section.storage svg.chart");
        assertThat(chart.locator("rect").count()).isEqualTo(4);
        assertThat(chart.locator("rect[data-type=Generic]").getAttribute("data-bytes")).isEqualTo("3127");
        context.close();

        // a group's owners see it across the group's projects
        BrowserContext admin = browser.newContext(new Browser.NewContextOptions().setBaseURL(server.url()));
        Page root = Chromium.signIn(admin, server.url(), "root", TestServer.ROOT_PASSWORD);
        root.navigate(server.url() + "/groups/shop/-/settings/packages");
        assertThat(root.locator("section.storage p.total").textContent()).endsWith("across 2 projects");
        assertThat(rows(root, "table.storage-projects")).extracting(r -> r.get(0))
                .containsExactly("shop/app", "shop/quiet");
        assertThat(rows(root, "table.storage-projects").get(1).get(1)).isEqualTo("1 B");
        root.screenshot(new Page.ScreenshotOptions().setPath(Chromium.SHOTS.resolve("group-settings-storage.png"))
                .setFullPage(true));
        admin.close();
    }

    @Test
    void anonymous_visitors_of_a_public_project_read_it_on_a_phone() {
        BrowserContext phone = browser.newContext(new Browser.NewContextOptions().setBaseURL(server.url())
                .setViewportSize(390, 844).setIsMobile(true).setHasTouch(true));
        Page page = phone.newPage();
        page.navigate(server.url() + "/open/lib/-/packages");
        assertThat(page.locator(".tabs a").allTextContents().stream().map(t -> t.replaceAll("\\s+", " ").trim()))
                .containsExactly("All 1", "npm 1");
        assertThat(page.locator("button.danger").count()).isZero();
        page.locator("table.packages a", new Page.LocatorOptions().setHasText("right")).click();
        assertThat(page.locator("main > h1").textContent()).contains("right");
        assertThat(page.locator("p.summary").textContent()).contains("by root", "0 downloads");
        assertThat(page.locator("#downloads-h + svg.chart rect").count()).isEqualTo(30);
        assertThat(page.locator("button.danger").count()).isZero();
        for (String path : List.of("/open/lib/-/packages", page.url().substring(server.url().length()))) {
            page.navigate(server.url() + path);
            Object overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth");
            assertThat(((Number) overflow).intValue()).as("sideways scroll at 390 px on " + path).isLessThanOrEqualTo(0);
        }
        phone.close();

        // and the signed-in pages this class adds, at the same width
        BrowserContext small = browser.newContext(new Browser.NewContextOptions().setBaseURL(server.url())
                .setViewportSize(390, 844).setIsMobile(true).setHasTouch(true));
        Page maint = Chromium.signIn(small, server.url(), "maint", "password-maint");
        for (String path : List.of("/shop/app/-/packages", "/shop/app/-/packages/" + id("npm", "left", "10.0.0"),
                "/shop/app/-/packages/" + id("generic", "tool", "1.0.0"), "/shop/app/-/settings/packages",
                "/shop/quiet/-/packages")) {
            maint.navigate(server.url() + path);
            Object overflow = maint.evaluate("document.documentElement.scrollWidth - window.innerWidth");
            assertThat(((Number) overflow).intValue()).as("sideways scroll at 390 px on " + path).isLessThanOrEqualTo(0);
            for (var button : maint.locator("button.danger").all()) {
                assertThat(button.isVisible()).as("an action hidden at 390 px on " + path).isTrue();
            }
        }
        maint.navigate(server.url() + "/shop/app/-/packages/" + id("generic", "tool", "1.0.0"));
        maint.screenshot(new Page.ScreenshotOptions().setPath(Chromium.SHOTS.resolve("phone-detail.png")).setFullPage(true));
        small.close();
    }

    /** What a new user's trial found, each fixed. */
    @Test
    void lists_keep_their_place_count_what_they_filter_and_pages_say_where_they_are() {
        World world = new World(server);
        long lab = world.group("lab", "private");
        long bench = world.project(lab, "bench", "private");
        world.subgroup(lab, "inner", "private");
        for (int i = 0; i < 45; i++) {
            assertThat(server.root().putBytes("/api/v4/projects/" + bench + "/packages/generic/" + (i % 2 == 0 ? "even" : "odd")
                    + "/1.0." + i + "/f.bin", new byte[] {1}).status()).isEqualTo(201);
        }
        BrowserContext context = browser.newContext(new Browser.NewContextOptions().setBaseURL(server.url())
                .setJavaScriptEnabled(false));
        Page page = Chromium.signIn(context, server.url(), "root", TestServer.ROOT_PASSWORD);
        // the tabs count what the name filter leaves
        page.navigate(server.url() + "/lab/bench/-/packages?name=odd");
        assertThat(page.locator(".tabs a").allTextContents().stream().map(t -> t.replaceAll("\\s+", " ").trim()))
                .containsExactly("All 22", "Generic 22");
        // a page past the end is the last page
        page.navigate(server.url() + "/lab/bench/-/packages?name=even&order_by=version&sort=asc&page=99");
        assertThat(page.locator(".pages .position").textContent()).startsWith("Page 2 of 2");
        // a delete asks in the server's words, then comes back to the same filtered, sorted page
        page.locator("table.packages tbody tr").first().locator("button.danger").click();
        assertThat(page.locator("main p").first().textContent()).isEqualTo("Delete even 1.0.40?");
        page.getByText("Yes, go ahead").click();
        assertThat(page.url()).endsWith("/lab/bench/-/packages?order_by=version&sort=asc&name=even&page=2");
        assertThat(page.locator("p.flash").textContent()).isEqualTo("Deleted even 1.0.40.");
        // a delete without the form's question is asked all the same, never done at once
        String csrf = page.locator("input[name=csrf_token]").first().getAttribute("value");
        long odd = server.root().get("/api/v4/projects/" + bench + "/packages?package_name=odd&per_page=1").json().get(0)
                .get("id").asLong();
        var bare = context.request().post(server.url() + "/lab/bench/-/packages/" + odd + "/delete",
                com.microsoft.playwright.options.RequestOptions.create().setForm(
                        com.microsoft.playwright.options.FormData.create().set("csrf_token", csrf)).setMaxRedirects(0));
        assertThat(bare.status()).isEqualTo(200);
        assertThat(bare.text()).contains("Yes, go ahead");
        assertThat(server.root().get("/api/v4/projects/" + bench + "/packages/" + odd).status()).isEqualTo(200);

        // a subgroup's settings point to its top-level group's, which apply; a refused pattern keeps what was typed
        page.navigate(server.url() + "/groups/lab/inner/-/settings/packages");
        assertThat(page.locator("form.settings").textContent()).contains("the package settings of lab");
        assertThat(page.locator("form.settings button[type=submit]").count()).isZero();
        page.navigate(server.url() + "/groups/lab/-/settings/packages");
        page.getByLabel("Exception pattern for Generic").fill("(unclosed");
        page.locator("form.settings button[type=submit]").click();
        assertThat(page.locator("[role=alert]").textContent()).contains("exception pattern for Generic");
        assertThat(page.getByLabel("Exception pattern for Generic").inputValue()).isEqualTo("(unclosed");
        page.getByLabel("Exception pattern for Generic").fill("-rc$");
        page.locator("form.settings button[type=submit]").click();
        assertThat(page.locator("p.flash").textContent()).isEqualTo("Saved the duplicate settings of lab.");

        // the format pages have breadcrumbs back up
        page.navigate(server.url() + "/lab/bench/-/container_registry");
        assertThat(page.locator("nav.crumbs a").allTextContents()).containsExactly("lab", "bench", "Container registry");
        page.navigate(server.url() + "/groups/lab/-/upstreams");
        assertThat(page.locator("nav.crumbs a").allTextContents()).containsExactly("lab", "Upstream registries");
        context.close();

        // strangers learn nothing from which paths exist, and see no links they could not follow
        BrowserContext anonymous = browser.newContext(new Browser.NewContextOptions().setBaseURL(server.url()));
        Page stranger = anonymous.newPage();
        for (String path : List.of("/lab/bench", "/lab/no-such-project", "/no-such-group")) {
            var r = anonymous.request().get(server.url() + path,
                    com.microsoft.playwright.options.RequestOptions.create().setMaxRedirects(0));
            assertThat(r.status()).as(path).isIn(302, 303);
        }
        stranger.navigate(server.url() + "/open");
        assertThat(stranger.locator("p.related a").allTextContents()).containsExactly("Packages");
        anonymous.close();
        // names the server's own pages use are not a group's or a user's
        assertThat(server.root().post("/api/v4/groups", Map.of("name", "Admin", "path", "admin")).status()).isEqualTo(400);
        assertThat(server.root().post("/api/v4/users", Map.of("username", "users", "email", "u@example.org",
                "password", "password-users")).status()).isEqualTo(400);
    }

    @Test
    void where_packages_are_off_the_page_says_so_and_links_the_switch_for_those_who_may_flip_it() {
        BrowserContext context = browser.newContext(new Browser.NewContextOptions().setBaseURL(server.url()));
        Page page = Chromium.signIn(context, server.url(), "maint", "password-maint");
        assertThat(page.navigate(server.url() + "/shop/quiet/-/packages").status()).isEqualTo(404);
        assertThat(page.locator("main > h1").textContent()).isEqualTo("Packages are off");
        page.getByText("Turn packages on in the package settings").click();
        assertThat(page.url()).endsWith("/shop/quiet/-/settings/packages");
        assertThat(page.locator("nav.crumbs a").allTextContents()).containsExactly("shop", "quiet", "Packages",
                "Package settings");
        page.getByText("← Back to the packages of shop/quiet").click();
        assertThat(page.locator("main > h1").textContent()).isEqualTo("Packages are off");
        context.close();

        BrowserContext devContext = browser.newContext(new Browser.NewContextOptions().setBaseURL(server.url()));
        Page dev = Chromium.signIn(devContext, server.url(), "dev", "password-dev");
        assertThat(dev.navigate(server.url() + "/shop/quiet/-/packages").status()).isEqualTo(404);
        assertThat(dev.locator("main").textContent()).contains("turned off for shop/quiet")
                .doesNotContain("Turn packages on");
        assertThat(dev.locator("a.settings-link").count()).isZero();
        devContext.close();
        // the API still answers its own 404: the page is for people only
        assertThat(server.root().get("/api/v4/projects/" + offProject + "/packages/generic/hushed/1.0/h.bin").status())
                .isEqualTo(404);
    }
}
