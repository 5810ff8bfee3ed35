package depot.server.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Who is looking at a page: a signed-in user (with the session's CSRF token) or an anonymous visitor; {@code here} is
 * the page's own path and query (where signing in returns to), and {@code flash} what the last action did (shown
 * once), or null.
 */
public record Viewer(String username, String csrf, boolean admin, String here, String flash) {
    public static final Viewer ANONYMOUS = new Viewer(null, "", false, "/", null);

    public boolean signedIn() { return username != null; }

    /** The sign-in page's URL, returning here afterwards. */
    public String signInUrl() {
        return here == null || here.equals("/") || here.startsWith("/users/") ? "/users/sign_in"
                : "/users/sign_in?return_to=" + URLEncoder.encode(here, StandardCharsets.UTF_8);
    }
}
