package depot.server.api;

import depot.core.error.DepotException;
import depot.core.model.AccessLevel;
import depot.core.model.Namespace;
import depot.core.upstream.CacheEntry;
import depot.core.upstream.Upstream;
import depot.core.upstream.Upstreams;
import depot.http.Paging;
import depot.http.Params;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The upstream registries a group's (or, for admins, the instance's) reads go through, per package type, in order;
 * and what was cached from each. Maintainers configure a group's, Reporters read its cache entries; a password is
 * never shown back. Reporters read a group's list and its cache entries. The fields are those of GitLab's virtual
 * registry upstreams.
 */
final class UpstreamsApi {
    private final Upstreams upstreams;
    private final Guard guard;
    private final Set<String> types;

    UpstreamsApi(Upstreams upstreams, Guard guard, Set<String> types) {
        this.upstreams = upstreams;
        this.guard = guard;
        this.types = types;
    }

    void routes(Api.Router r) {
        // Reporters see the list (never a password), as on the group's upstream page; Maintainers change it
        r.get("/groups/{id}/-/upstreams", ctx -> list(ctx, ownerOf(ctx, AccessLevel.REPORTER, false)));
        r.post("/groups/{id}/-/upstreams", ctx -> create(ctx, ownerOf(ctx, AccessLevel.MAINTAINER, true)));
        r.get("/groups/{id}/-/upstreams/{upstream_id}", ctx ->
                ctx.json(json(upstream(ctx, ownerOf(ctx, AccessLevel.REPORTER, false)))));
        r.put("/groups/{id}/-/upstreams/{upstream_id}", ctx -> edit(ctx, ownerOf(ctx, AccessLevel.MAINTAINER, true)));
        r.delete("/groups/{id}/-/upstreams/{upstream_id}", ctx -> {
            upstreams.delete(upstream(ctx, ownerOf(ctx, AccessLevel.MAINTAINER, true)));
            Api.noContent(ctx);
        });
        r.get("/groups/{id}/-/upstreams/{upstream_id}/cache_entries", ctx ->
                entries(ctx, upstream(ctx, ownerOf(ctx, AccessLevel.REPORTER, false))));
        r.delete("/groups/{id}/-/upstreams/{upstream_id}/cache_entries/{entry_id}", ctx ->
                deleteEntry(ctx, upstream(ctx, ownerOf(ctx, AccessLevel.MAINTAINER, true))));
        r.get("/upstreams", ctx -> list(ctx, instance(ctx, false)));
        r.post("/upstreams", ctx -> create(ctx, instance(ctx, true)));
        r.get("/upstreams/{upstream_id}", ctx -> ctx.json(json(upstream(ctx, instance(ctx, false)))));
        r.put("/upstreams/{upstream_id}", ctx -> edit(ctx, instance(ctx, true)));
        r.delete("/upstreams/{upstream_id}", ctx -> {
            upstreams.delete(upstream(ctx, instance(ctx, true)));
            Api.noContent(ctx);
        });
        r.get("/upstreams/{upstream_id}/cache_entries", ctx -> entries(ctx, upstream(ctx, instance(ctx, false))));
        r.delete("/upstreams/{upstream_id}/cache_entries/{entry_id}", ctx -> deleteEntry(ctx, upstream(ctx, instance(ctx, true))));
    }

    /** Whose list a route names: a group, or the instance (null). */
    private record Owner(Long namespaceId) {}

    private Owner ownerOf(Context ctx, AccessLevel level, boolean write) {
        Namespace group = guard.group(ctx);
        guard.groupLevel(ctx, group, level, write);
        return new Owner(group.id());
    }

    private Owner instance(Context ctx, boolean write) {
        guard.admin(ctx, write);
        return new Owner(null);
    }

    private Upstream upstream(Context ctx, Owner owner) {
        long id = Api.id(ctx, "upstream_id", "Upstream");
        return upstreams.find(id).filter(u -> java.util.Objects.equals(u.namespaceId(), owner.namespaceId()))
                .orElseThrow(() -> Api.notFound("Upstream"));
    }

    private void list(Context ctx, Owner owner) {
        String type = ctx.queryParam("package_type");
        if (type != null) type(type);
        ctx.json(upstreams.of(owner.namespaceId(), type).stream().map(this::json).toList());
    }

    private void create(Context ctx, Owner owner) {
        Params p = new Params(ctx);
        String type = type(p.required("package_type"));
        ctx.status(201).json(json(upstreams.create(owner.namespaceId(), type, fields(p))));
    }

    private void edit(Context ctx, Owner owner) {
        Upstream u = upstream(ctx, owner);
        Params p = new Params(ctx);
        String type = p.string("package_type");
        if (type != null && !type.equals(u.packageType())) {
            throw new DepotException.Invalid("package_type cannot be changed");
        }
        ctx.json(json(upstreams.update(u, fields(p))));
    }

    private static Upstreams.Fields fields(Params p) {
        return new Upstreams.Fields(p.string("name"), p.string("description"), p.string("url"), p.string("username"),
                p.string("password"), p.intValue("cache_validity_hours"), p.intValue("metadata_cache_validity_hours"),
                p.intValue("position"));
    }

    private String type(String type) {
        if (!types.contains(type)) {
            throw new DepotException.Invalid("package_type must be one of " + types.stream().sorted().toList()
                    + " (the formats that read through upstreams)");
        }
        return type;
    }

    private void entries(Context ctx, Upstream u) {
        int page = Paging.page(ctx);
        int perPage = Paging.perPage(ctx);
        Paging.headers(ctx, upstreams.rows().countEntries(u.id()), page, perPage);
        ctx.json(upstreams.rows().entries(u.id(), page, perPage).stream().map(e -> entryJson(u, e)).toList());
    }

    private void deleteEntry(Context ctx, Upstream u) {
        long id = Api.id(ctx, "entry_id", "Cache Entry");
        CacheEntry e = upstreams.rows().entry(id).filter(x -> x.upstreamId() == u.id())
                .orElseThrow(() -> Api.notFound("Cache Entry"));
        upstreams.rows().deleteEntry(e.id());
        Api.noContent(ctx);
    }

    private Map<String, Object> json(Upstream u) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", u.id());
        m.put("group_id", u.namespaceId());
        m.put("package_type", u.packageType());
        m.put("position", u.position());
        m.put("name", u.name());
        m.put("description", u.description());
        m.put("url", u.url());
        m.put("username", u.username());
        m.put("password_set", u.password() != null);
        m.put("cache_validity_hours", u.cacheValidityHours());
        m.put("metadata_cache_validity_hours", u.metadataCacheValidityHours());
        m.put("created_at", Instant.ofEpochMilli(u.createdAt()).toString());
        m.put("updated_at", Instant.ofEpochMilli(u.updatedAt()).toString());
        return m;
    }

    private static Map<String, Object> entryJson(Upstream u, CacheEntry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.id());
        m.put("group_id", u.namespaceId());
        m.put("upstream_id", u.id());
        m.put("kind", e.kind());
        m.put("relative_path", e.relativePath());
        m.put("file_sha256", e.sha256());
        m.put("size", e.size());
        m.put("content_type", e.contentType());
        m.put("upstream_etag", e.upstreamEtag());
        m.put("downloads_count", e.downloadsCount());
        m.put("upstream_checked_at", Instant.ofEpochMilli(e.upstreamCheckedAt()).toString());
        m.put("created_at", Instant.ofEpochMilli(e.createdAt()).toString());
        return m;
    }
}
