package depot.core.packages;

import depot.core.access.AccessService;
import depot.core.access.Principal;
import depot.core.db.Clock;
import depot.core.error.DepotException;
import depot.core.model.AccessLevel;
import depot.core.model.Project;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * GitLab's package protection rules. A rule names a package type and a name pattern ({@code *} matches any run of
 * characters, case is ignored) and the least role that may push or delete matching packages: {@code maintainer},
 * {@code owner} or {@code admin} for push, {@code owner} or {@code admin} for delete. A package is protected when any
 * rule matches; the strictest matching rule decides. Deploy tokens never push a protected package; a CI job acts with
 * its user's role; instance admins pass every rule. Enforced by {@link PackageService} for every format's publish and
 * delete. Thread-safe.
 */
public final class ProtectionRules {
    /** The roles a rule may ask for, weakest first. */
    public static final List<String> PUSH_LEVELS = List.of("maintainer", "owner", "admin");
    public static final List<String> DELETE_LEVELS = List.of("owner", "admin");
    public static final int MAX_PATTERN = 255;

    private final Jdbi jdbi;
    private final AccessService access;
    private final Clock clock;

    public record Rule(long id, long projectId, String packageType, String packageNamePattern,
                       String minimumAccessLevelForPush, String minimumAccessLevelForDelete) {
        /** Whether this rule covers a package of {@code type} named {@code name} (or its normalized form). */
        public boolean covers(String type, String name, String normalizedName) {
            return packageType.equals(type) && (matches(packageNamePattern, name) || matches(packageNamePattern, normalizedName));
        }

        /** The rule in a line, for audit events. */
        public String summary() {
            return packageType + " " + packageNamePattern + ": push " + minimumAccessLevelForPush + ", delete "
                    + minimumAccessLevelForDelete;
        }
    }

    /** A project's rules, read by every publish, kept while the directory counter (which rule changes move) stands. */
    private final depot.core.db.StampedCache<Long, List<Rule>> rules;

    public ProtectionRules(Jdbi jdbi, java.util.function.LongSupplier directoryCounter, AccessService access,
            Clock clock) {
        this.jdbi = jdbi;
        this.access = access;
        this.clock = clock;
        this.rules = new depot.core.db.StampedCache<>(directoryCounter, 10_000);
    }

    public List<Rule> list(long projectId) {
        return rules.get(projectId, () -> read(projectId));
    }

