package depot.format.debian;

import depot.core.access.AccessService;
import depot.core.access.Action;
import depot.core.access.Principal;
import depot.core.error.DepotException;
import depot.core.model.AccessLevel;
import depot.core.model.Namespace;
import depot.core.model.Project;
import depot.format.debian.DistributionStore.Distribution;
import depot.format.debian.DistributionStore.Fields;
import depot.http.ApiRoutes;
import depot.http.BoundedJson;
import depot.http.FormatContext;
import depot.http.Paging;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * GitLab's Debian distributions API at a project ({@code /projects/:id/debian_distributions}) and a group
 * ({@code /groups/:id/-/debian_distributions}): list (by codename or suite), create, show, update, delete, and the
 * distribution's public key ({@code …/:codename/key.asc}). Parameters come as a query, a form or a JSON body;
 * components and architectures as arrays or comma-separated. Reading needs the packages' read right; creating and
 * changing, Developer; deleting, Maintainer; at a group, Maintainer in the group for every change.
 */
final class DistributionApi {
    private static final ObjectMapper JSON = BoundedJson.mapper(10_000);
    private final FormatContext s;
    private final ApiRoutes guard;
    private final DistributionStore distributions;

    DistributionApi(ApiRoutes routes, DistributionStore distributions) {
        this.s = routes.services();
        this.guard = routes;
        this.distributions = distributions;
    }

    /** Where a request's distributions live: a project's or a group's. */
    private record Owner(String column, long id, String path) {}

    void routes(ApiRoutes r) {
        for (boolean project : List.of(true, false)) {
            String base = project ? "/projects/{id}/debian_distributions" : "/groups/{id}/-/debian_distributions";
            r.add(HandlerType.GET, base, ctx -> {
                Owner o = owner(ctx, project, Action.READ);
                String codename = ctx.queryParam("codename"), suite = ctx.queryParam("suite");
                List<Map<String, Object>> out = new ArrayList<>();
                for (Distribution d : list(o)) {
                    if ((codename == null || codename.equals(d.codename())) && (suite == null || suite.equals(d.suite()))) {
                        out.add(render(d));
                    }
                }
                ctx.json(Paging.apply(ctx, out));
            });
            r.add(HandlerType.POST, base, ctx -> {
                Owner o = owner(ctx, project, Action.WRITE);
                Fields f = fields(ctx, null);
                ctx.status(201).json(render(distributions.create(o.column(), o.id(), o.path(), f)));
            });
            r.add(HandlerType.GET, base + "/{codename}", ctx -> ctx.json(render(one(ctx, owner(ctx, project, Action.READ)))));
            r.add(HandlerType.GET, base + "/{codename}/key.asc", ctx -> {
                Distribution d = one(ctx, owner(ctx, project, Action.READ));
                ctx.header("X-Content-Type-Options", "nosniff");
                ctx.contentType("text/plain; charset=utf-8").result(distributions.withKeys(d).publicKey());
            });
            r.add(HandlerType.PUT, base + "/{codename}", ctx -> {
                Owner o = owner(ctx, project, Action.WRITE);
                Distribution d = one(ctx, o);
                ctx.json(render(distributions.update(d, fields(ctx, d.codename()))));
            });
            r.add(HandlerType.DELETE, base + "/{codename}", ctx -> {
                Owner o = owner(ctx, project, Action.DELETE);
                Distribution d = one(ctx, o);
                distributions.delete(d);
                s.audit(guard.principal(ctx), "debian_distribution_deleted", o.column().equals("project_id") ? "Project" : "Group",
                        o.id(), "Debian distribution " + d.codename());
                ctx.status(204);
            });
        }
    }

    private List<Distribution> list(Owner o) {
        return o.column().equals("project_id") ? distributions.ofProject(o.id()) : distributions.ofGroup(o.id());
    }

