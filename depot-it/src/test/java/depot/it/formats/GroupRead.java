package depot.it.formats;

import java.util.function.Function;

/**
 * A read at a package endpoint of a group or of the instance ({@code url}, ending in "/"), of the package only the
 * matrix's project of that visibility has ({@code only}: the path under {@code url}). AuthorizationMatrixTest
 * expects it to serve exactly the callers who may read that project.
 */
public record GroupRead(String url, Function<Vis, String> only) {}
