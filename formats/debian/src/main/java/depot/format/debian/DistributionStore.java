package depot.format.debian;

import depot.http.OpenPgpKey;
import depot.core.error.DepotException;
import depot.http.FormatContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * The {@code debian_distributions} table: a project's or a group's distributions (GitLab's fields) with each one's
 * signing key, made when the distribution is created and kept with its secret part encrypted under the instance's
 * passphrase ({@code debian_signing_passphrase}, else one generated once and kept in the settings table).
 */
final class DistributionStore {
    static final Pattern CODENAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    static final Pattern COMPONENT = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
    static final String PASSPHRASE_SETTING = "debian_signing_passphrase";
    private static final String FIELDS = "id, project_id, group_id, codename, suite, origin, label, version, description, "
            + "valid_time_duration_seconds, components, architectures, created_at, updated_at";

    /** One distribution; exactly one of {@code projectId} and {@code groupId} is set. */
    record Distribution(long id, Long projectId, Long groupId, String codename, String suite, String origin,
                        String label, String version, String description, Long validTimeDurationSeconds,
                        List<String> components, List<String> architectures, String secretKey, String publicKey,
                        long createdAt, long updatedAt) {}

    /** The fields a caller sets (null: not given). */
    record Fields(String codename, String suite, String origin, String label, String version, String description,
                  Long validTimeDurationSeconds, List<String> components, List<String> architectures) {}

    private final Jdbi jdbi;
    private final FormatContext s;
    private final char[] passphrase;
    private final int keyBits;
    private final ConcurrentHashMap<Long, OpenPgpKey> keys = new ConcurrentHashMap<>();

    DistributionStore(FormatContext s) {
        this.s = s;
        this.jdbi = s.database().jdbi();
        this.passphrase = OpenPgpKey.passphrase(s, PASSPHRASE_SETTING);
        this.keyBits = OpenPgpKey.bits(s);
    }

    List<Distribution> ofProject(long projectId) { return list("project_id", projectId); }

    List<Distribution> ofGroup(long groupId) { return list("group_id", groupId); }

    /** The distribution named {@code name}, its codename or else its suite (as apt names it in sources.list). */
    Optional<Distribution> find(String owner, long ownerId, String name) {
        List<Distribution> all = list(owner, ownerId);
        Optional<Distribution> byCodename = all.stream().filter(d -> d.codename().equals(name)).findFirst();
        return byCodename.isPresent() ? byCodename : all.stream().filter(d -> name.equals(d.suite())).findFirst();
    }

    private List<Distribution> list(String owner, long ownerId) {
        // the keys stay in the table: read on every apt request, a list needs only the fields ({@link #withKeys})
        return jdbi.withHandle(h -> h.createQuery("SELECT " + FIELDS + ", '' AS secret_key, '' AS public_key "
                        + "FROM debian_distributions WHERE " + owner + " = :o ORDER BY id")
                .bind("o", ownerId).map((rs, ctx) -> row(rs, ctx)).list());
    }

    /** Refuses (409) a codename or suite that names another of the owner's distributions already. */
    private void requireUnique(String owner, long ownerId, Long self, String codename, String suite) {
        for (Distribution other : list(owner, ownerId)) {
            if (self != null && other.id() == self) continue;
            if (codename.equals(other.codename()) || codename.equals(other.suite())) {
                throw new DepotException.Conflict("Codename has already been taken (by a codename or suite)");
            }
            if (suite != null && !suite.isEmpty() && (suite.equals(other.codename()) || suite.equals(other.suite()))) {
                throw new DepotException.Conflict("Suite has already been taken (by a codename or suite)");
            }
        }
    }

    /** Creates a distribution with a new signing key; 409 when the owner already has the codename (or a suite so named). */
    Distribution create(String owner, long ownerId, String ownerPath, Fields f) {
        check(f);
        requireUnique(owner, ownerId, null, f.codename(), f.suite());
        if (find(owner, ownerId, f.codename()).filter(d -> d.codename().equals(f.codename())).isPresent()) {
            throw new DepotException.Conflict("Codename has already been taken");
        }
        String secret = OpenPgpKey.generate("Depot " + ownerPath + " " + f.codename() + " <debian@depot.invalid>", passphrase, keyBits);
        String pub = OpenPgpKey.load(secret, passphrase).publicKeyArmored();
        long now = s.clock().now();
        try {
            long id = jdbi.withHandle(h -> h.createUpdate("""
                    INSERT INTO debian_distributions (project_id, group_id, codename, suite, origin, label, version,
                        description, valid_time_duration_seconds, components, architectures, secret_key, public_key,
                        created_at, updated_at)
                    VALUES (:p, :g, :codename, :suite, :origin, :label, :version, :description, :valid, :components,
                        :architectures, :secret, :pub, :now, :now)""")
                    .bind("p", owner.equals("project_id") ? ownerId : null)
                    .bind("g", owner.equals("group_id") ? ownerId : null)
                    .bind("codename", f.codename()).bind("suite", f.suite()).bind("origin", f.origin())
                    .bind("label", f.label()).bind("version", f.version()).bind("description", f.description())
                    .bind("valid", f.validTimeDurationSeconds())
                    .bind("components", String.join(" ", components(f.components(), List.of())))
                    .bind("architectures", String.join(" ", architectures(f.architectures(), List.of())))
                    .bind("secret", secret).bind("pub", pub).bind("now", now)
                    .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
            return byId(id).orElseThrow();
        } catch (RuntimeException e) {
            if (find(owner, ownerId, f.codename()).isPresent()) throw new DepotException.Conflict("Codename has already been taken");
            throw e;
        }
    }

    /** Changes the given fields (components and architectures are replaced when given). */
    Distribution update(Distribution d, Fields f) {
        check(new Fields(f.codename() == null ? d.codename() : f.codename(), f.suite(), f.origin(), f.label(),
                f.version(), f.description(), f.validTimeDurationSeconds(), f.components(), f.architectures()));
        if (f.codename() != null && !f.codename().equals(d.codename())) {
            throw new DepotException.Invalid("codename cannot be changed (it names the distribution in sources.list)");
        }
        if (f.suite() != null) {
            requireUnique(d.projectId() != null ? "project_id" : "group_id", d.projectId() != null ? d.projectId() : d.groupId(),
                    d.id(), d.codename(), f.suite());
        }
        jdbi.useHandle(h -> h.createUpdate("""
                UPDATE debian_distributions SET suite = :suite, origin = :origin, label = :label, version = :version,
                    description = :description, valid_time_duration_seconds = :valid, components = :components,
                    architectures = :architectures, updated_at = :now WHERE id = :id""")
                .bind("suite", f.suite() != null ? f.suite() : d.suite())
                .bind("origin", f.origin() != null ? f.origin() : d.origin())
                .bind("label", f.label() != null ? f.label() : d.label())
                .bind("version", f.version() != null ? f.version() : d.version())
                .bind("description", f.description() != null ? f.description() : d.description())
                .bind("valid", f.validTimeDurationSeconds() != null ? f.validTimeDurationSeconds() : d.validTimeDurationSeconds())
                .bind("components", String.join(" ", f.components() != null ? components(f.components(), List.of()) : d.components()))
                .bind("architectures", String.join(" ", f.architectures() != null ? architectures(f.architectures(), List.of()) : d.architectures()))
                .bind("now", Math.max(s.clock().now(), d.updatedAt() + 1)).bind("id", d.id()).execute());
        return byId(d.id()).orElseThrow();
    }

    /** The distribution named {@code codename}, created with defaults if there is none (also when another upload races). */
    Distribution findOrCreate(String owner, long ownerId, String ownerPath, String codename) {
        Optional<Distribution> d = find(owner, ownerId, codename);
        if (d.isPresent()) return d.get();
        try {
            return create(owner, ownerId, ownerPath, new Fields(codename, null, null, null, null, null, null, null, null));
        } catch (DepotException.Conflict e) {
            return find(owner, ownerId, codename).orElseThrow(() -> e);
        }
    }

    /**
     * Adds a component and an architecture an upload names to the distribution's lists, so that the API shows what
     * its Release lists (which takes them from the files themselves, so a lost race here hides nothing from apt).
     */
    void include(Distribution d, String component, String architecture) {
        if (d.components().contains(component) && d.architectures().contains(architecture)) return;
        update(d, new Fields(null, null, null, null, null, null, null,
                components(List.of(component), d.components()), architectures(List.of(architecture), d.architectures())));
    }

    void delete(Distribution d) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM debian_distributions WHERE id = :id").bind("id", d.id()).execute());
        keys.remove(d.id());
    }

    Optional<Distribution> byId(long id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM debian_distributions WHERE id = :id").bind("id", id)
                .map((rs, ctx) -> row(rs, ctx)).findOne());
    }

    /** The distribution's signing key, decrypted once per process. */
    OpenPgpKey key(Distribution d) {
        return keys.computeIfAbsent(d.id(), id -> OpenPgpKey.load(withKeys(d).secretKey(), passphrase));
    }

    /** The distribution with its armored keys, which lists leave out. */
    Distribution withKeys(Distribution d) {
        return d.secretKey().isEmpty() ? byId(d.id()).orElseThrow(() -> new DepotException.NotFound("404 Not found")) : d;
    }

    private static void check(Fields f) {
        if (f.codename() == null || !CODENAME.matcher(f.codename()).matches()) {
            throw new DepotException.Invalid("codename is missing or invalid (letters, digits, . _ -; at most 100)");
        }
        if (f.suite() != null && !f.suite().isEmpty() && !CODENAME.matcher(f.suite()).matches()) {
            throw new DepotException.Invalid("suite is invalid (letters, digits, . _ -; at most 100)");
        }
        for (String text : Arrays.asList(f.origin(), f.label(), f.version(), f.description())) {
            if (text != null && (text.length() > 255 || text.chars().anyMatch(ch -> ch < 32))) {
                throw new DepotException.Invalid("origin, label, version and description are single lines of at most 255 characters");
            }
        }
        if (f.validTimeDurationSeconds() != null && f.validTimeDurationSeconds() < 86_400 && f.validTimeDurationSeconds() != 0) {
            throw new DepotException.Invalid("valid_time_duration_seconds must be at least 86400 (a day)");
        }
    }

    /** {@code given} checked and appended to {@code base}, in order, without repeats; "main" when both are empty. */
    static List<String> components(List<String> given, List<String> base) {
        LinkedHashSet<String> all = new LinkedHashSet<>(base);
        for (String c : given == null ? List.<String>of() : given) {
            if (!COMPONENT.matcher(c).matches()) throw new DepotException.Invalid("invalid component " + Control.shown(c));
            all.add(c);
        }
        if (all.isEmpty()) all.add("main");
        if (all.size() > 32) throw new DepotException.Invalid("a distribution has at most 32 components");
        return new ArrayList<>(all);
    }

    /** {@code given} checked and appended to {@code base}; "all" always (GitLab's default), and at most 32. */
    static List<String> architectures(List<String> given, List<String> base) {
        LinkedHashSet<String> all = new LinkedHashSet<>();
        all.add("all");
        all.addAll(base);
        for (String a : given == null ? List.<String>of() : given) {
            if (a.length() > 64 || !DebFile.ARCHITECTURE.matcher(a).matches()) {
                throw new DepotException.Invalid("invalid architecture " + Control.shown(a));
            }
            all.add(a);
        }
        if (all.size() > 32) throw new DepotException.Invalid("a distribution has at most 32 architectures");
        return new ArrayList<>(all);
    }

    private static Distribution row(java.sql.ResultSet rs, StatementContext ctx) throws java.sql.SQLException {
        long valid = rs.getLong("valid_time_duration_seconds");
        Long validSeconds = rs.wasNull() ? null : valid;
        long project = rs.getLong("project_id");
        Long projectId = rs.wasNull() ? null : project;
        long group = rs.getLong("group_id");
        Long groupId = rs.wasNull() ? null : group;
        return new Distribution(rs.getLong("id"), projectId, groupId, rs.getString("codename"), rs.getString("suite"),
                rs.getString("origin"), rs.getString("label"), rs.getString("version"), rs.getString("description"),
                validSeconds, List.of(rs.getString("components").split(" ")),
                List.of(rs.getString("architectures").split(" ")), rs.getString("secret_key"),
                rs.getString("public_key"), rs.getLong("created_at"), rs.getLong("updated_at"));
    }
}
