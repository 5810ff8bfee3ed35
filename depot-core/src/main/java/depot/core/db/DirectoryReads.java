package depot.core.db;

import depot.core.model.Namespace;
import depot.core.model.Project;
import java.util.List;
import java.util.Optional;

/**
 * The read side of the {@link Directory} of groups and projects: what a format may look up (a project or group by
 * path or id, the instance's settings). Formats get this view, never the directory's writes.
 */
public interface DirectoryReads {
    Optional<Namespace> namespace(long id);

    Optional<Namespace> namespaceByPath(String fullPath);

    /** The ids of a namespace and every namespace below it. */
    List<Long> descendantIds(long namespaceId);

    Optional<Project> project(long id);

    Optional<Project> projectByPath(String fullPath);

    List<Project> projectsByPaths(List<String> fullPaths);

    List<Project> projects();

    List<Project> projectsIn(List<Long> namespaceIds);

    Optional<String> setting(String name);

    /** The setting's value; when it has none, stores {@code value} first (once, whoever asks at the same time). */
    String settingIfAbsent(String name, String value);
}
