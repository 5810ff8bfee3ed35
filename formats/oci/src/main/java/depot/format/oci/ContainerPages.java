package depot.format.oci;

import depot.core.access.AccessService;
import depot.core.access.Action;
import depot.core.access.Principal;
import depot.core.error.DepotException;
import depot.core.model.AccessLevel;
import depot.core.model.Namespace;
import depot.core.model.Project;
import depot.http.FormatContext;
import depot.http.FormatPage.Block;
import depot.http.FormatPage.Cell;
import depot.http.FormatPage;
import depot.http.PageRoutes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The container registry's pages: a project's images with their tags (deletable by those who may), and a group's
 * dependency proxy cache (purgeable by its maintainers); and the images' bytes on the admin page.
 */
final class ContainerPages {
    static final String REGISTRY = "container_registry";
    static final String PROXY = "dependency_proxy";
    private static final int TAGS_SHOWN = 500;
    private final FormatContext services;
    private final ContainerStore store;
    private final ProxyStore proxyStore;

    ContainerPages(FormatContext services, ContainerStore store, ProxyStore proxyStore) {
        this.services = services;
        this.store = store;
        this.proxyStore = proxyStore;
    }

    void register(PageRoutes pages) {
        pages.project(REGISTRY, "Container registry", new PageRoutes.Page<>() {
            @Override
            public FormatPage render(Principal viewer, Project project) { return registry(viewer, project); }

            @Override
            public boolean visible(Principal viewer, Project project) {
                return services.access().may(viewer, project, Action.READ, AccessService.Area.REGISTRY);
            }

            @Override
            public String post(Principal viewer, Project project, String action, java.util.Map<String, String> values) {
                return delete(viewer, project, action);
            }
        });
        pages.group(PROXY, "Dependency proxy", new PageRoutes.Page<>() {
            @Override
            public FormatPage render(Principal viewer, Namespace group) { return proxy(viewer, group); }

            @Override
            public boolean visible(Principal viewer, Namespace group) {
                return services.access().mayUseDependencyProxy(viewer, group);
            }

            @Override
            public void post(Principal viewer, Namespace group, String action) { purge(viewer, group, action); }
        });
        pages.storage("Container images", store::bytesByProject);
    }

    private String host() { return services.externalUrl().replaceFirst("^https?://", ""); }

    private FormatPage registry(Principal viewer, Project project) {
        services.access().check(viewer, project, Action.READ, AccessService.Area.REGISTRY);
        boolean deletable = services.access().may(viewer, project, Action.DELETE, AccessService.Area.REGISTRY);
        String path = project.fullPath();
        List<Block> blocks = new ArrayList<>();
        blocks.add(new FormatPage.Link("Packages", "/" + path + "/-/packages"));
        blocks.add(new FormatPage.Snippet("registry-commands", "Push and pull", "docker login " + host() + "\n"
                + "docker build -t " + host() + "/" + path + " .\n" + "docker push " + host() + "/" + path));
        List<ContainerStore.RepositorySummary> repositories = store.repositoriesOf(project.id());
        if (repositories.isEmpty()) blocks.add(new FormatPage.Text("No container images yet.", "empty"));
        for (ContainerStore.RepositorySummary r : repositories) {
            String name = r.name().isEmpty() ? path : path + "/" + r.name();
            List<Block> inside = new ArrayList<>();
            inside.add(new FormatPage.Text(r.tags() + (r.tags() == 1 ? " tag" : " tags") + " · "
                    + FormatPage.bytes(r.size()) + " of layers and configs"));
            List<List<Cell>> rows = store.tagRows(r.id(), TAGS_SHOWN).stream().map(t -> List.of(
                    Cell.code(t.name(), null),
                    Cell.copy("docker pull " + host() + "/" + name + ":" + t.name(), "Pull command of " + name + ":" + t.name()),
                    Cell.copy(t.digest(), "Digest of " + name + ":" + t.name()),
                    Cell.size(t.size()),
                    Cell.time(Instant.ofEpochMilli(t.updatedAt()).toString()),
                    Cell.form(deletable ? new FormatPage.Form("Delete", r.id() + "/tags/" + t.name() + "/delete",
                            "Delete tag " + t.name() + " of " + name + "?", true) : null))).toList();
            inside.add(rows.isEmpty() ? new FormatPage.Text("No tags.", "empty")
                    : new FormatPage.Table("tags", List.of("Tag", "Pull", "Digest", "Size", "Updated", ""), rows));
            if (deletable) {
                inside.add(new FormatPage.Form("Delete repository", r.id() + "/delete", "Delete repository " + name
                        + " and its " + r.tags() + (r.tags() == 1 ? " tag?" : " tags?"), true));
            }
            blocks.add(new FormatPage.Section("repo-" + r.id(), "repository", name, inside));
        }
        return new FormatPage(path + " container registry", "Container registry of " + path, blocks);
    }

