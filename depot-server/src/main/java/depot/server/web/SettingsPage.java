package depot.server.web;

import java.util.List;

/** Package settings: a project's registry switch, or a group's duplicate policy per format. */
public record SettingsPage(String title, String action, boolean project, boolean packagesEnabled,
                           List<Duplicates> duplicates, boolean saved) {

    public record Duplicates(String type, boolean allowed, String exceptionRegex) {}
}
