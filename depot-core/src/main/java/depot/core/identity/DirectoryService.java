package depot.core.identity;

import depot.core.access.Secrets;
import depot.core.db.Clock;
import depot.core.db.Database;
import depot.core.db.Directory;
import depot.core.db.Identities;
import depot.core.error.DepotException;
import depot.core.model.AccessLevel;
import depot.core.model.CiJob;
import depot.core.model.DeployToken;
import depot.core.model.Namespace;
import depot.core.model.PersonalAccessToken;
import depot.core.model.Project;
import depot.core.model.Scopes;
import depot.core.model.User;
import depot.core.model.Visibility;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Creating and removing users, groups, projects, members and credentials, with GitLab's naming rules.
 * Permission checks are the caller's; this class keeps the data consistent. Thread-safe.
 */
public final class DirectoryService {
    private static final Pattern PATH = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,254}");
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,254}");
    private final Database database;
    private final Directory directory;
    private final Identities identities;
    private final Secrets secrets;
    private final Clock clock;

    public DirectoryService(Database database, Directory directory, Identities identities, Secrets secrets,
                            Clock clock) {
        this.database = database;
        this.directory = directory;
        this.identities = identities;
        this.secrets = secrets;
        this.clock = clock;
    }

    /** A token as created: the row, and the secret, which is shown this once and never stored. */
    public record Issued<T>(T record, String token) {}

    public User createUser(String username, String name, String email, String password, boolean admin) {
        if (username == null || !USERNAME.matcher(username).matches() || username.endsWith(".git")
                || username.endsWith(".") || username.contains("..")) {
            throw new DepotException.Invalid("username is invalid");
        }
        if (RESERVED.contains(username.toLowerCase(java.util.Locale.ROOT))) {
            throw new DepotException.Invalid("username " + username + " is reserved");
        }
        if (email == null || !email.contains("@")) throw new DepotException.Invalid("email is invalid");
        if (password != null && password.length() < 8) {
            throw new DepotException.Invalid("password is too short (minimum is 8 characters)");
        }
        if (identities.userByUsername(username).isPresent() || directory.namespaceByPath(username).isPresent()) {
            throw new DepotException.Conflict("Username has already been taken");
        }
        String hash = password == null ? null : secrets.hashPassword(password);
        long id = database.jdbi().inTransaction(h -> {
            long now = clock.now();
            long ns = directory.insertNamespace("user", name == null ? username : name, username, username, null,
                    Visibility.PUBLIC.value(), null, now);
            return identities.insertUser(username, name == null ? username : name, email, hash, admin, ns, now);
        });
        return identities.user(id).orElseThrow();
    }

    public Namespace createGroup(String name, String path, Long parentId, String visibility, String description,
                                 User creator) {
        checkPath(path);
        if (parentId == null) checkTopLevel(path);
        Visibility v = visibility == null ? Visibility.PRIVATE : Visibility.of(visibility);
        String fullPath = path;
        if (parentId != null) {
            Namespace parent = directory.namespace(parentId).filter(Namespace::group)
                    .orElseThrow(() -> new DepotException.NotFound("404 Group Not Found"));
            fullPath = parent.fullPath() + "/" + path;
        }
        String full = fullPath;
        if (directory.namespaceByPath(full).isPresent() || directory.projectByPath(full).isPresent()) {
            throw new DepotException.Conflict("Failed to save group {:path=>[\"has already been taken\"]}");
        }
        long id = database.jdbi().inTransaction(h -> {
            long now = clock.now();
            long ns = directory.insertNamespace("group", name == null ? path : name, path, full, parentId, v.value(),
                    description, now);
            if (creator != null && parentId == null) {
                directory.upsertMember("namespace", ns, creator.id(), AccessLevel.OWNER.value(), null, now);
            }
            return ns;
        });
        return directory.namespace(id).orElseThrow();
    }

    public Project createProject(Namespace namespace, String name, String path, String visibility,
                                 boolean packagesEnabled, String description, User creator) {
        if (path == null && name != null) path = name.trim().toLowerCase().replaceAll("[^a-z0-9_.-]+", "-");
        checkPath(path);
        Visibility v = visibility == null ? Visibility.PRIVATE : Visibility.of(visibility);
        String fullPath = namespace.fullPath() + "/" + path;
        if (directory.projectByPath(fullPath).isPresent() || directory.namespaceByPath(fullPath).isPresent()) {
            throw new DepotException.Invalid("path has already been taken");
        }
        long id = directory.insertProject(namespace.id(), name == null ? path : name, path, fullPath, v.value(),
                packagesEnabled, description, creator == null ? null : creator.id(), clock.now());
        return directory.project(id).orElseThrow();
    }

    /**
     * Moves a project to another path in its namespace (GitLab's {@code PUT /projects/:id} with {@code path}): its
     * packages stay; URLs by the old path stop answering at once, those by id do not change.
     */
    public void changeProjectPath(Project project, String path) {
        checkPath(path);
        Namespace ns = directory.namespace(project.namespaceId()).orElseThrow();
        String fullPath = ns.fullPath() + "/" + path;
        if (fullPath.equals(project.fullPath())) return;
        if (directory.projectByPath(fullPath).isPresent() || directory.namespaceByPath(fullPath).isPresent()) {
            throw new DepotException.Invalid("path has already been taken");
        }
        directory.setProjectPath(project.id(), path, fullPath);
    }

    /** Deletes a project with its packages, members, tokens and jobs; blobs are left to gc. */
    public void deleteProject(Project project) {
        database.jdbi().useTransaction(h -> {
            h.createUpdate("DELETE FROM members WHERE source_type = 'project' AND source_id = :p")
                    .bind("p", project.id()).execute();
            directory.deleteProject(project.id());
        });
    }

    /** Deletes a group, its subgroups and all their projects. */
    public void deleteGroup(Namespace group) {
        database.jdbi().useTransaction(h -> {
            List<Long> namespaces = directory.descendantIds(group.id());
            for (Project p : directory.projectsIn(namespaces)) deleteProject(p);
            h.createUpdate("DELETE FROM members WHERE source_type = 'namespace' AND source_id IN (<ids>)")
                    .bindList("ids", namespaces).execute();
            directory.deleteNamespace(group.id());
        });
    }

    public Issued<PersonalAccessToken> createPersonalToken(User user, String name, List<String> scopes,
                                                           Long expiresAt, String fixedToken) {
        if (name == null || name.isBlank()) throw new DepotException.Invalid("name is missing");
        String stored = Scopes.join(scopes, Scopes.PERSONAL);
        String token = fixedToken != null ? fixedToken : secrets.newToken(Secrets.PERSONAL_PREFIX);
        long id = identities.insertPersonalToken(user.id(), name, Secrets.digest(token), stored, expiresAt, clock.now());
        return new Issued<>(identities.personalToken(id).orElseThrow(), token);
    }

    public Issued<DeployToken> createDeployToken(Long projectId, Long namespaceId, String name, String username,
                                                 List<String> scopes, Long expiresAt) {
        if (name == null || name.isBlank()) throw new DepotException.Invalid("name is missing");
        String stored = Scopes.join(scopes, Scopes.DEPLOY);
        String token = secrets.newToken(Secrets.DEPLOY_PREFIX);
        String user = username == null || username.isBlank() ? "gitlab+deploy-token-" + secrets.randomString(6) : username;
        long id = identities.insertDeployToken(projectId, namespaceId, name, user, Secrets.digest(token), stored,
                expiresAt, clock.now());
        return new Issued<>(identities.deployToken(id).orElseThrow(), token);
    }

    /** Opens a CI job for a project; its token is valid until the job finishes or {@code ttlMillis} pass. */
    public Issued<CiJob> openJob(Project project, User user, long pipelineId, String ref, String sha, String name,
                                 long ttlMillis) {
        if (ref == null || ref.isBlank()) throw new DepotException.Invalid("ref is missing");
        if (sha == null || !sha.matches("[0-9a-f]{7,64}")) throw new DepotException.Invalid("sha is invalid");
        if (ttlMillis <= 0 || ttlMillis > 7L * 24 * 3600 * 1000) throw new DepotException.Invalid("expires_in is invalid");
        String token = secrets.newToken(Secrets.JOB_PREFIX);
        long now = clock.now();
        long id = identities.insertJob(project.id(), user.id(), pipelineId, ref, sha, name == null ? "build" : name,
                Secrets.digest(token), now + ttlMillis, now);
        return new Issued<>(identities.job(id).orElseThrow(), token);
    }

    public void finishJob(CiJob job, String status) {
        if (!List.of("success", "failed", "canceled").contains(status)) {
            throw new DepotException.Invalid("status does not have a valid value");
        }
        identities.finishJob(job.id(), status, clock.now());
    }

    /**
     * Top-level paths Depot's own pages and APIs answer at ({@code /admin}, {@code /users/sign_in}, {@code /api/v4},
     * {@code /v2}, {@code /jwt/auth} …): no group or user may take one, or its home page could not be reached.
     */
    static final java.util.Set<String> RESERVED = java.util.Set.of("-", "admin", "api", "assets", "dashboard",
            "explore", "groups", "health", "help", "jwt", "metrics", "oauth", "projects", "search", "users", "v2");

    private static void checkTopLevel(String path) {
        if (path != null && RESERVED.contains(path.toLowerCase(java.util.Locale.ROOT))) {
            throw new DepotException.Invalid("path " + path + " is reserved");
        }
    }

    private static void checkPath(String path) {
        if (path == null || !PATH.matcher(path).matches() || path.endsWith(".git") || path.endsWith(".")
                || path.contains("..")) {
            throw new DepotException.Invalid("path is invalid");
        }
    }
}
