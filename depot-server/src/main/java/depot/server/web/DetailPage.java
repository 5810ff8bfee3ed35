package depot.server.web;

import depot.http.PackageDetails;
import java.util.List;

/** One package as its detail page shows it. {@code readmeHtml} is already sanitised HTML, or null. */
public record DetailPage(String name, String version, String type, String projectPath, String url, String listUrl,
                         boolean deletable, boolean filesDeletable, PackageDetails details, List<Event> events, List<File> files,
                         List<Link> otherVersions, String readmeHtml, List<ListPage.Link> crumbs) {

    public record Event(String at, String action, String who, String pipeline) {}

    public record File(long id, String name, long size, String sha256, String downloadUrl) {}

    public record Link(String label, String url) {}
}
