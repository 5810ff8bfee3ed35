package depot.server.api;

import depot.core.access.Principal;
import depot.core.model.AccessLevel;
import depot.core.model.Namespace;
import depot.core.model.Project;
import depot.http.ApiRoutes;
import depot.http.FormatContext;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/** The formats' REST endpoints and project attributes ({@link ApiRoutes}), on the API's router and guard. */
final class FormatApi implements ApiRoutes {
    /** A field a format adds to the project's JSON. */
    record Attribute(String name, Function<Project, Object> render, BiConsumer<Project, JsonNode> update) {}

    private final Guard guard;
    private final FormatContext services;
    private final List<Attribute> attributes = new ArrayList<>();
    private Api.Router router;

    FormatApi(Guard guard, FormatContext services) {
        this.guard = guard;
        this.services = services;
    }

    void install(Api.Router router) { this.router = router; }

    List<Attribute> attributes() { return attributes; }

    @Override
    public void add(HandlerType method, String path, Handler handler) { router.add(method, path, handler); }

    @Override
    public Principal principal(Context ctx) { return guard.principal(ctx); }

    @Override
    public Project project(Context ctx) { return guard.project(ctx); }

    @Override
    public Namespace group(Context ctx) { return guard.group(ctx); }

    @Override
    public void requireLevel(Context ctx, Project project, AccessLevel level) { guard.projectLevel(ctx, project, level); }

    @Override
    public void projectAttribute(String name, Function<Project, Object> render, BiConsumer<Project, JsonNode> update) {
        attributes.add(new Attribute(name, render, update));
    }

    @Override
    public FormatContext services() { return services; }
}