    private Distribution one(Context ctx, Owner o) {
        String codename = ctx.pathParam("codename");
        return list(o).stream().filter(d -> d.codename().equals(codename)).findFirst()
                .orElseThrow(() -> new DepotException.NotFound("404 Not found"));
    }

    private Owner owner(Context ctx, boolean project, Action action) {
        if (project) {
            Project p = guard.project(ctx);
            s.access().check(guard.principal(ctx), p, action);
            return new Owner("project_id", p.id(), p.fullPath());
        }
        Namespace g = guard.group(ctx);
        if (action != Action.READ) {
            Principal principal = guard.principal(ctx);
            AccessLevel needed = AccessLevel.MAINTAINER;
            boolean allowed = AccessService.isAdmin(principal)
                    || principal instanceof Principal.UserPrincipal u && u.hasAnyScope(Set.of("api"))
                    && s.access().namespaceLevel(u.user(), g.id()).atLeast(needed);
            if (principal instanceof Principal.Anonymous) throw new DepotException.Unauthenticated("401 Unauthorized");
            if (!allowed) throw new DepotException.Forbidden("403 Forbidden");
        }
        return new Owner("group_id", g.id(), g.fullPath());
    }

    /** The request's fields, from its JSON body, form or query (in that order of preference). */
    private static Fields fields(Context ctx, String codename) {
        JsonNode body = null;
        String type = ctx.contentType() == null ? "" : ctx.contentType();
        if (type.startsWith("application/json")) {
            try {
                body = JSON.readTree(ctx.bodyAsBytes());
            } catch (JacksonException e) {
                throw new DepotException.Invalid("the body is not a JSON object");
            }
            if (!body.isObject()) throw new DepotException.Invalid("the body is not a JSON object");
        }
        String valid = text(ctx, body, "valid_time_duration_seconds");
        Long seconds;
        try {
            seconds = valid == null || valid.isBlank() ? null : Long.parseLong(valid.strip());
        } catch (NumberFormatException e) {
            throw new DepotException.Invalid("valid_time_duration_seconds is not a number");
        }
        String name = text(ctx, body, "codename");
        return new Fields(name != null ? name : codename, text(ctx, body, "suite"), text(ctx, body, "origin"),
                text(ctx, body, "label"), text(ctx, body, "version"), text(ctx, body, "description"), seconds,
                list(ctx, body, "components"), list(ctx, body, "architectures"));
    }

    private static String text(Context ctx, JsonNode body, String name) {
        if (body != null && body.has(name)) return body.get(name).isNull() ? null : body.get(name).asString();
        String v = ctx.formParam(name);
        return v != null ? v : ctx.queryParam(name);
    }

    private static List<String> list(Context ctx, JsonNode body, String name) {
        List<String> values = new ArrayList<>();
        if (body != null && body.has(name)) {
            JsonNode n = body.get(name);
            if (n.isArray()) n.forEach(x -> values.add(x.asString()));
            else values.addAll(Arrays.asList(n.asString().split("[,\\s]+")));
        } else {
            List<String> given = new ArrayList<>(ctx.formParams(name + "[]"));
            given.addAll(ctx.formParams(name));
            if (given.isEmpty()) {
                given.addAll(ctx.queryParams(name + "[]"));
                given.addAll(ctx.queryParams(name));
            }
            if (given.isEmpty()) return null;
            for (String g : given) values.addAll(Arrays.asList(g.split("[,\\s]+")));
        }
        values.removeIf(String::isBlank);
        return values;
    }

    private static Map<String, Object> render(Distribution d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", d.id());
        m.put("codename", d.codename());
        m.put("suite", d.suite());
        m.put("origin", d.origin());
        m.put("label", d.label());
        m.put("version", d.version());
        m.put("description", d.description());
        m.put("valid_time_duration_seconds", d.validTimeDurationSeconds());
        m.put("components", d.components());
        m.put("architectures", d.architectures());
        return m;
    }
}
