package depot.it.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.nio.file.Path;
import java.util.List;

/** Debian's headless Chromium driven by Playwright (PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 comes from Surefire). */
public final class Chromium {
    public static final Path SHOTS = Path.of("target", "screenshots").toAbsolutePath();

    private Chromium() {}

    public static Browser launch(Playwright playwright) {
        Path chromium = Tools.require("chromium", "apt-get install chromium");
        return playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(chromium)
                .setHeadless(true).setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--no-first-run")));
    }

    /** Signs in through the sign-in form and returns the page, checked to show the user. */
    public static Page signIn(BrowserContext context, String url, String username, String password) {
        Page page = context.newPage();
        page.navigate(url + "/");
        page.getByText("Sign in").first().click();
        page.getByLabel("Username").fill(username);
        page.getByLabel("Password").fill(password);
        page.locator("form.signin button[type=submit]").click();
        assertThat(page.locator(".who").textContent()).isEqualTo(username);
        return page;
    }
}
