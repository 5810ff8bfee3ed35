package depot.server.web;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * A package's downloads per day as an SVG bar chart, drawn on the server (no script): one bar per day with the day
 * and its count as the bar's tooltip, the largest day's count and zero on the axis, and the first, middle and last
 * dates below. Everything in it is a number or a date Depot formats itself, so it goes into the page as markup.
 */
final class DownloadChart {
    private static final int WIDTH = 720;
    private static final int HEIGHT = 170;
    private static final int LEFT = 44;
    private static final int TOP = 12;
    private static final int BOTTOM = 24;
    private static final DateTimeFormatter SHORT = DateTimeFormatter.ofPattern("MMM d", Locale.ROOT);

    private DownloadChart() {}

    /** {@code perDay}: counts, oldest first, the last one {@code lastDay} (days since 1970-01-01, UTC). */
    static String svg(long[] perDay, int lastDay) {
        long max = 0;
        long total = 0;
        for (long n : perDay) {
            max = Math.max(max, n);
            total += n;
        }
        long top = niceCeiling(Math.max(1, max));
        int plotWidth = WIDTH - LEFT - 8;
        int plotHeight = HEIGHT - TOP - BOTTOM;
        double slot = (double) plotWidth / perDay.length;
        StringBuilder b = new StringBuilder();
        b.append("<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(WIDTH).append(' ')
                .append(HEIGHT).append("\" role=\"img\" aria-labelledby=\"downloads-chart-title\">");
        b.append("<title id=\"downloads-chart-title\">File downloads per day over the last ").append(perDay.length)
                .append(" days: ").append(String.format(Locale.ROOT, "%,d", total)).append(" in all</title>");
        // axis: the top value, its grid line, and zero
        b.append("<line x1=\"").append(LEFT).append("\" y1=\"").append(TOP).append("\" x2=\"").append(WIDTH - 8)
                .append("\" y2=\"").append(TOP).append("\" class=\"grid\"/>");
        b.append("<line x1=\"").append(LEFT).append("\" y1=\"").append(TOP + plotHeight).append("\" x2=\"")
                .append(WIDTH - 8).append("\" y2=\"").append(TOP + plotHeight).append("\" class=\"axis\"/>");
        b.append(text(LEFT - 6, TOP + 4, "end", String.format(Locale.ROOT, "%,d", top)));
        b.append(text(LEFT - 6, TOP + plotHeight + 4, "end", "0"));
        for (int i = 0; i < perDay.length; i++) {
            double h = (double) perDay[i] / top * plotHeight;
            double x = LEFT + i * slot + slot * 0.15;
            LocalDate day = LocalDate.ofEpochDay(lastDay - (perDay.length - 1 - i));
            b.append("<rect x=\"").append(fmt(x)).append("\" y=\"").append(fmt(TOP + plotHeight - h))
                    .append("\" width=\"").append(fmt(slot * 0.7)).append("\" height=\"").append(fmt(h))
                    .append("\" data-day=\"").append(day).append("\" data-count=\"").append(perDay[i]).append("\">")
                    .append("<title>").append(day).append(": ").append(perDay[i])
                    .append(perDay[i] == 1 ? " download" : " downloads").append("</title></rect>");
        }
        for (int i : new int[] {0, perDay.length / 2, perDay.length - 1}) {
            LocalDate day = LocalDate.ofEpochDay(lastDay - (perDay.length - 1 - i));
            String anchor = i == 0 ? "start" : i == perDay.length - 1 ? "end" : "middle";
            double x = i == 0 ? LEFT : i == perDay.length - 1 ? WIDTH - 8 : LEFT + (i + 0.5) * slot;
            b.append(text(x, HEIGHT - 6, anchor, SHORT.format(day)));
        }
        return b.append("</svg>").toString();
    }

    /** 1, 2, 5, 10, 20, 50 … at or above {@code n}. */
    static long niceCeiling(long n) {
        long step = 1;
        while (true) {
            for (long m : new long[] {1, 2, 5}) {
                if (m * step >= n) return m * step;
            }
            step *= 10;
        }
    }

    private static String text(double x, double y, String anchor, String s) {
        return "<text x=\"" + fmt(x) + "\" y=\"" + fmt(y) + "\" text-anchor=\"" + anchor + "\">" + s + "</text>";
    }

    private static String fmt(double v) { return String.format(Locale.ROOT, "%.1f", v); }
}
