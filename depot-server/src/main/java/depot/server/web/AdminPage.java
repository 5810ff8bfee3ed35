package depot.server.web;

import java.util.List;

/** The admin area: the instance's registry switch, users (with a form for a new one), and storage per project. */
public record AdminPage(boolean packagesEnabled, List<UserRow> users, List<String> storageColumns,
                        List<Storage> storage, boolean saved, String error) {

    public record UserRow(String username, String name, String state, boolean admin) {}

    /**
     * One project's packages, files and bytes, and the bytes formats keep outside packages, one per
     * {@code storageColumns} entry (the container images'), all formatted for people.
     */
    public record Storage(String project, long packages, long files, String size, List<String> others) {}
}
