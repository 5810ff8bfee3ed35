package depot.http;

import io.javalin.http.Context;
import java.util.Locale;

/**
 * The headers that keep bytes a user uploaded from running on Depot's origin. Every format route and every
 * download answers with {@code X-Content-Type-Options: nosniff} (a browser uses the declared type, never a guess) and
 * {@code Content-Security-Policy: default-src 'none'; sandbox} (a document opened anyway gets a unique origin, no
 * script, no plugin, no form, no subresource). Types a browser would render actively also go out as attachments.
 */
public final class StoredContent {
    public static final String CSP = "default-src 'none'; sandbox";
    private StoredContent() {}

    /** Sets nosniff and the sandboxing policy (replacing any page policy set earlier). */
    public static void protect(Context ctx) {
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Content-Security-Policy", CSP);
    }

    /**
     * Whether a browser might run something in a response of this type: HTML, any XML (XHTML-namespace script runs
     * in an XML document), SVG, scripts, XSL, PDF, and no type at all.
     */
    public static boolean active(String contentType) {
        if (contentType == null || contentType.isBlank()) return true;
        String t = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return t.contains("html") || t.contains("xml") || t.contains("svg") || t.contains("script")
                || t.contains("xsl") || t.equals("application/pdf") || t.startsWith("multipart/")
                || t.equals("text/cache-manifest") || t.contains("wasm");
    }

    /** A {@code Content-Disposition} value for a download under {@code fileName}, with quoting characters removed. */
    public static String attachment(String fileName) {
        String safe = fileName.replaceAll("[\"\\\\\\p{Cntrl}]", "");
        return "attachment; filename=\"" + safe + "\"";
    }
}
