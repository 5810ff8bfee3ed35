package depot.it.formats;

import depot.it.support.Api;

/** The private project hostile uploads go to ({@code path}, in the group {@code group}), and the client to send them. */
public record HostileProject(Api api, long id, String group, String path) {
    /** The project's package API, ending in "/": a format appends its segment ("maven/…"). */
    public String packages() { return "/api/v4/projects/" + id + "/packages/"; }
}
