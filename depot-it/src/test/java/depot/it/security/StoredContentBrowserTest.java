package depot.it.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.Route;
import depot.it.support.Api;
import depot.it.support.Backend;
import depot.it.support.Chromium;
import depot.it.support.NugetTools;
import depot.it.support.TestServer;
import depot.it.support.World;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The review's stored-XSS attack in a real Chromium: an attacker publishes files that carry script (an XHTML-namespace
 * script in a POM and a nuspec, an HTML page, an SVG) to their own private project, and hands a signed-in admin the
 * download URLs with their own {@code ?private_token=}. Opening each must run nothing on Depot's origin: a script that
 * ran would request {@code /pwned-…}, which the browser's request log would show. A control page with the same payload
 * (served by the browser's router on Depot's origin, without Depot's headers) proves that the detector sees a script
 * that runs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StoredContentBrowserTest {
    TestServer server;
    Playwright playwright;
    Browser browser;
    Map<String, String> urls = new java.util.LinkedHashMap<>();

    static String script(String tag) {
        return "fetch('/pwned-" + tag + "');document.title='pwned'";
    }

    static String xhtml(String tag) {
        return "<h:script xmlns:h=\"http://www.w3.org/1999/xhtml\">" + script(tag) + "</h:script>";
    }

    @BeforeAll
    void setUp() throws Exception {
        server = new TestServer(Backend.SQLITE);
        World world = new World(server);
        World.Person mallory = world.user("mallory");
        long group = world.group("mallory-group", "private");
        world.member("groups", group, mallory.id(), 50);
        long project = world.project(group, "payloads", "private");
        Api api = mallory.api(server);
        String base = "/api/v4/projects/" + project + "/packages";
        String token = "?private_token=" + mallory.token();

        put(api, base + "/maven/com/evil/x/1.0/x-1.0.pom", "<project xmlns=\"http://maven.apache.org/POM/4.0.0\">"
                + "<modelVersion>4.0.0</modelVersion><groupId>com.evil</groupId><artifactId>x</artifactId>"
                + "<version>1.0</version>" + xhtml("maven") + "</project>");
        urls.put("maven", base + "/maven/com/evil/x/1.0/x-1.0.pom" + token);
        put(api, base + "/generic/page/1.0.0/page.html", "<html><body><script>" + script("generic-html")
                + "</script></body></html>");
        urls.put("generic-html", base + "/generic/page/1.0.0/page.html" + token);
        put(api, base + "/generic/page/1.0.0/image.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>"
                + script("generic-svg") + "</script></svg>");
        urls.put("generic-svg", base + "/generic/page/1.0.0/image.svg" + token);
        put(api, base + "/generic/page/1.0.0/doc.xml", "<root>" + xhtml("generic-xml") + "</root>");
        urls.put("generic-xml", base + "/generic/page/1.0.0/doc.xml" + token);
        Api.Response nuget = NugetTools.push(api, base + "/nuget/", "package.nupkg", NugetTools.nupkg("Evil.nuspec",
                NugetTools.nuspec("Evil", "1.0.0", xhtml("nuget")), Map.of()));
        assertThat(nuget.status()).as(nuget.body()).isEqualTo(201);
        urls.put("nuget", base + "/nuget/download/evil/1.0.0/evil.nuspec" + token);
        long packageId = api.get("/api/v4/projects/" + project + "/packages?package_name=page").json().get(0)
                .get("id").asLong();
        long htmlFile = api.get("/api/v4/projects/" + project + "/packages/" + packageId + "/package_files").json()
                .get(0).get("id").asLong();
        urls.put("web-download", "/mallory-group/payloads/-/package_files/" + htmlFile + "/download");

        playwright = Playwright.create();
        browser = Chromium.launch(playwright);
    }

    @AfterAll
    void tearDown() throws Exception {
        if (browser != null) browser.close();
        if (playwright != null) playwright.close();
        if (server != null) server.close();
    }

    @Test
    void no_stored_file_runs_script_on_depots_origin_for_a_signed_in_admin() {
        // given: an admin signed in to the web UI, and a browser that logs every request
        BrowserContext context = browser.newContext(new Browser.NewContextOptions().setBaseURL(server.url())
                .setAcceptDownloads(true));
        List<String> requests = new CopyOnWriteArrayList<>();
        context.onRequest(r -> requests.add(r.url()));
        Page page = Chromium.signIn(context, server.url(), "root", TestServer.ROOT_PASSWORD);
        context.route(server.url() + "/control-page", route -> route.fulfill(new Route.FulfillOptions()
                .setStatus(200).setContentType("text/html").setBody("<script>" + script("control") + "</script>")));

        // when: the control page and every stored file are opened
        page.navigate(server.url() + "/control-page");
        page.waitForTimeout(500);
        Map<String, com.microsoft.playwright.APIResponse> served = new java.util.LinkedHashMap<>();
        for (var e : urls.entrySet()) {
            open(page, server.url() + e.getValue());
            served.put(e.getKey(), context.request().get(server.url() + e.getValue()));
        }
        page.waitForTimeout(500);

        // then: the control ran, nothing else did, and every response carries the defences
        assertThat(requests).anyMatch(u -> u.endsWith("/pwned-control"));
        assertThat(requests.stream().filter(u -> u.contains("/pwned-") && !u.endsWith("/pwned-control")).toList())
                .as("scripts that ran on Depot's origin").isEmpty();
        for (var e : served.entrySet()) {
            Map<String, String> h = e.getValue().headers();
            assertThat(e.getValue().status()).as(e.getKey()).isEqualTo(200);
            assertThat(h.get("x-content-type-options")).as(e.getKey()).isEqualTo("nosniff");
            assertThat(h.get("content-security-policy")).as(e.getKey()).isEqualTo("default-src 'none'; sandbox");
            assertThat(h.get("content-disposition")).as(e.getKey()).startsWith("attachment");
        }
        context.close();
    }

    /** A navigation to an attachment becomes a download, which Playwright reports as an aborted navigation. */
    private static void open(Page page, String url) {
        try {
            page.navigate(url);
            page.waitForTimeout(300);
        } catch (PlaywrightException download) {
            page.waitForTimeout(300);
        }
    }

    private static void put(Api api, String path, String body) {
        Api.Response r = api.putBytes(path, body.getBytes(StandardCharsets.UTF_8));
        assertThat(r.status()).as(path + ": " + r.body()).isEqualTo(201);
    }
}