    /** {@code :repository_id/tags/:tag/delete} and {@code :repository_id/delete}. */
    private String delete(Principal viewer, Project project, String action) {
        String[] parts = action.split("/");
        if (parts.length == 2 && parts[1].equals("delete") && !parts[0].isEmpty() && parts[0].length() <= 18
                && parts[0].chars().allMatch(Character::isDigit)) {
            services.access().check(viewer, project, Action.DELETE, AccessService.Area.REGISTRY);
            long repository = Long.parseLong(parts[0]);
            ContainerStore.RepositorySummary repo = store.repositoriesOf(project.id()).stream()
                    .filter(r -> r.id() == repository).findFirst()
                    .orElseThrow(() -> new DepotException.NotFound("404 Not Found"));
            String name = repo.name().isEmpty() ? project.fullPath() : project.fullPath() + "/" + repo.name();
            store.deleteRepository(repository);
            services.audit(viewer, "package_deleted", "ContainerRepository", repository,
                    "container repository " + name + " and all its tags (web UI)");
            return "Deleted repository " + name + ".";
        }
        if (parts.length != 4 || !parts[0].chars().allMatch(Character::isDigit) || parts[0].isEmpty()
                || parts[0].length() > 18 || !parts[1].equals("tags") || !parts[3].equals("delete")) {
            throw new DepotException.NotFound("404 Not Found");
        }
        services.access().check(viewer, project, Action.DELETE, AccessService.Area.REGISTRY);
        long repository = Long.parseLong(parts[0]);
        boolean ours = store.repositoriesOf(project.id()).stream().anyMatch(r -> r.id() == repository);
        if (!ours || !store.deleteTag(repository, parts[2])) throw new DepotException.NotFound("404 Not Found");
        services.audit(viewer, "package_deleted", "ContainerImage", repository,
                "tag " + project.fullPath() + ":" + parts[2] + " (web UI)");
        return "Deleted tag " + parts[2] + ".";
    }

    private Namespace proxyGroup(Principal viewer, Namespace group) {
        if (!services.access().mayUseDependencyProxy(viewer, group)) throw AccessService.hidden(viewer, "404 Not Found");
        return group;
    }

    private boolean mayPurge(Principal viewer, Namespace group) {
        return viewer.user() != null && (viewer.user().admin()
                || services.access().namespaceLevel(viewer.user(), group.id()).atLeast(AccessLevel.MAINTAINER));
    }

    private FormatPage proxy(Principal viewer, Namespace group) {
        proxyGroup(viewer, group);
        String path = group.fullPath();
        List<Block> blocks = new ArrayList<>();
        if (services.option("dependency_proxy_upstream") == null) {
            blocks.add(new FormatPage.Text("No upstream registry is configured: an administrator sets "
                    + "dependency_proxy_upstream, and until then a pull through the proxy is refused.", "notice"));
        }
        blocks.add(new FormatPage.Snippet("proxy-commands", "Pull through the proxy", "docker login " + host() + "\n"
                + "docker pull " + host() + "/" + path + "/dependency_proxy/containers/alpine:latest"));
        blocks.add(new FormatPage.Text("Cached blobs: " + FormatPage.bytes(proxyStore.proxyBlobBytes(group.id()))));
        List<List<Cell>> rows = proxyStore.proxyImages(group.id()).stream().map(i -> List.of(
                Cell.code(i.image() + ":" + i.reference(), null),
                Cell.code(i.digest().substring(0, Math.min(i.digest().length(), 19)), i.digest()),
                Cell.size(i.size()),
                Cell.time(Instant.ofEpochMilli(i.readAt()).toString()))).toList();
        blocks.add(rows.isEmpty() ? new FormatPage.Text("Nothing cached yet.", "empty")
                : new FormatPage.Table("proxy", List.of("Image", "Digest", "Manifest size", "Last pulled"), rows));
        if (mayPurge(viewer, group)) {
            blocks.add(new FormatPage.Form("Clear the cache", "purge", "Remove every cached image of " + path + "?", true));
        }
        return new FormatPage(path + " dependency proxy", "Dependency proxy of " + path, blocks);
    }

    private void purge(Principal viewer, Namespace group, String action) {
        if (!action.equals("purge")) throw new DepotException.NotFound("404 Not Found");
        proxyGroup(viewer, group);
        if (!mayPurge(viewer, group)) throw new DepotException.Forbidden("403 Forbidden");
        proxyStore.purgeProxy(group.id());
    }
}
