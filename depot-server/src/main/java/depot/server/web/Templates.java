package depot.server.web;

import depot.core.error.DepotException;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/** Renders the web UI's precompiled jte templates (every value escaped) and serves its stylesheet and scripts. */
final class Templates {
    private final TemplateEngine templates = TemplateEngine.createPrecompiled(ContentType.Html);

    /** highlight.js from its webjar (pinned in the pom): the script and its GitHub-like theme. */
    private static final String HIGHLIGHT = "/META-INF/resources/webjars/highlightjs/11.10.0/";
    private static final Map<String, String> ASSETS = Map.of("depot.css", "/web/depot.css", "depot.js", "/web/depot.js",
            "favicon.svg", "/web/favicon.svg", "highlight.js", HIGHLIGHT + "highlight.min.js",
            "highlight.css", HIGHLIGHT + "styles/github.min.css");

    void asset(Context ctx) throws IOException {
        String file = ctx.pathParam("file");
        String resource = ASSETS.get(file);
        if (resource == null) throw new DepotException.NotFound("404 Not Found");
        try (InputStream in = Templates.class.getResourceAsStream(resource)) {
            if (in == null) throw new DepotException.NotFound("404 Not Found");
            ctx.header("Cache-Control", "public, max-age=300");
            ctx.contentType(file.endsWith(".css") ? "text/css; charset=utf-8" : file.endsWith(".svg") ? "image/svg+xml"
                            : "text/javascript; charset=utf-8")
                    .result(in.readAllBytes());
        }
    }

    void html(Context ctx, String template, Map<String, Object> params) {
        ctx.contentType("text/html; charset=utf-8").result(render(template, params));
    }

    String render(String template, Map<String, Object> params) {
        StringOutput out = new StringOutput();
        templates.render(template + ".jte", params, out);
        return out.toString();
    }
}
