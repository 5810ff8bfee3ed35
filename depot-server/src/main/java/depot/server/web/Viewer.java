package depot.server.web;

/** Who is looking at a page: a signed-in user (with the session's CSRF token) or an anonymous visitor. */
public record Viewer(String username, String csrf, boolean admin) {
    public static final Viewer ANONYMOUS = new Viewer(null, "", false);

    public boolean signedIn() { return username != null; }
}
