package depot.format.oci;

import depot.core.model.Project;
import depot.core.packages.Maintenance;
import depot.http.FormatCommand;
import depot.http.FormatContext;
import java.io.PrintStream;
import java.util.List;
import java.util.function.Consumer;

/** {@code depot cleanup [--dry-run]}: applies every enabled tag cleanup policy (GitLab runs them on a schedule). */
final class CleanupCommand implements FormatCommand {

    @Override
    public String name() { return "cleanup"; }

    @Override
    public String description() {
        return "Apply the enabled container tag cleanup policies (--dry-run lists what would go).";
    }

    @Override
    public int run(FormatContext services, boolean dryRun, PrintStream out, Consumer<Maintenance.Progress> progress) {
        ContainerCleanup cleanup = new ContainerCleanup(services.database().jdbi());
        List<Long> projects = cleanup.enabledProjects();
        long now = services.clock().now();
        long tags = 0;
        for (int i = 0; i < projects.size(); i++) {
            long id = projects.get(i);
            String path = services.directory().project(id).map(Project::fullPath).orElse(String.valueOf(id));
            ContainerCleanup.Policy policy = cleanup.policy(id);
            var removed = dryRun ? cleanup.plan(id, policy, now) : cleanup.apply(id, policy, now);
            for (var c : removed) {
                out.println((dryRun ? "would delete " : "deleted ") + path
                        + (c.repository().isEmpty() ? "" : "/" + c.repository()) + ":" + c.tag());
            }
            tags += removed.size();
            progress.accept(new Maintenance.Progress("projects", i + 1, 0));
        }
        out.printf("cleanup: %d projects with a policy, %d tags %s%n", projects.size(), tags,
                dryRun ? "would be deleted" : "deleted (their manifests go at the next gc)");
        return 0;
    }
}
