package depot.http;

import depot.core.error.DepotException;
import io.javalin.http.Context;
import java.util.List;

/** GitLab's offset pagination: {@code page}, {@code per_page} in, X-Total/X-Page/… and Link headers out. */
public final class Paging {
    private Paging() {}

    public static int page(Context ctx) { return number(ctx, "page", 1, 1, Integer.MAX_VALUE); }

    public static int perPage(Context ctx) { return number(ctx, "per_page", 20, 1, 100); }

    private static int number(Context ctx, String name, int dflt, int min, int max) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) return dflt;
        try {
            return Math.max(min, Math.min(max, Integer.parseInt(v.trim())));
        } catch (NumberFormatException e) {
            throw new DepotException.Invalid(name + " is invalid");
        }
    }

    /** Pages an in-memory list and writes the headers. */
    public static <T> List<T> apply(Context ctx, List<T> all) {
        int page = page(ctx);
        int perPage = perPage(ctx);
        headers(ctx, all.size(), page, perPage);
        int from = (int) Math.min(all.size(), (long) (page - 1) * perPage);
        return all.subList(from, Math.min(all.size(), from + perPage));
    }

    public static void headers(Context ctx, long total, int page, int perPage) {
        long pages = Math.max(1, (total + perPage - 1) / perPage);
        headers(ctx, total, page, perPage, page < pages);
    }

    /**
     * With {@code total} null (a listing too large to count, as GitLab does past 10,000 rows) the X-Total and
     * X-Total-Pages headers and the "last" link are left out.
     */
    public static void headers(Context ctx, Long total, int page, int perPage, boolean hasNext) {
        Long pages = total == null ? null : Math.max(1, (total + perPage - 1) / perPage);
        if (total != null) {
            ctx.header("X-Total", String.valueOf(total));
            ctx.header("X-Total-Pages", String.valueOf(pages));
        }
        ctx.header("X-Page", String.valueOf(page));
        ctx.header("X-Per-Page", String.valueOf(perPage));
        ctx.header("X-Next-Page", hasNext ? String.valueOf(page + 1) : "");
        // past the last page there is no previous one either (as GitLab's pagination answers)
        boolean hasPrev = page > 1 && (pages == null || page <= pages);
        ctx.header("X-Prev-Page", hasPrev ? String.valueOf(page - 1) : "");
        StringBuilder link = new StringBuilder();
        String base = ctx.fullUrl().replaceAll("([?&])(page|per_page)=[^&]*", "$1").replaceAll("[?&]+$", "")
                .replace("?&", "?").replaceAll("&&+", "&");
        String sep = base.contains("?") ? "&" : "?";
        if (hasNext) append(link, base + sep + "page=" + (page + 1) + "&per_page=" + perPage, "next");
        if (hasPrev) append(link, base + sep + "page=" + (page - 1) + "&per_page=" + perPage, "prev");
        append(link, base + sep + "page=1&per_page=" + perPage, "first");
        if (pages != null) append(link, base + sep + "page=" + pages + "&per_page=" + perPage, "last");
        ctx.header("Link", link.toString());
    }

    private static void append(StringBuilder sb, String url, String rel) {
        if (!sb.isEmpty()) sb.append(", ");
        sb.append('<').append(url).append(">; rel=\"").append(rel).append('"');
    }
}
