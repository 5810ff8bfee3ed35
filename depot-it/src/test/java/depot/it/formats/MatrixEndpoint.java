package depot.it.formats;

/**
 * An endpoint AuthorizationMatrixTest calls with every kind of caller on the project of each visibility: what it
 * does ({@code kind}), how it refuses ({@code style}), the status of a success, and the call itself on the matrix's
 * fixtures. The expected status of each call follows from these (ARCHITECTURE.md, "Authorization").
 */
public record MatrixEndpoint(String name, Kind kind, Style style, int success, PermissionRows.Probe call) {}
