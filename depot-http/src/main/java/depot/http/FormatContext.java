package depot.http;

import depot.core.access.AccessService;
import depot.core.access.Authenticator;
import depot.core.db.AuditLog;
import depot.core.db.Clock;
import depot.core.db.Database;
import depot.core.db.DirectoryReads;
import depot.core.packages.PackageReads;
import depot.core.packages.PackageService;

/**
 * The shared services a format may use: {@code packages} publishes and deletes, {@code reads} reads packages, files
 * and stored bytes, {@code directory} looks up projects, groups and settings. {@code externalUrl} has no trailing
 * slash and is the base of every absolute URL Depot writes; {@code limits} are the configured upload limits.
 * {@code database}, {@code authenticator} and {@code clock} serve formats with tables and credentials of their own
 * (the container registry's manifests, tags and token service); {@code options} are the configuration's keys as
 * given, for formats with settings of their own (the dependency proxy's upstream); {@code upstreams} reads through
 * the upstream registries of a group or the instance. No field is null.
 */
public record FormatContext(PackageService packages, PackageReads reads, AccessService access,
                            DirectoryReads directory, String externalUrl, Limits limits, Database database,
                            Authenticator authenticator, Clock clock, java.util.Map<String, String> options,
                            AuditLog audit, UpstreamCache upstreams) {

    /** Records an event in the audit log (formats with deletions of their own: the container registry). */
    public void audit(depot.core.access.Principal actor, String action, String targetType, Long targetId, String details) {
        audit.record(actor, action, targetType, targetId, details);
    }

    /**
     * The absolute URL of a project's mount of a format ({@code …/api/v4/projects/7/packages/npm}), for documents
     * without a request (the detail page's snippets); a request's own documents use {@link FormatRequest#mountUrl()}.
     * {@code mount} is the format's {@link PackageFormat#mountName()}: its type unless it names another.
     */
    public String projectMount(long projectId, String mount) {
        return externalUrl + "/api/v4/projects/" + projectId + "/packages/" + mount;
    }

    /** The absolute URL of the instance mount of a format ({@code …/api/v4/packages/conan}). */
    public String instanceMount(String type) { return externalUrl + "/api/v4/packages/" + type; }

    public String option(String key) {
        String v = options.get(key);
        return v == null || v.isBlank() ? null : v;
    }

    /**
     * Upload size limits: a format's own setting ({@code max_upload_size_<type>}) when given, else the format's
     * default ({@link PackageFormat#defaultMaxUploadBytes}) capped by the instance-wide {@code max_upload_size}.
     */
    public record Limits(long defaultBytes, java.util.Map<String, Long> perType, java.util.Map<String, Long> formatDefaults) {
        public Limits(long defaultBytes, java.util.Map<String, Long> perType) {
            this(defaultBytes, perType, java.util.Map.of());
        }

        public long forType(String type) {
            Long set = perType.get(type);
            return set != null ? set : Math.min(defaultBytes, formatDefaults.getOrDefault(type, Long.MAX_VALUE));
        }
    }
}
