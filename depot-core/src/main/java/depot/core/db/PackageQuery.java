package depot.core.db;

import depot.core.error.DepotException;
import java.util.List;
import java.util.Set;

/**
 * A filtered, ordered, paged listing of packages, with GitLab's parameters. {@code name} matches as a
 * case-insensitive substring; with no {@code status}, packages that clients can see (default, error) are listed.
 */
public record PackageQuery(List<Long> projectIds, String type, String name, String version, String status,
                           boolean includeVersionless, String orderBy, String sort, int page, int perPage) {
    private static final Set<String> ORDER = Set.of("created_at", "name", "version", "type", "project_path");

    public PackageQuery {
        if (orderBy == null) orderBy = "created_at";
        if (sort == null) sort = "asc";
        if (!ORDER.contains(orderBy)) throw new DepotException.Invalid("order_by does not have a valid value");
        if (!sort.equals("asc") && !sort.equals("desc")) throw new DepotException.Invalid("sort does not have a valid value");
        if (page < 1) page = 1;
        if (perPage < 1) perPage = 20;
        if (perPage > 100) perPage = 100;
    }

    String orderColumn() {
        return switch (orderBy) {
            case "name" -> "p.name";
            case "version" -> "p.version_order";
            case "type" -> "p.package_type";
            case "project_path" -> "pr.full_path";
            default -> "p.created_at";
        };
    }
}
