package depot.server.web;

import depot.core.packages.ProtectionRules;
import java.util.List;

/**
 * Package settings: a project's registry switch and its package protection rules (with the types and roles a new
 * rule may name, and why the last change was refused), or a group's duplicate policy per format.
 */
public record SettingsPage(String title, String action, boolean project, boolean packagesEnabled,
                           List<Duplicates> duplicates, List<ProtectionRules.Rule> rules,
                           List<Type> types, String error, StorageReport.Storage storage, String topLevel) {

    /** A format's duplicate policy; {@code label} is its readable name. */
    public record Duplicates(String type, String label, boolean allowed, String exceptionRegex) {}

    /** A package type a protection rule may name, and its readable name. */
    public record Type(String type, String label) {}

    /** Where the page sits: the path's groups and project, then Packages, then these settings. */
    public List<ListPage.Link> crumbs() {
        String packages = (project ? "/" : "/groups/") + title + "/-/packages";
        return Crumbs.of(title, new ListPage.Link("Packages", packages), new ListPage.Link("Package settings", action));
    }

    public String packagesUrl() { return (project ? "/" : "/groups/") + title + "/-/packages"; }

    public List<String> pushLevels() { return ProtectionRules.PUSH_LEVELS; }

    public List<String> deleteLevels() { return ProtectionRules.DELETE_LEVELS; }
}
