package depot.it.conan;

import depot.format.conan.ConanFormat;
import depot.it.formats.FormatTestKit;
import depot.it.formats.PermissionRows;
import depot.it.formats.Vis;

/** Conan in the tests every format shares. */
public final class ConanTestKit implements FormatTestKit {
    /** The recipe the authorization matrix publishes in each of its projects, with one binary of these revisions. */
    public static final String RECIPE = "creadable/1.0/_/_";
    public static final String RREV = "13d5dd132b5341db209401d238602ac0";
    public static final String PID = "4e8d97aca26e12a63ead9fc2a8fa0d78647207f5";
    public static final String PREV = "ca02f68fe7b9185b14cb868b6d895e62";

    /** The matrix's recipe as the instance remote finds it in the project of that visibility (its user names it). */
    public static String instanceRecipe(Vis vis) {
        return "creadable/1.0/matrix+" + vis.value() + "/stable";
    }

    @Override
    public String type() { return ConanFormat.TYPE; }

    @Override
    public void permissionRows(PermissionRows rows) { ConanPermissionRows.addTo(rows); }
}
