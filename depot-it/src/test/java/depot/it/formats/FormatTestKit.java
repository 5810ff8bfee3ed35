package depot.it.formats;

import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitrary;

/**
 * What a package format contributes to the tests every format shares: to AuthorizationMatrixTest its fixtures, its
 * endpoints of the matrix (every kind of caller × every visibility), its reads at group and instance endpoints and its
 * rows of the permission table; its hostile uploads (HostileUploadsTest); and its publisher for the crash-safety test
 * (CrashSafetyTest). Each format the server loads has one, in the format's own depot-it package, listed in
 * {@code META-INF/services/depot.it.formats.FormatTestKit} (FormatTestKitsTest fails for a format without one).
 *
 * <p>Implementations have a public no-argument constructor and keep no state: crash publishes are made on several
 * threads at once.
 */
public interface FormatTestKit {

    /** The type of the format, as its {@code depot.http.PackageFormat#type()} says. */
    String type();

    /**
     * Publishes, as {@code world}'s administrator, what the format's endpoints of the matrix, reads and rows call: in
     * the project of each visibility a package named {@code readable} (or a name that contains it) and, when the format
     * has group or instance endpoints, one named {@code only-<vis>} that only that project has. Called once, before
     * any call of the matrix.
     */
    void publishFixtures(MatrixWorld world);

    /** The format's project endpoints that the matrix calls with every kind of caller (named by its matrix rows). */
    List<MatrixEndpoint> matrixEndpoints(MatrixWorld world);

    /** Reads at the format's group and instance endpoints, of the packages named {@code only-<vis>}. */
    default List<GroupRead> groupReads(MatrixWorld world) { return List.of(); }

    /** The format's registry with credentials of its own (the container registry), if it serves one. */
    default Optional<MatrixRegistry> matrixRegistry(MatrixWorld world) { return Optional.empty(); }

    /** Adds a row for every route the format registers (a route without one fails AuthorizationMatrixTest). */
    void permissionRows(PermissionRows rows);

    /** Publishes what the format's hostile requests need in the project (the recipe its binaries belong to …). */
    default void seedHostileProject(HostileProject project) {}

    /**
     * Mutations of the format's metadata documents, each sent the way its client uploads it: each try of
     * HostileUploadsTest sends one of each. Empty when the format reads no metadata document.
     */
    List<Arbitrary<HostileRequest>> hostileDocuments(HostileProject project);

    /** Requests with a hostile name (already percent-encoded for a path segment) in each of the format's paths. */
    List<HostileRequest> hostileNamesInPaths(HostileProject project, String name);

    /**
     * Requests with a hostile name inside an upload or in a setting an upload obeys (tried half as often as names in
     * paths: each builds an archive or changes a setting).
     */
    default List<HostileRequest> hostileNamesInContent(HostileProject project, String name) { return List.of(); }

    /** The format's publisher for the crash-safety test; empty when the test does not publish the format. */
    Optional<CrashPublish.Publisher> crashPublisher();
}
