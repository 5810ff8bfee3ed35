package depot.server.web;

import depot.core.error.DepotException;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/** Renders the web UI's precompiled jte templates (every value escaped) and serves its stylesheet and script. */
final class Templates {
    private final TemplateEngine templates = TemplateEngine.createPrecompiled(ContentType.Html);

    void asset(Context ctx) throws IOException {
        String file = ctx.pathParam("file");
        if (!file.equals("depot.css") && !file.equals("depot.js") && !file.equals("favicon.svg")) {
            throw new DepotException.NotFound("404 Not Found");
        }
        try (InputStream in = Templates.class.getResourceAsStream("/web/" + file)) {
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
