package depot.http;

import depot.core.access.Principal;
import depot.core.error.DepotException;
import depot.core.model.Namespace;
import depot.core.model.Project;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Where a format adds pages to the web UI (the container registry of a project, the dependency proxy of a group).
 * A project page lives at {@code /<project>/-/<name>} and a group page at {@code /groups/<group>/-/<name>}; both are
 * linked as {@code label} from the package list. The UI resolves the project or group (what the viewer cannot see
 * answers 404), renders the {@link FormatPage}, and takes forms posted to {@code …/-/<name>/<action>} from signed-in
 * users after checking their CSRF token.
 */
public interface PageRoutes {

    void project(String name, String label, Page<Project> page);

    void group(String name, String label, Page<Namespace> page);

    /** A column of the admin page's storage table: the bytes this format keeps outside packages, by project id. */
    void storage(String column, Supplier<Map<Long, Long>> bytesByProject);

    FormatContext services();

    /** One page: what it shows a viewer, and what its forms do. Access checks are the page's own. */
    interface Page<T> {
        FormatPage render(Principal viewer, T owner);

        /** Whether the project's or group's pages link here for this viewer (one who may open it). */
        default boolean visible(Principal viewer, T owner) { return true; }

        /** A form posted to {@code …/-/<name>/<action>}; the UI then shows the page again. */
        default void post(Principal viewer, T owner, String action) {
            throw new DepotException.NotFound("404 Not Found");
        }

        /**
         * The page again after one of its forms was refused ({@code error}): the form posted to {@code action} keeps
         * what was typed in {@code submitted} (never a password). By default, the page as usual.
         */
        default FormatPage render(Principal viewer, T owner, String action, Map<String, String> submitted) {
            return render(viewer, owner);
        }

        /**
         * A form posted with its values (the first of each name, without the CSRF token); by default, the above.
         * Answers what was done, for the page to say once ("Deleted …"), or null for a plain "Done.".
         */
        default String post(Principal viewer, T owner, String action, Map<String, String> values) {
            post(viewer, owner, action);
            return null;
        }
    }
}
