package depot.server.api;

import depot.core.model.CiJob;
import depot.core.model.DeployToken;
import depot.core.model.Member;
import depot.core.model.Namespace;
import depot.core.model.PersonalAccessToken;
import depot.core.model.Project;
import depot.core.model.User;
import depot.http.GitLabJson;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

/** GitLab's JSON shapes for the management API. */
final class Json {
    private final String base;

    Json(String externalUrl) { this.base = externalUrl; }

    static String time(Long millis) { return millis == null ? null : GitLabJson.time(millis); }

    static String date(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis).atZone(ZoneOffset.UTC).toLocalDate().toString();
    }

    Map<String, Object> userBasic(User u) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", u.id());
        m.put("username", u.username());
        m.put("name", u.name());
        m.put("state", u.state());
        m.put("avatar_url", null);
        m.put("web_url", base + "/" + u.username());
        return m;
    }

    Map<String, Object> user(User u, boolean full) {
        Map<String, Object> m = userBasic(u);
        m.put("created_at", time(u.createdAt()));
        m.put("bio", "");
        if (full) {
            m.put("email", u.email());
            m.put("is_admin", u.admin());
            m.put("can_create_group", true);
            m.put("can_create_project", true);
        }
        return m;
    }

    /** GitLab's audit event shape; what happened is in {@code details}. */
    Map<String, Object> auditEvent(depot.core.db.AuditLog.Event e) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("action", e.action());
        details.put("author_name", e.authorName());
        details.put("target_type", e.targetType());
        details.put("target_id", e.targetId());
        details.put("target_details", e.targetDetails());
        details.put("ip_address", e.ipAddress());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.id());
        m.put("author_id", e.authorId() == null ? -1 : e.authorId());
        m.put("entity_id", e.targetId());
        m.put("entity_type", e.targetType());
        m.put("details", details);
        m.put("created_at", time(e.createdAt()));
        return m;
    }

    Map<String, Object> namespace(Namespace n) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", n.id());
        m.put("name", n.name());
        m.put("path", n.path());
        m.put("kind", n.kind());
        m.put("full_path", n.fullPath());
        m.put("parent_id", n.parentId());
        m.put("web_url", base + "/" + (n.group() ? "groups/" : "") + n.fullPath());
        return m;
    }

    Map<String, Object> group(Namespace n) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", n.id());
        m.put("web_url", base + "/groups/" + n.fullPath());
        m.put("name", n.name());
        m.put("path", n.path());
        m.put("description", n.description() == null ? "" : n.description());
        m.put("visibility", n.visibility());
        m.put("full_name", n.fullPath().replace("/", " / "));
        m.put("full_path", n.fullPath());
        m.put("parent_id", n.parentId());
        m.put("created_at", time(n.createdAt()));
        return m;
    }

    Map<String, Object> project(Project p, Namespace ns) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", p.id());
        m.put("description", p.description() == null ? "" : p.description());
        m.put("name", p.name());
        // the ancestors as full_name writes them (by path), the namespace and the project by name
        int last = ns.fullPath().lastIndexOf('/');
        String ancestors = last < 0 ? "" : ns.fullPath().substring(0, last).replace("/", " / ") + " / ";
        m.put("name_with_namespace", ancestors + ns.name() + " / " + p.name());
        m.put("path", p.path());
        m.put("path_with_namespace", p.fullPath());
        m.put("created_at", time(p.createdAt()));
        m.put("default_branch", "main");
        m.put("web_url", base + "/" + p.fullPath());
        m.put("visibility", p.visibility());
        m.put("packages_enabled", p.packagesEnabled());
        m.put("package_registry_access_level", p.packagesEnabled() ? "enabled" : "disabled");
        m.put("creator_id", p.creatorId());
        m.put("namespace", namespace(ns));
        m.put("_links", Map.of("self", base + "/api/v4/projects/" + p.id()));
        return m;
    }

    Map<String, Object> member(Member mb, User u) {
        Map<String, Object> m = userBasic(u);
        m.put("access_level", mb.accessLevel());
        m.put("created_at", time(mb.createdAt()));
        m.put("expires_at", date(mb.expiresAt()));
        return m;
    }

    Map<String, Object> personalToken(PersonalAccessToken t, long now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", t.id());
        m.put("name", t.name());
        m.put("revoked", t.revoked());
        m.put("created_at", time(t.createdAt()));
        m.put("scopes", t.scopeList());
        m.put("user_id", t.userId());
        m.put("last_used_at", time(t.lastUsedAt()));
        m.put("active", !t.revoked() && (t.expiresAt() == null || t.expiresAt() > now));
        m.put("expires_at", date(t.expiresAt()));
        return m;
    }

    Map<String, Object> deployToken(DeployToken t, long now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", t.id());
        m.put("name", t.name());
        m.put("username", t.username());
        m.put("expires_at", time(t.expiresAt()));
        m.put("revoked", t.revoked());
        m.put("expired", t.expiresAt() != null && t.expiresAt() <= now);
        m.put("scopes", t.scopeList());
        return m;
    }

    Map<String, Object> pipeline(CiJob j, User u) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", j.pipelineId());
        m.put("iid", j.pipelineId());
        m.put("project_id", j.projectId());
        m.put("sha", j.sha());
        m.put("ref", j.ref());
        m.put("status", "running".equals(j.status()) ? "running" : j.status());
        m.put("source", "push");
        m.put("created_at", time(j.createdAt()));
        m.put("updated_at", time(j.finishedAt() != null ? j.finishedAt() : j.createdAt()));
        m.put("web_url", base + "/-/pipelines/" + j.pipelineId());
        if (u != null) m.put("user", userBasic(u));
        return m;
    }

    Map<String, Object> job(CiJob j, User u) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", j.id());
        m.put("name", j.name());
        m.put("status", j.status());
        m.put("ref", j.ref());
        m.put("created_at", time(j.createdAt()));
        m.put("finished_at", time(j.finishedAt()));
        m.put("expires_at", time(j.expiresAt()));
        m.put("pipeline", Map.of("id", j.pipelineId(), "project_id", j.projectId(), "ref", j.ref(), "sha", j.sha()));
        m.put("project_id", j.projectId());
        if (u != null) m.put("user", userBasic(u));
        return m;
    }
}