    private List<Rule> read(long projectId) {
        return jdbi.withHandle(h -> h.createQuery("""
                SELECT id, project_id, package_type, package_name_pattern, minimum_access_level_for_push,
                       minimum_access_level_for_delete FROM package_protection_rules WHERE project_id = :p ORDER BY id""")
                .bind("p", projectId).map((rs, ctx) -> new Rule(rs.getLong(1), rs.getLong(2), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6))).collect(java.util.stream.Collectors.toUnmodifiableList()));
    }

    public Optional<Rule> get(long projectId, long id) {
        return list(projectId).stream().filter(r -> r.id() == id).findFirst();
    }

    /**
     * Adds a rule; {@code types} are the package types Depot serves. Refuses (400) a missing or invalid field, a rule
     * that protects nothing, and (422, as GitLab) a second rule for the same type and pattern.
     */
    public Rule create(long projectId, String type, String pattern, String push, String delete, Set<String> types) {
        Rule r = validate(new Rule(0, projectId, type, pattern, blankToNull(push), blankToNull(delete)), types);
        long now = clock.now();
        try {
            long id = jdbi.withHandle(h -> h.createUpdate("""
                    INSERT INTO package_protection_rules (project_id, package_type, package_name_pattern,
                        minimum_access_level_for_push, minimum_access_level_for_delete, created_at, updated_at)
                    VALUES (:p, :t, :n, :push, :del, :now, :now)""")
                    .bind("p", projectId).bind("t", r.packageType()).bind("n", r.packageNamePattern())
                    .bind("push", r.minimumAccessLevelForPush()).bind("del", r.minimumAccessLevelForDelete())
                    .bind("now", now).executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
            return get(projectId, id).orElseThrow();
        } catch (UnableToExecuteStatementException e) {
            throw taken();
        }
    }

    /** Changes the fields given (null: unchanged; an empty level: none) and checks the result as {@link #create}. */
    public Rule update(Rule old, String type, String pattern, String push, String delete, Set<String> types) {
        Rule r = validate(new Rule(old.id(), old.projectId(), type != null ? type : old.packageType(),
                pattern != null ? pattern : old.packageNamePattern(),
                push != null ? blankToNull(push) : old.minimumAccessLevelForPush(),
                delete != null ? blankToNull(delete) : old.minimumAccessLevelForDelete()), types);
        try {
            jdbi.useHandle(h -> h.createUpdate("""
                    UPDATE package_protection_rules SET package_type = :t, package_name_pattern = :n,
                        minimum_access_level_for_push = :push, minimum_access_level_for_delete = :del, updated_at = :now
                    WHERE id = :id""")
                    .bind("t", r.packageType()).bind("n", r.packageNamePattern())
                    .bind("push", r.minimumAccessLevelForPush()).bind("del", r.minimumAccessLevelForDelete())
                    .bind("now", clock.now()).bind("id", r.id()).execute());
        } catch (UnableToExecuteStatementException e) {
            throw taken();
        }
        return get(old.projectId(), old.id()).orElseThrow();
    }

    public void delete(Rule rule) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM package_protection_rules WHERE id = :id")
                .bind("id", rule.id()).execute());
    }

    /** Refuses (403) a push of a package that a rule protects from the caller. */
    public void requirePush(Project project, String type, String name, String normalizedName, Principal actor) {
        String least = strictest(list(project.id()), type, name, normalizedName, true);
        if (least == null || AccessService.isAdmin(actor)) return;
        if (actor instanceof Principal.DeployTokenPrincipal) {
            throw new DepotException.Forbidden("403 Forbidden - Package protected: deploy tokens cannot push " + name);
        }
        if (!reaches(project, actor, least)) {
            throw new DepotException.Forbidden("403 Forbidden - Package protected: pushing " + name
                    + " needs at least the " + least + " role");
        }
    }

    /** Refuses (403) a delete of a package that a rule protects from the caller. */
    public void requireDelete(Project project, String type, String name, String normalizedName, Principal actor) {
        String least = strictest(list(project.id()), type, name, normalizedName, false);
        if (!passes(project, actor, least)) {
            throw new DepotException.Forbidden("403 Forbidden - Package protected: deleting " + name
                    + " needs at least the " + least + " role");
        }
    }

    /**
     * Whether {@code rules} (the project's, from {@link #list}: a page of packages reads them once) let the caller
     * delete the package; the role rules are the access service's.
     */
    public boolean mayDelete(List<Rule> rules, Project project, String type, String name, String normalizedName,
                             Principal actor) {
        return passes(project, actor, strictest(rules, type, name, normalizedName, false));
    }

    private boolean passes(Project project, Principal actor, String least) {
        return least == null || AccessService.isAdmin(actor) || reaches(project, actor, least);
    }

    private static String strictest(List<Rule> rules, String type, String name, String normalizedName, boolean push) {
        List<String> order = push ? PUSH_LEVELS : DELETE_LEVELS;
        String least = null;
        for (Rule r : rules) {
            String level = push ? r.minimumAccessLevelForPush() : r.minimumAccessLevelForDelete();
            if (level == null || !r.covers(type, name, normalizedName)) continue;
            if (least == null || order.indexOf(level) > order.indexOf(least)) least = level;
        }
        return least;
    }

    private boolean reaches(Project project, Principal actor, String least) {
        if (least.equals("admin") || actor.user() == null) return false;
        AccessLevel level = access.level(actor.user(), project);
        return level.atLeast(least.equals("owner") ? AccessLevel.OWNER : AccessLevel.MAINTAINER);
    }

    private static Rule validate(Rule r, Set<String> types) {
        if (r.packageType() == null || r.packageType().isBlank()) throw new DepotException.Invalid("package_type is missing");
        if (!types.contains(r.packageType())) {
            throw new DepotException.Invalid("package_type does not have a valid value (one of " + String.join(", ",
                    types.stream().sorted().toList()) + ")");
        }
        String pattern = r.packageNamePattern();
        if (pattern == null || pattern.isBlank()) throw new DepotException.Invalid("package_name_pattern is missing");
        if (pattern.length() > MAX_PATTERN || pattern.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new DepotException.Invalid("package_name_pattern is too long (at most " + MAX_PATTERN
                    + " characters) or holds a control character");
        }
        if (r.minimumAccessLevelForPush() != null && !PUSH_LEVELS.contains(r.minimumAccessLevelForPush())) {
            throw new DepotException.Invalid("minimum_access_level_for_push does not have a valid value ("
                    + String.join(", ", PUSH_LEVELS) + ")");
        }
        if (r.minimumAccessLevelForDelete() != null && !DELETE_LEVELS.contains(r.minimumAccessLevelForDelete())) {
            throw new DepotException.Invalid("minimum_access_level_for_delete does not have a valid value ("
                    + String.join(", ", DELETE_LEVELS) + ")");
        }
        if (r.minimumAccessLevelForPush() == null && r.minimumAccessLevelForDelete() == null) {
            throw new DepotException.Invalid("A rule must have at least a minimum access role for push or delete.");
        }
        return r;
    }

    private static String blankToNull(String s) { return s == null || s.isBlank() ? null : s.trim(); }

    private static DepotException taken() {
        return new DepotException.Conflict("Package name pattern has already been taken");
    }

    /**
     * Whether {@code name} matches {@code pattern}, where {@code *} matches any run of characters and case is ignored.
     * Linear in practice: on a mismatch it retries only from the last star (at most pattern × name steps).
     */
    static boolean matches(String pattern, String name) {
        if (name == null) return false;
        String p = pattern.toLowerCase(Locale.ROOT);
        String n = name.toLowerCase(Locale.ROOT);
        int pi = 0;
        int ni = 0;
        int star = -1;
        int resume = 0;
        while (ni < n.length()) {
            if (pi < p.length() && p.charAt(pi) == '*') {
                star = pi++;
                resume = ni;
            } else if (pi < p.length() && p.charAt(pi) == n.charAt(ni)) {
                pi++;
                ni++;
            } else if (star >= 0) {
                pi = star + 1;
                ni = ++resume;
            } else {
                return false;
            }
        }
        while (pi < p.length() && p.charAt(pi) == '*') pi++;
        return pi == p.length();
    }
}
