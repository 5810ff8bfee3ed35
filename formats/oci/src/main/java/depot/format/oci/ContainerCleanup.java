package depot.format.oci;

import depot.core.error.DepotException;
import depot.core.packages.UserPattern;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Tag cleanup policies of the container registry, with GitLab's rules: per image, a tag goes when its name matches
 * {@code name_regex}, does not match {@code name_regex_keep}, is not among the {@code keep_n} most recently updated
 * tags, and is older than {@code older_than}. {@link #plan} is the dry run; {@link #apply} deletes the tags it
 * lists (their manifests, untagged, go at the next gc). Thread-safe.
 */
public final class ContainerCleanup {
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private final Jdbi jdbi;

    public ContainerCleanup(Jdbi jdbi) { this.jdbi = jdbi; }

    public record Policy(boolean enabled, Integer keepN, String olderThan, String nameRegex, String nameRegexKeep) {
        public static final Policy DEFAULT = new Policy(false, 10, "90d", ".*", null);

        public Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("enabled", enabled);
            m.put("keep_n", keepN);
            m.put("older_than", olderThan);
            m.put("name_regex", nameRegex);
            m.put("name_regex_keep", nameRegexKeep);
            return m;
        }
    }

    /** A tag a policy removes. */
    public record Candidate(long repositoryId, String repository, String tag, String digest, long updatedAt) {}

    public Policy policy(long projectId) {
        Optional<String> stored = jdbi.withHandle(h -> h.createQuery(
                "SELECT settings FROM container_cleanup_policies WHERE project_id = :p").bind("p", projectId)
                .mapTo(String.class).findOne());
        return stored.map(json -> fromJson(JSON.readTree(json))).orElse(Policy.DEFAULT);
    }

    private static Policy fromJson(JsonNode n) {
        JsonNode keepN = n.path("keep_n");
        return new Policy(n.path("enabled").asBoolean(false), keepN.isNull() || keepN.isMissingNode() ? null : keepN.asInt(),
                text(n, "older_than"), text(n, "name_regex"), text(n, "name_regex_keep"));
    }

    /** Stores the attributes given (others keep their value), after checking them. */
    public Policy update(long projectId, JsonNode attributes) {
        Policy old = policy(projectId);
        ObjectNode merged = JSON.valueToTree(old.json());
        attributes.properties().forEach(e -> {
            if (old.json().containsKey(e.getKey())) merged.set(e.getKey(), e.getValue());
        });
        Policy p = checked(fromJson(merged));
        String json = JSON.writeValueAsString(p.json());
        jdbi.useHandle(h -> h.createUpdate("""
                INSERT INTO container_cleanup_policies (project_id, settings) VALUES (:p, :s)
                ON CONFLICT (project_id) DO UPDATE SET settings = excluded.settings""")
                .bind("p", projectId).bind("s", json).execute());
        return p;
    }

    /** Throws Invalid unless every attribute of the policy is usable. */
    public Policy checked(Policy p) {
        if (p.keepN() != null && p.keepN() < 0) throw new DepotException.Invalid("keep_n must not be negative");
        if (p.olderThan() != null) days(p.olderThan());
        pattern(p.nameRegex());
        pattern(p.nameRegexKeep());
        return p;
    }

    /** The tags {@code policy} would remove now, image by image; nothing is changed. */
    public List<Candidate> plan(long projectId, Policy policy, long now) {
        UserPattern remove = pattern(policy.nameRegex());
        UserPattern keep = pattern(policy.nameRegexKeep());
        long cutoff = policy.olderThan() == null ? Long.MAX_VALUE : now - days(policy.olderThan()) * 86_400_000L;
        record Tag(long repositoryId, String repository, String name, String digest, long updatedAt) {}
        List<Tag> tags = jdbi.withHandle(h -> h.createQuery("""
                SELECT r.id, r.name, t.name, m.digest, t.updated_at
                FROM oci_tags t JOIN oci_repositories r ON r.id = t.repository_id
                JOIN oci_manifests m ON m.id = t.manifest_id
                WHERE r.project_id = :p ORDER BY r.id, t.updated_at DESC, m.id DESC""")
                .bind("p", projectId)
                .map((rs, c) -> new Tag(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5)))
                .list());
        List<Candidate> out = new ArrayList<>();
        long repository = -1;
        int rank = 0;
        for (Tag t : tags) {
            if (t.repositoryId() != repository) {
                repository = t.repositoryId();
                rank = 0;
            }
            rank++;
            if (policy.keepN() != null && rank <= policy.keepN()) continue;
            if (remove == null || !remove.matchesWhole(t.name())) continue;
            if (keep != null && keep.matchesWhole(t.name())) continue;
            if (t.updatedAt() >= cutoff) continue;
            out.add(new Candidate(t.repositoryId(), t.repository(), t.name(), t.digest(), t.updatedAt()));
        }
        return out;
    }

    /** Deletes the tags of {@link #plan}; returns them. */
    public List<Candidate> apply(long projectId, Policy policy, long now) {
        List<Candidate> doomed = plan(projectId, policy, now);
        jdbi.useTransaction(h -> {
            for (Candidate c : doomed) {
                h.createUpdate("DELETE FROM oci_tags WHERE repository_id = :r AND name = :t")
                        .bind("r", c.repositoryId()).bind("t", c.tag()).execute();
            }
        });
        return doomed;
    }

    /** Projects whose policy is enabled. */
    public List<Long> enabledProjects() {
        return jdbi.withHandle(h -> h.createQuery("SELECT project_id FROM container_cleanup_policies ORDER BY project_id")
                .mapTo(Long.class).list()).stream().filter(id -> policy(id).enabled()).toList();
    }

    private static long days(String olderThan) {
        String v = olderThan.trim();
        if (!v.matches("\\d{1,4}d")) throw new DepotException.Invalid("older_than must be a number of days such as 90d");
        return Long.parseLong(v.substring(0, v.length() - 1));
    }

    private static UserPattern pattern(String regex) {
        if (regex == null || regex.isEmpty()) return null;
        return UserPattern.compile(regex, "the tag name pattern");
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.path(field);
        return v.isString() && !v.asString().isEmpty() ? v.asString() : null;
    }
}
