package depot.it.generic;

import depot.format.generic.GenericFormat;
import depot.it.formats.FormatTestKit;
import depot.it.formats.Kind;
import depot.it.formats.PermissionRows;
import depot.it.formats.PermissionRows.Scope;
import depot.it.formats.Style;

/** Generic packages in the tests every format shares. */
public final class GenericTestKit implements FormatTestKit {
    @Override
    public String type() { return GenericFormat.TYPE; }

    @Override
    public void permissionRows(PermissionRows rows) {
        String files = "/api/v4/projects/{id}/packages/generic/{name}/{version}/{file}";
        rows.matrixRow("GET " + files, "GET generic file");
        rows.matrixRow("PUT " + files, "PUT generic file");
        rows.packageRow("HEAD " + files, Kind.READ, Style.FORMAT, Scope.PROJECT,
                (api, vis, u) -> api.head(rows.packages(vis) + "generic/readable/1.0.0/f.txt"));
    }
}
