package depot.core.upstream;

import depot.core.db.Clock;
import depot.core.db.DirectoryReads;
import depot.core.db.UpstreamRows;
import depot.core.error.DepotException;
import depot.core.model.Namespace;
import depot.core.packages.Housekeeper;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The upstream registries of groups and of the instance, and what was cached from them. A group reads through its own
 * list for a type; a group without one, through its nearest ancestor's that has one, else the instance's.
 */
public final class Upstreams implements Housekeeper {
    /** GitLab's defaults: files and metadata re-checked after a day. */
    public static final int DEFAULT_CACHE_VALIDITY_HOURS = 24;
    public static final int DEFAULT_METADATA_CACHE_VALIDITY_HOURS = 24;
    public static final int MAX_CACHE_VALIDITY_HOURS = 24 * 365;
    /** How long a resolved list is kept: another node of a cluster sees a change within this. */
    static final long EFFECTIVE_MILLIS = 5_000;
    private final UpstreamRows rows;
    private final DirectoryReads directory;
    private final Clock clock;
    private final java.util.concurrent.ConcurrentHashMap<String, Effective> effective =
            new java.util.concurrent.ConcurrentHashMap<>();

    private record Effective(List<Upstream> list, long at) {}

    public Upstreams(UpstreamRows rows, DirectoryReads directory, Clock clock) {
        this.rows = rows;
        this.directory = directory;
        this.clock = clock;
    }

    public UpstreamRows rows() { return rows; }

    /** What a client may set; null leaves a field as it is (on create: its default). */
    public record Fields(String name, String description, String url, String username, String password,
                         Integer cacheValidityHours, Integer metadataCacheValidityHours, Integer position) {}

    /**
     * The list a read at {@code group}'s scope (null: the instance's) goes through, in order; kept for a few seconds
     * (reads of package indexes at a group ask for it on every request), and dropped at once by a change made
     * through this node. Another node of a cluster sees a change within {@link #EFFECTIVE_MILLIS}.
     */
    public List<Upstream> effective(Namespace group, String type) {
        String key = (group == null ? "" : group.id()) + "/" + type;
        long now = System.nanoTime();
        Effective kept = effective.get(key);
        if (kept != null && now - kept.at() < EFFECTIVE_MILLIS * 1_000_000L) return kept.list();
        List<Upstream> list = resolve(group, type);
        if (effective.size() > 10_000) effective.clear();
        effective.put(key, new Effective(list, now));
        return list;
    }

    private List<Upstream> resolve(Namespace group, String type) {
        Long id = group == null ? null : group.id();
        for (int depth = 0; id != null && depth < 64; depth++) {
            List<Upstream> own = rows.of(id, type);
            if (!own.isEmpty()) return own;
            id = directory.namespace(id).map(Namespace::parentId).orElse(null);
        }
        return rows.of(null, type);
    }

    public List<Upstream> of(Long namespaceId, String type) { return rows.of(namespaceId, type); }

    public Optional<Upstream> find(long id) { return rows.find(id); }

    public Upstream create(Long namespaceId, String type, Fields f) {
        if (f.url() == null) throw new DepotException.Invalid("url is missing");
        long now = clock.now();
        String url = checkedUrl(f.url());
        Upstream u = new Upstream(0, namespaceId, type, 0, checkedName(f.name() == null ? URI.create(url).getHost() : f.name()),
                checkedDescription(f.description()), url, checkedCredential("username", f.username()),
                checkedCredential("password", f.password()),
                checkedHours("cache_validity_hours",
                        f.cacheValidityHours() == null ? DEFAULT_CACHE_VALIDITY_HOURS : f.cacheValidityHours()),
                checkedHours("metadata_cache_validity_hours", f.metadataCacheValidityHours() == null
                        ? DEFAULT_METADATA_CACHE_VALIDITY_HOURS : f.metadataCacheValidityHours()),
                now, now);
        checkedPosition(f.position());
        Upstream created = rows.insert(u);
        if (f.position() != null) {
            rows.move(created, f.position());
            created = rows.find(created.id()).orElse(created);
        }
        effective.clear();
        return created;
    }

    public Upstream update(Upstream old, Fields f) {
        String url = f.url() == null ? old.url() : checkedUrl(f.url());
        // a new URL with the old credentials could hand them to another host: they are dropped unless given again
        boolean moved = !url.equals(old.url());
        String username = f.username() != null ? checkedCredential("username", f.username()) : moved ? null : old.username();
        String password = f.password() != null ? checkedCredential("password", f.password()) : moved ? null : old.password();
        Upstream u = new Upstream(old.id(), old.namespaceId(), old.packageType(), old.position(),
                f.name() == null ? old.name() : checkedName(f.name()),
                f.description() == null ? old.description() : checkedDescription(f.description()), url, username,
                password, f.cacheValidityHours() == null ? old.cacheValidityHours()
                        : checkedHours("cache_validity_hours", f.cacheValidityHours()),
                f.metadataCacheValidityHours() == null ? old.metadataCacheValidityHours()
                        : checkedHours("metadata_cache_validity_hours", f.metadataCacheValidityHours()),
                old.createdAt(), clock.now());
        checkedPosition(f.position());
        rows.update(u, moved);
        if (f.position() != null) rows.move(u, f.position());
        effective.clear();
        return rows.find(u.id()).orElse(u);
    }

    public void delete(Upstream u) {
        rows.delete(u);
        effective.clear();
    }

    /** {@code url} as it is stored (trimmed, without a trailing slash), or a 400 saying what is wrong with it. */
    public static String checkedUrl(String url) {
        String trimmed = url.trim();
        URI uri;
        try {
            uri = new URI(trimmed);
        } catch (java.net.URISyntaxException e) {
            throw new DepotException.Invalid("url is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new DepotException.Invalid("url must be an http or https URL with a host");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw new DepotException.Invalid("url must have no query, fragment or credentials (set username and password)");
        }
        if (trimmed.length() > 2048) throw new DepotException.Invalid("url is longer than 2048 characters");
        return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    }

    private static String checkedName(String name) {
        if (name.isBlank() || name.length() > 255) throw new DepotException.Invalid("name must have 1 to 255 characters");
        return name.trim();
    }

    private static String checkedDescription(String d) {
        if (d != null && d.length() > 1024) throw new DepotException.Invalid("description is longer than 1024 characters");
        return d == null || d.isBlank() ? null : d;
    }

    private static String checkedCredential(String field, String value) {
        if (value == null || value.isEmpty()) return null;
        if (value.length() > (field.equals("password") ? 1024 : 255) || value.chars().anyMatch(c -> c < 0x20)) {
            throw new DepotException.Invalid(field + " is too long or has control characters");
        }
        return value;
    }

    private static void checkedPosition(Integer position) {
        if (position != null && position < 1) throw new DepotException.Invalid("position must be 1 or more");
    }

    private static int checkedHours(String field, int hours) {
        if (hours < 0 || hours > MAX_CACHE_VALIDITY_HOURS) {
            throw new DepotException.Invalid(field + " must be between 0 and " + MAX_CACHE_VALIDITY_HOURS);
        }
        return hours;
    }

    // ---- gc

    @Override
    public String name() { return "upstream cache"; }

    @Override
    public List<String> blobColumns() { return List.of("upstream_cache_entries.sha256"); }

    @Override
    public Map<String, Long> collect(long now, long graceMillis) { return Map.of(); }
}
