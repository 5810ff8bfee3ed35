package depot.core.access;

import depot.core.db.Clock;
import depot.core.db.Directory;
import depot.core.error.DepotException;
import depot.core.model.AccessLevel;
import depot.core.model.DeployToken;
import depot.core.model.Member;
import depot.core.model.Namespace;
import depot.core.model.Project;
import depot.core.model.Scopes;
import depot.core.model.User;
import depot.core.model.Visibility;
import java.util.List;
import java.util.Set;

/**
 * The one place that decides who may read, publish and delete packages, following GitLab's rules
 * (see ARCHITECTURE.md, "Authorization"). Those who may not see a project get "not found", anonymous callers
 * get "unauthenticated" so that clients which send credentials only after a challenge can answer it.
 * Thread-safe.
 */
public final class AccessService {
    /**
     * Which token scopes allow what, in one of the two areas tokens distinguish: the package registry and the
     * container registry. Levels and visibility rules are the same in both.
     */
    public enum Area {
        PACKAGES(Set.of(Scopes.API, Scopes.READ_API, Scopes.READ_PACKAGES, Scopes.WRITE_PACKAGES),
                Set.of(Scopes.API, Scopes.WRITE_PACKAGES), Set.of(Scopes.API),
                Set.of(Scopes.READ_PACKAGES, Scopes.WRITE_PACKAGES), Set.of(Scopes.WRITE_PACKAGES)),
        REGISTRY(Set.of(Scopes.API, Scopes.READ_API, Scopes.READ_REGISTRY, Scopes.WRITE_REGISTRY),
                Set.of(Scopes.API, Scopes.WRITE_REGISTRY), Set.of(Scopes.API, Scopes.WRITE_REGISTRY),
                Set.of(Scopes.READ_REGISTRY, Scopes.WRITE_REGISTRY), Set.of(Scopes.WRITE_REGISTRY));

        private final Set<String> read;
        private final Set<String> write;
        private final Set<String> delete;
        private final Set<String> deployRead;
        private final Set<String> deployWrite;

        Area(Set<String> read, Set<String> write, Set<String> delete, Set<String> deployRead,
             Set<String> deployWrite) {
            this.read = read;
            this.write = write;
            this.delete = delete;
            this.deployRead = deployRead;
            this.deployWrite = deployWrite;
        }

        Set<String> personal(Action action) {
            return switch (action) {
                case READ -> read;
                case WRITE -> write;
                case DELETE -> delete;
            };
        }
    }

    private final Directory directory;
    private final Clock clock;

    public AccessService(Directory directory, Clock clock) {
        this.directory = directory;
        this.clock = clock;
    }

    /** Throws unless {@code principal} may do {@code action} to the packages of {@code project}. */
    public void check(Principal principal, Project project, Action action) {
        check(principal, project, action, Area.PACKAGES);
    }

    /** Throws unless {@code principal} may do {@code action} in {@code area} of {@code project}. */
    public void check(Principal principal, Project project, Action action, Area area) {
        if (!canSee(principal, project)) throw hidden(principal, "404 Project Not Found");
        if (!allowed(principal, project, action, area)) {
            if (principal instanceof Principal.Anonymous) throw new DepotException.Unauthenticated("401 Unauthorized");
            throw new DepotException.Forbidden("403 Forbidden");
        }
    }

    public boolean may(Principal principal, Project project, Action action) {
        return may(principal, project, action, Area.PACKAGES);
    }

    public boolean may(Principal principal, Project project, Action action, Area area) {
        return canSee(principal, project) && allowed(principal, project, action, area);
    }

    /** Whether the project's existence may be known to the caller. */
    public boolean canSee(Principal principal, Project project) {
        if (isAdmin(principal)) return true;
        Visibility visibility = project.visibilityLevel();
        if (visibility == Visibility.PUBLIC) return true;
        if (principal instanceof Principal.UserPrincipal u) {
            return visibility == Visibility.INTERNAL || level(u.user(), project).atLeast(AccessLevel.GUEST);
        }
        if (principal instanceof Principal.DeployTokenPrincipal d) return belongs(d.token(), project);
        if (principal instanceof Principal.JobPrincipal j) return j.job().projectId() == project.id();
        return false;
    }

    private boolean allowed(Principal principal, Project project, Action action, Area area) {
        if (principal instanceof Principal.UserPrincipal u) return userAllowed(u, project, action, area);
        if (principal instanceof Principal.DeployTokenPrincipal d) {
            return deployAllowed(d.token(), project, action, area);
        }
        if (principal instanceof Principal.JobPrincipal j) return jobAllowed(j, project, action);
        return action == Action.READ && project.visibilityLevel() == Visibility.PUBLIC;
    }

    private boolean userAllowed(Principal.UserPrincipal u, Project project, Action action, Area area) {
        if (!u.hasAnyScope(area.personal(action))) return false;
        if (u.user().admin()) return true;
        AccessLevel level = level(u.user(), project);
        return switch (action) {
            case READ -> project.visibilityLevel() != Visibility.PRIVATE || level.atLeast(AccessLevel.REPORTER);
            case WRITE -> level.atLeast(AccessLevel.DEVELOPER);
            case DELETE -> level.atLeast(AccessLevel.MAINTAINER);
        };
    }

    private boolean deployAllowed(DeployToken token, Project project, Action action, Area area) {
        if (action == Action.READ && project.visibilityLevel() == Visibility.PUBLIC) return true;
        if (!belongs(token, project)) return false;
        List<String> scopes = token.scopeList();
        return switch (action) {
            case READ -> scopes.stream().anyMatch(area.deployRead::contains);
            case WRITE -> scopes.stream().anyMatch(area.deployWrite::contains);
            case DELETE -> false;
        };
    }

