package depot.it.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.APIRequestContext;
import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.RequestOptions;
import depot.it.support.Backend;
import depot.it.support.Chromium;
import depot.it.support.TestServer;
import depot.it.support.World;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every page of the web UI, for an anonymous visitor, a Reporter and an administrator, with every query parameter the
 * pages read (and one they do not) set to hostile values — huge and negative numbers, NUL, markup, quotes, wildcards,
 * 5,000 characters, a parameter given twice — never answers a 5xx. The pages include a group list whose viewer may
 * read none of its projects (a public group of private projects) and an empty group, which answered 500 before.
 */
class WebUiQueryFuzzTest {
    private static final List<String> PARAMETERS = List.of("page", "per_page", "type", "name", "order_by", "sort",
            "saved", "search", "versions", "x");
    private static final List<String> VALUES = List.of("", "-1", "99999999999", "\u0000", "<script>'\"",
            "a".repeat(5_000), "ü漢字\uD83D\uDE00", "%_*\\");

    @Test
    void no_page_answers_a_server_error_to_any_query() throws Exception {
        try (TestServer server = new TestServer(Backend.SQLITE); Playwright playwright = Playwright.create()) {
            World world = new World(server);
            long group = world.group("acme", "public");
            long app = world.project(group, "app", "private");
            world.project(group, "web", "public");
            world.group("empty", "public");
            long off = world.project(world.group("quiet", "public"), "off", "public");
            server.root().put("/api/v4/projects/" + off, Map.of("packages_enabled", false));
            World.Person reporter = world.user("rep");
            world.member("groups", group, reporter.id(), 20);
            String base = "/api/v4/projects/" + app + "/packages/generic/tool/1.0.0/";
            assertThat(server.root().putBytes(base + "tool.bin", new byte[] {1, 2}).status()).isEqualTo(201);
            long pkg = server.root().get("/api/v4/projects/" + app + "/packages").json().get(0).get("id").asLong();

            List<String> pages = List.of("/", "/acme", "/acme/app", "/quiet/off", "/users/sign_in", "/groups/acme",
                    "/groups/acme/-/packages", "/groups/empty/-/packages",
                    "/groups/quiet/-/packages", "/acme/app/-/packages", "/acme/web/-/packages", "/quiet/off/-/packages",
                    "/acme/app/-/packages/" + pkg, "/acme/app/-/settings/packages", "/groups/acme/-/settings/packages",
                    "/groups/acme/-/upstreams", "/acme/app/-/container_registry", "/groups/acme/-/dependency_proxy",
                    "/admin", "/admin/upstreams", "/-/assets/depot.css", "/-/assets/highlight.js", "/nowhere/-/packages",
                    "/quiet/off/-/packages/" + pkg);
            Browser browser = Chromium.launch(playwright);
            Map<String, APIRequestContext> viewers = new LinkedHashMap<>();
            viewers.put("anonymous", playwright.request().newContext());
            BrowserContext rep = browser.newContext();
            Chromium.signIn(rep, server.url(), "rep", "password-rep");
            viewers.put("reporter", rep.request());
            BrowserContext admin = browser.newContext();
            Chromium.signIn(admin, server.url(), "root", TestServer.ROOT_PASSWORD);
            viewers.put("admin", admin.request());

            List<String> failures = new ArrayList<>();
            int sent = 0;
            for (var viewer : viewers.entrySet()) {
                // a Reporter sees what an administrator does, fewer projects: the lists are where that differs
                List<String> theirs = viewer.getKey().equals("reporter")
                        ? pages.stream().filter(p -> p.endsWith("/-/packages")).toList() : pages;
                for (String page : theirs) {
                    List<String> queries = new ArrayList<>();
                    queries.add("");
                    queries.add("?page=2&page=99999999999&type=npm&type=");
                    for (String parameter : PARAMETERS) {
                        for (String value : VALUES) queries.add("?" + parameter + "=" + encode(value));
                    }
                    for (String query : queries) {
                        APIResponse r = viewer.getValue().get(server.url() + page + query,
                                RequestOptions.create().setMaxRedirects(0));
                        sent++;
                        if (r.status() >= 500) {
                            failures.add(viewer.getKey() + " GET " + page + query.substring(0, Math.min(80, query.length()))
                                    + " -> " + r.status());
                        }
                    }
                }
            }
            assertThat(failures).as("server errors among %d requests", sent).isEmpty();
            // and the pages that broke before answer what they should
            APIRequestContext anonymous = viewers.get("anonymous");
            assertThat(anonymous.get(server.url() + "/groups/empty/-/packages").status()).isEqualTo(200);
            APIResponse publicGroup = anonymous.get(server.url() + "/groups/acme/-/packages");
            assertThat(publicGroup.status()).isEqualTo(200);
            assertThat(publicGroup.text()).doesNotContain("tool");
            assertThat(viewers.get("reporter").get(server.url() + "/groups/acme/-/packages").text()).contains("tool");
            viewers.values().forEach(APIRequestContext::dispose);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
