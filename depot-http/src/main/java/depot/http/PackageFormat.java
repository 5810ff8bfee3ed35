package depot.http;

import depot.core.db.Database;
import depot.core.model.Package;
import depot.core.model.PackageFile;
import depot.core.packages.Housekeeper;
import java.util.List;

/**
 * A package format: one module, listed in {@code META-INF/services/depot.http.PackageFormat}. This is the
 * only registry of formats; nothing else in Depot switches on a format's type.
 *
 * <p>Implementations have a public no-argument constructor, are created once at start, and must be
 * thread-safe: their handlers run concurrently on the server's threads.
 */
public interface PackageFormat {

    /** The type stored in {@code packages.package_type} ("generic", "maven" …). Never renamed once released. */
    String type();

    /**
     * The URL segment of the format's mounts ({@code …/packages/<mountName>/…}): its type, unless GitLab names the
     * two differently (Go's routes are {@code …/packages/go/}, its package type {@code golang}).
     */
    default String mountName() { return type(); }

    /** The format as people name it, on tabs and headings ("PyPI", "NuGet"); its type unless it says otherwise. */
    default String displayName() { return type(); }

    /**
     * How the format orders its versions, oldest first: the detail page lists a package's versions by it. The
     * default compares runs of digits as numbers and the rest as text ({@link VersionOrder#NATURAL}); a format whose
     * ecosystem has its own rules (semver, PEP 440, Maven's) gives those.
     */
    default java.util.Comparator<String> versionOrder() { return VersionOrder.NATURAL; }

    /** Registers the format's handlers. Called once, before the server starts. */
    void routes(FormatRoutes routes);

    /** What the detail page and API show for a package: metadata rows and install snippets. */
    PackageDetails details(Package pkg, List<PackageFile> files, FormatContext ctx);

    /** How errors on this format's routes are written, in the body its client understands. */
    default ErrorStyle errorStyle() { return ErrorStyle.GITLAB; }

    /**
     * Whether the format keeps its content as packages (rows in {@code packages}, listed and filtered by type, with a
     * duplicate policy). The container registry does not: images live in tables of their own, as in GitLab.
     */
    default boolean storesPackages() { return true; }

    /**
     * Whether a version may be published again while the group has not set {@code <type>_duplicates_allowed}.
     * GitLab's default is yes; formats whose public registry refuses re-publishing (NuGet) say no.
     */
    default boolean duplicatesAllowedByDefault() { return true; }

    /**
     * Whether one file of a package may be deleted on its own (the packages API's and the UI's "delete file"). No
     * for a format whose version is one unit (a Go module version: its zip and go.mod are served together, and a
     * version missing one is broken for every client): such a version is deleted whole.
     */
    default boolean deletesFilesOneByOne() { return true; }

    /**
     * Request headers in which this format's clients send a token of any kind (NuGet's {@code X-NuGet-ApiKey}), read
     * after GitLab's own token headers and before {@code Authorization}.
     */
    default java.util.List<String> tokenHeaders() { return java.util.List.of(); }

    /**
     * The settings this format reads from {@link FormatContext#options()} (depot.yml, {@code DEPOT_*}, flags): each key
     * with its default and what it does, in the order the configuration help lists them.
     */
    default java.util.Map<String, String[]> settings() { return java.util.Map.of(); }

    /**
     * The largest upload this format accepts unless {@code max_upload_size_<type>} says otherwise: GitLab's default
     * for the format. The instance-wide {@code max_upload_size} caps it.
     */
    default long defaultMaxUploadBytes() { return Long.MAX_VALUE; }

    /**
     * The parts of this format with tables of their own that hold stored blobs, on the server's database: gc lets
     * them drop what nothing needs and keeps what their columns name (the container registry's manifests and
     * layers). A format's tables come from its own Flyway migrations under {@code db/migration} in its jar.
     */
    default List<Housekeeper> housekeepers(Database database) { return List.of(); }

    /**
     * The class path folder of this format's own Flyway migrations ({@code db/debian}), or null for a format that
     * keeps everything in packages and files. They are versioned on their own, from V1, and recorded in the history
     * table {@code flyway_history_<type>}; {@code ${id_pk}} is the dialect's identity primary key.
     */
    default String migrations() { return null; }

    /**
     * Whether this format's group (and instance) reads go through the upstream registries configured for its type
     * ({@code /api/v4/groups/:id/-/upstreams}); such a format reads them through {@link FormatContext#upstreams()}.
     */
    default boolean readsThroughUpstreams() { return false; }

    /** The package and version a file cached from an upstream belongs to, shown and deleted together in the UI. */
    record CachedPackage(String name, String version) {}

    /**
     * The package a cached file's path (the {@code relativePath} the format gave {@link UpstreamCache#file}) belongs
     * to; empty when the path names none (the file is then listed alone).
     */
    default java.util.Optional<CachedPackage> cachedPackage(String relativePath) { return java.util.Optional.empty(); }

    /** Registers the format's REST endpoints beside GitLab's API (most formats have none). Called once. */
    default void api(ApiRoutes routes) {}

    /** Registers the format's web UI pages beside the package pages (most formats have none). Called once. */
    default void pages(PageRoutes pages) {}

    /** The commands this format adds to the {@code depot} command line (most formats have none). */
    default List<FormatCommand> commands() { return List.of(); }

    /** Called after a package of this type was deleted through the API or UI. */
    default void onDelete(Package pkg, FormatContext ctx) {}
}
