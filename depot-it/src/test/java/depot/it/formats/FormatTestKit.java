package depot.it.formats;

/**
 * What a package format contributes to the tests every format shares: its rows of the permission table
 * (AuthorizationMatrixTest). Each format the server loads has one, in the format's own depot-it package, listed in
 * {@code META-INF/services/depot.it.formats.FormatTestKit} (FormatTestKitsTest fails for a format without one).
 *
 * <p>Implementations have a public no-argument constructor and keep no state.
 */
public interface FormatTestKit {

    /** The type of the format, as its {@code depot.http.PackageFormat#type()} says. */
    String type();

    /** Adds a row for every route the format registers (a route without one fails AuthorizationMatrixTest). */
    void permissionRows(PermissionRows rows);
}
