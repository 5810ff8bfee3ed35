package depot.server.web;

import java.util.List;

/** A group's dependency proxy: the cached images, the bytes they hold, and whether the viewer may purge them. */
public record ProxyPage(String groupPath, String host, List<Image> images, String blobBytes, boolean purgeable) {

    public record Image(String image, String reference, String digest, String size, String readAt) {}

    public String base() { return "/groups/" + groupPath + "/-/dependency_proxy"; }

    public String prefix() { return host + "/" + groupPath + "/dependency_proxy/containers"; }
}