    private boolean jobAllowed(Principal.JobPrincipal j, Project project, Action action) {
        if (j.job().projectId() != project.id()) {
            return action == Action.READ && project.visibilityLevel() == Visibility.PUBLIC;
        }
        AccessLevel level = level(j.user(), project);
        if (!level.atLeast(AccessLevel.DEVELOPER)) return false;   // see actsForDeveloper
        return switch (action) {
            case READ, WRITE -> true;
            case DELETE -> level.atLeast(AccessLevel.MAINTAINER);
        };
    }

    /**
     * Whether a job's user is still a developer of the job's project: a job acts for its user only while that holds
     * (admins included — a job is no admin), so a user who leaves takes their jobs' access along.
     */
    public boolean actsForDeveloper(Principal.JobPrincipal j) {
        return directory.project(j.job().projectId()).map(p -> actsForDeveloper(j, p)).orElse(false);
    }

    private boolean actsForDeveloper(Principal.JobPrincipal j, Project project) {
        return level(j.user(), project).atLeast(AccessLevel.DEVELOPER);
    }

    private boolean belongs(DeployToken token, Project project) {
        if (token.projectId() != null) return token.projectId() == project.id();
        return token.namespaceId() != null
                && directory.lineage(project.namespaceId()).stream().anyMatch(n -> n.id() == token.namespaceId());
    }

    /** The user's effective access level in a project: direct, inherited from groups, or as namespace owner. */
    public AccessLevel level(User user, Project project) {
        if (user == null) return AccessLevel.NONE;
        int best = directory.member("project", project.id(), user.id()).filter(this::current)
                .map(Member::accessLevel).orElse(0);
        if (user.namespaceId() == project.namespaceId()) best = AccessLevel.OWNER.value();
        return AccessLevel.of(Math.max(best, namespaceLevel(user, project.namespaceId()).value()));
    }

    /** The user's access level in a group, inherited from its ancestors. */
    public AccessLevel namespaceLevel(User user, long namespaceId) {
        if (user == null) return AccessLevel.NONE;
        int best = 0;
        for (Namespace n : directory.lineage(namespaceId)) {
            best = Math.max(best, directory.member("namespace", n.id(), user.id()).filter(this::current)
                    .map(Member::accessLevel).orElse(0));
        }
        return AccessLevel.of(best);
    }

    /** Whether a group's existence may be known to the caller. */
    public boolean canSeeGroup(Principal principal, Namespace group) {
        if (isAdmin(principal)) return true;
        Visibility visibility = Visibility.of(group.visibility());
        if (visibility == Visibility.PUBLIC) return true;
        if (principal instanceof Principal.UserPrincipal u) {
            return visibility == Visibility.INTERNAL
                    || namespaceLevel(u.user(), group.id()).atLeast(AccessLevel.GUEST)
                    || directory.projectsIn(directory.descendantIds(group.id())).stream()
                            .anyMatch(p -> level(u.user(), p).atLeast(AccessLevel.GUEST));
        }
        if (principal instanceof Principal.DeployTokenPrincipal d) {
            return d.token().namespaceId() != null
                    && directory.lineage(group.id()).stream().anyMatch(n -> n.id() == d.token().namespaceId());
        }
        if (principal instanceof Principal.JobPrincipal j) {
            return directory.project(j.job().projectId())
                    .filter(p -> actsForDeveloper(j, p))
                    .map(p -> directory.lineage(p.namespaceId()).stream().anyMatch(n -> n.id() == group.id()))
                    .orElse(false);
        }
        return false;
    }

    /**
     * Whether the caller may pull images through a group's dependency proxy, as in GitLab: members of the group
     * (Guest and up, inherited), deploy tokens of the group or an ancestor with a registry scope, CI jobs of a
     * project in the group, and admins. Personal tokens need a registry-reading scope.
     */
    public boolean mayUseDependencyProxy(Principal principal, Namespace group) {
        if (isAdmin(principal)) return true;
        if (principal instanceof Principal.UserPrincipal u) {
            return u.hasAnyScope(Area.REGISTRY.personal(Action.READ))
                    && namespaceLevel(u.user(), group.id()).atLeast(AccessLevel.GUEST);
        }
        if (principal instanceof Principal.DeployTokenPrincipal d) {
            return d.token().namespaceId() != null
                    && directory.lineage(group.id()).stream().anyMatch(n -> n.id() == d.token().namespaceId())
                    && d.token().scopeList().stream().anyMatch(Area.REGISTRY.deployRead::contains);
        }
        if (principal instanceof Principal.JobPrincipal j) {
            return directory.project(j.job().projectId())
                    .filter(p -> actsForDeveloper(j, p))
                    .map(p -> directory.lineage(p.namespaceId()).stream().anyMatch(n -> n.id() == group.id()))
                    .orElse(false);
        }
        return false;
    }

    public static boolean isAdmin(Principal principal) {
        return principal instanceof Principal.UserPrincipal u && u.user().admin();
    }

    private boolean current(Member m) {
        return m.expiresAt() == null || m.expiresAt() > clock.now();
    }

    /** The error for something the caller may not see: a challenge for anonymous callers, else not found. */
    public static DepotException hidden(Principal principal, String notFoundMessage) {
        if (principal instanceof Principal.Anonymous) return new DepotException.Unauthenticated("401 Unauthorized");
        return new DepotException.NotFound(notFoundMessage);
    }
}
