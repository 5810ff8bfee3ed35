package depot.http;

import depot.core.access.AccessService;
import depot.core.db.Directory;
import depot.core.packages.PackageService;

/**
 * The shared services a format may use. {@code externalUrl} has no trailing slash and is the base of every
 * absolute URL Depot writes; {@code maxUploadBytes} is the configured limit for the format's uploads.
 */
public record FormatContext(PackageService packages, AccessService access, Directory directory,
                            String externalUrl, Limits limits) {

    /** Size limits per format type, with a default for types not listed. */
    public record Limits(long defaultBytes, java.util.Map<String, Long> perType) {
        public long forType(String type) { return perType.getOrDefault(type, defaultBytes); }
    }
}
