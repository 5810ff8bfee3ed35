package depot.server.web;

import depot.http.FormatPage;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * How pages show sizes and times, the same on every page: sizes in binary units ("1.5 MiB"), times relative
 * ("3 hours ago") with the exact UTC time on hover ({@code when.jte}).
 */
public final class Show {
    private static final DateTimeFormatter EXACT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private Show() {}

    public static String size(long bytes) { return FormatPage.bytes(bytes); }

    /** The exact byte count, for a title beside {@link #size}. */
    public static String bytes(long bytes) { return String.format("%,d bytes", bytes); }

    public static String iso(long epochMillis) { return Instant.ofEpochMilli(epochMillis).toString(); }

    public static String exact(long epochMillis) { return EXACT.format(Instant.ofEpochMilli(epochMillis)); }

    public static String ago(long epochMillis) { return ago(epochMillis, System.currentTimeMillis()); }

    /** "just now", "5 minutes ago", "3 hours ago", "yesterday", "12 days ago", "4 months ago", "2 years ago". */
    static String ago(long epochMillis, long now) {
        long seconds = Math.max(0, (now - epochMillis) / 1000);
        long minutes = seconds / 60;
        long hours = minutes / 60;
        long days = hours / 24;
        if (seconds < 45) return "just now";
        if (minutes < 45) return plural(Math.max(1, Math.round(seconds / 60.0)), "minute");
        if (hours < 22) return plural(Math.max(1, Math.round(minutes / 60.0)), "hour");
        if (hours < 36) return "yesterday";
        if (days < 26) return plural(Math.round(hours / 24.0), "day");
        if (days < 320) return plural(Math.max(1, Math.round(days / 30.44)), "month");
        return plural(Math.max(1, Math.round(days / 365.25)), "year");
    }

    /** An ISO-8601 instant as epoch milliseconds (0 when it is not one). */
    public static long millis(String iso) {
        try {
            return Instant.parse(iso).toEpochMilli();
        } catch (DateTimeParseException | NullPointerException e) {
            return 0;
        }
    }

    private static String plural(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s") + " ago";
    }
}
