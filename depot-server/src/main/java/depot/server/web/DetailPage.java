package depot.server.web;

import depot.http.PackageDetails;
import java.util.List;

/**
 * One package as its detail page shows it. {@code readmeHtml} is already sanitised HTML, or null. {@code versions}
 * holds every version of the package, newest first in its format's order, unless {@code versionCount} says more
 * exist (the page then links to all of them).
 */
public record DetailPage(String name, String version, String type, String typeLabel, String projectPath, String url,
                         String listUrl, boolean deletable, boolean filesDeletable, PackageDetails details,
                         Summary summary, List<Activity> activity, List<File> files, List<Version> versions,
                         int versionCount, String readmeHtml, long downloads, String downloadChart,
                         List<ListPage.Link> crumbs) {

    /** Created when and by whom, last updated when. */
    public record Summary(long createdAt, Publish creator, long updatedAt) {}

    /** One publish (its files together) or one other action, newest first. */
    public record Activity(long at, String action, int files, Publish publish) {
        public String described() {
            return action.equals("published") ? "Published" + (files > 1 ? " " + files + " files" : "")
                    : Character.toUpperCase(action.charAt(0)) + action.substring(1);
        }
    }

    public record File(long id, String name, long size, String sha256, long createdAt, String downloadUrl,
                       long downloads) {}

    public record Version(String label, String url, long createdAt, boolean current) {}

    public boolean readmeHasCode() { return Markdown.hasCode(readmeHtml); }

    public String versionsAllUrl() { return url + "?versions=all#versions-h"; }
}
