package depot.http;

import depot.core.packages.Maintenance;
import java.io.PrintStream;
import java.util.function.Consumer;

/**
 * A command a format adds to the {@code depot} command line (the container registry's {@code cleanup}). It runs
 * against the configured database and storage without the HTTP server, takes the settings every command takes and
 * {@code --dry-run}, reports long work through {@code progress} (drawn as a progress line) and its result on
 * {@code out}.
 */
public interface FormatCommand {
    /** The command's name ({@code depot <name>}); unique among every format's commands. */
    String name();

    /** One line for {@code depot --help}. */
    String description();

    /** Runs the command; answers the exit code. */
    int run(FormatContext services, boolean dryRun, PrintStream out, Consumer<Maintenance.Progress> progress)
            throws Exception;
}
