package depot.server.api;

import depot.core.error.DepotException;
import depot.core.model.AccessLevel;
import depot.core.model.Member;
import depot.core.model.User;
import depot.http.Paging;
import depot.http.Params;
import depot.server.Services;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;

/** Members of projects and groups: list, add, edit, remove. */
final class MembersApi {
    private final Services s;
    private final Guard guard;
    private final Json json;

    MembersApi(Services services, Guard guard, Json json) {
        this.s = services;
        this.guard = guard;
        this.json = json;
    }

    /** The project or group a members route is about, with what the caller may do there. */
    private record Source(String type, long id, AccessLevel callerLevel, boolean admin) {}

    void routes(Api.Router r) {
        for (String kind : List.of("projects", "groups")) {
            String base = "/" + kind + "/{id}/members";
            r.get(base, ctx -> list(ctx, source(ctx, kind, false)));
            r.get(base + "/all", ctx -> list(ctx, source(ctx, kind, false)));
            r.get(base + "/{user_id}", ctx -> {
                Source src = source(ctx, kind, false);
                Member m = member(ctx, src);
                ctx.json(json.member(m, s.identities().user(m.userId()).orElseThrow()));
            });
            r.post(base, ctx -> save(ctx, source(ctx, kind, true), true));
            r.put(base + "/{user_id}", ctx -> save(ctx, source(ctx, kind, true), false));
            r.delete(base + "/{user_id}", ctx -> {
                Source src = source(ctx, kind, true);
                Member m = member(ctx, src);
                requireManage(src, m.accessLevel());
                s.directory().deleteMember(src.type(), src.id(), m.userId());
                Api.noContent(ctx);
            });
        }
    }

    private Source source(Context ctx, String kind, boolean write) {
        User caller = write ? guard.user(ctx, true) : guard.optionalUser(ctx);
        boolean admin = caller != null && caller.admin();
        if (kind.equals("projects")) {
            var p = guard.project(ctx);
            return new Source("project", p.id(), caller == null ? AccessLevel.NONE : s.access().level(caller, p), admin);
        }
        var g = guard.group(ctx);
        return new Source("namespace", g.id(),
                caller == null ? AccessLevel.NONE : s.access().namespaceLevel(caller, g.id()), admin);
    }

    private void list(Context ctx, Source src) {
        List<Map<String, Object>> members = s.directory().members(src.type(), src.id()).stream()
                .map(m -> json.member(m, s.identities().user(m.userId()).orElseThrow())).toList();
        ctx.json(Paging.apply(ctx, members));
    }

    private Member member(Context ctx, Source src) {
        long userId = Api.id(ctx, "user_id", "Member");
        return s.directory().member(src.type(), src.id(), userId).orElseThrow(() -> Api.notFound("Member"));
    }

    private void save(Context ctx, Source src, boolean create) {
        Params p = new Params(ctx);
        Integer level = p.intValue("access_level");
        if (level == null) throw new DepotException.Invalid("access_level is missing");
        AccessLevel wanted = AccessLevel.of(level);
        if (wanted == AccessLevel.NONE) throw new DepotException.Invalid("access_level does not have a valid value");
        long userId;
        if (create) {
            Long id = p.longValue("user_id");
            if (id == null) throw new DepotException.Invalid("user_id is missing");
            userId = id;
            s.identities().user(userId).orElseThrow(() -> Api.notFound("User"));
            if (s.directory().member(src.type(), src.id(), userId).isPresent()) {
                throw new DepotException.Conflict("Member already exists");
            }
        } else {
            Member existing = member(ctx, src);
            requireManage(src, existing.accessLevel());
            userId = existing.userId();
        }
        requireManage(src, wanted.value());
        s.directory().upsertMember(src.type(), src.id(), userId, wanted.value(),
                AccountsApi.date(p.string("expires_at")), s.clock().now());
        Member saved = s.directory().member(src.type(), src.id(), userId).orElseThrow();
        ctx.status(create ? 201 : 200).json(json.member(saved, s.identities().user(userId).orElseThrow()));
    }

    /** Maintainers manage members up to their own level; only owners and admins touch owners. */
    private static void requireManage(Source src, int level) {
        if (src.admin()) return;
        if (!src.callerLevel().atLeast(AccessLevel.MAINTAINER) || level > src.callerLevel().value()) {
            throw new DepotException.Forbidden("403 Forbidden");
        }
    }
}
