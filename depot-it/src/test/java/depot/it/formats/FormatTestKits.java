package depot.it.formats;

import java.util.List;
import java.util.ServiceLoader;

/** The format test kits, in the order their services file lists them (the order of the permission table's rows). */
public final class FormatTestKits {
    private FormatTestKits() {}

    public static List<FormatTestKit> all() {
        return ServiceLoader.load(FormatTestKit.class).stream().map(ServiceLoader.Provider::get).toList();
    }
}
