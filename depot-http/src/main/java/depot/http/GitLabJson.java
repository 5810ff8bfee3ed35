package depot.http;

import depot.core.model.Package;
import depot.core.model.PackageFile;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** GitLab's JSON shapes that more than one module writes. */
public final class GitLabJson {
    private GitLabJson() {}

    private static final java.time.format.DateTimeFormatter TIME =
            java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(java.time.ZoneOffset.UTC);

    /** A time as GitLab writes it: UTC with milliseconds always ({@code 2026-12-05T00:00:00.000Z}). */
    public static String time(long epochMillis) {
        return TIME.format(Instant.ofEpochMilli(epochMillis));
    }

    public static Map<String, Object> packageFile(PackageFile f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", f.id());
        m.put("package_id", f.packageId());
        m.put("created_at", time(f.createdAt()));
        m.put("updated_at", time(f.createdAt()));
        m.put("file_name", f.fileName());
        m.put("size", f.size());
        m.put("file_store", 1);
        m.put("file_md5", f.md5());
        m.put("file_sha1", f.sha1());
        m.put("file_sha256", f.sha256());
        m.put("pipelines", java.util.List.of());
        return m;
    }

    public static Map<String, Object> packageSummary(Package p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", p.id());
        m.put("name", p.name());
        m.put("version", p.version());
        m.put("package_type", p.packageType());
        m.put("status", p.status().value());
        m.put("created_at", time(p.createdAt()));
        return m;
    }
}
