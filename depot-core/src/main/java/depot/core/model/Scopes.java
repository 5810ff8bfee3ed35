package depot.core.model;

import depot.core.error.DepotException;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/** Token scopes as GitLab names them; stored comma-separated. */
public final class Scopes {
    public static final String API = "api";
    public static final String READ_API = "read_api";
    public static final String READ_PACKAGES = "read_package_registry";
    public static final String WRITE_PACKAGES = "write_package_registry";
    public static final String READ_REGISTRY = "read_registry";
    public static final String WRITE_REGISTRY = "write_registry";
    public static final String READ_USER = "read_user";

    public static final Set<String> PERSONAL = Set.of(API, READ_API, READ_PACKAGES, WRITE_PACKAGES,
            READ_REGISTRY, WRITE_REGISTRY, READ_USER);
    public static final Set<String> DEPLOY = Set.of(READ_PACKAGES, WRITE_PACKAGES, READ_REGISTRY, WRITE_REGISTRY);

    private Scopes() {}

    public static List<String> split(String stored) {
        return stored == null || stored.isEmpty() ? List.of() : Arrays.asList(stored.split(","));
    }

    public static String join(Collection<String> scopes, Set<String> allowed) {
        if (scopes == null || scopes.isEmpty()) throw new DepotException.Invalid("scopes is missing");
        for (String s : scopes) {
            if (!allowed.contains(s)) throw new DepotException.Invalid("scopes does not have a valid value: " + s);
        }
        return String.join(",", scopes.stream().distinct().sorted().toList());
    }
}
