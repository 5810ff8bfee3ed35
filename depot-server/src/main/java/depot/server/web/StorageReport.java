package depot.server.web;

import depot.core.db.PackageReports;
import depot.core.model.Project;
import depot.server.Services;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Storage used by a project or a group's projects: per package type (and each format's bytes kept outside packages,
 * such as container images), per project for a group, and a bar chart by type drawn as SVG on the server.
 */
public final class StorageReport {
    private final Services s;
    private final ContributedPages pages;
    private final Map<String, String> labels;

    StorageReport(Services services, ContributedPages pages, Map<String, String> labels) {
        this.s = services;
        this.pages = pages;
        this.labels = labels;
    }

    /** One line of the report: a type or a project, with its bytes; packages and files are -1 where not counted. */
    public record Part(String label, String href, long packages, long files, long bytes) {
        public String size() { return Show.size(bytes); }

        public String exact() { return Show.bytes(bytes); }
    }

    public record Storage(long bytes, List<Part> byType, List<Part> byProject, String chart) {
        public String size() { return Show.size(bytes); }
    }

    Storage of(List<Project> projects) {
        List<Long> ids = projects.stream().map(Project::id).toList();
        Map<String, long[]> byType = new LinkedHashMap<>();
        Map<Long, Long> byProject = new LinkedHashMap<>();
        for (PackageReports.TypeUsage u : s.packages().reports().usageByType(ids)) {
            long[] t = byType.computeIfAbsent(labels.getOrDefault(u.type(), u.type()), k -> new long[3]);
            t[0] += u.packages();
            t[1] += u.files();
            t[2] += u.bytes();
            byProject.merge(u.projectId(), u.bytes(), Long::sum);
        }
        for (Map.Entry<String, Supplier<Map<Long, Long>>> other : pages.storage().entrySet()) {
            Map<Long, Long> bytes = other.getValue().get();
            long sum = 0;
            for (long id : ids) {
                long b = bytes.getOrDefault(id, 0L);
                sum += b;
                if (b > 0) byProject.merge(id, b, Long::sum);
            }
            if (sum > 0) byType.put(other.getKey(), new long[] {-1, -1, sum});
        }
        List<Part> types = new ArrayList<>();
        byType.forEach((label, t) -> types.add(new Part(label, null, t[0], t[1], t[2])));
        types.sort(Comparator.comparingLong(Part::bytes).reversed().thenComparing(Part::label));
        List<Part> perProject = new ArrayList<>();
        for (Project p : projects) {
            long b = byProject.getOrDefault(p.id(), 0L);
            perProject.add(new Part(p.fullPath(), "/" + p.fullPath() + "/-/packages", -1, -1, b));
        }
        perProject.sort(Comparator.comparingLong(Part::bytes).reversed().thenComparing(Part::label));
        long total = types.stream().mapToLong(Part::bytes).sum();
        return new Storage(total, types, perProject, types.isEmpty() ? null : chart(types, total));
    }

    /** Horizontal bars, one per type, as long as its share of the largest, labelled with the type and its size. */
    static String chart(List<Part> types, long total) {
        // room for the longest label and a size beside the longest bar at the phone's larger text (24 units a letter)
        int longest = types.stream().mapToInt(t -> t.label().length()).max().orElse(8);
        int labelWidth = 16 + longest * 13;
        int width = labelWidth + 520;
        int row = 28;
        int height = row * types.size() + 8;
        long max = types.stream().mapToLong(Part::bytes).max().orElse(1);
        StringBuilder b = new StringBuilder("<svg class=\"chart storage\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ")
                .append(width).append(' ').append(height).append("\" role=\"img\" aria-labelledby=\"storage-chart-title\">")
                .append("<title id=\"storage-chart-title\">Storage by type: ").append(Show.size(total))
                .append(" in all</title>");
        for (int i = 0; i < types.size(); i++) {
            Part t = types.get(i);
            double w = max == 0 ? 0 : (double) t.bytes() / max * (width - labelWidth - 140);
            int y = 4 + i * row;
            String label = escape(t.label());
            b.append("<text x=\"").append(labelWidth - 8).append("\" y=\"").append(y + 17)
                    .append("\" text-anchor=\"end\">").append(label).append("</text>")
                    .append("<rect x=\"").append(labelWidth).append("\" y=\"").append(y + 4).append("\" width=\"")
                    .append(String.format(Locale.ROOT, "%.1f", Math.max(w, t.bytes() > 0 ? 1 : 0)))
                    .append("\" height=\"").append(row - 10).append("\" data-type=\"").append(label)
                    .append("\" data-bytes=\"").append(t.bytes()).append("\"><title>").append(label).append(": ")
                    .append(t.exact()).append("</title></rect>")
                    .append("<text x=\"").append(String.format(Locale.ROOT, "%.1f", labelWidth + w + 6)).append("\" y=\"")
                    .append(y + 17).append("\">").append(t.size()).append("</text>");
        }
        return b.append("</svg>").toString();
    }

    /** Labels are formats' names and pages' column names, not user input; escaped all the same. */
    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
