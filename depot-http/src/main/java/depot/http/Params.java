package depot.http;

import depot.core.error.DepotException;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Request parameters as GitLab reads them: from a JSON body, a form body or the query string, in that order.
 * A malformed JSON body is a 400.
 */
public final class Params {
    private static final ObjectMapper JSON = depot.http.BoundedJson.mapper(100_000);
    private final Context ctx;
    private final JsonNode body;

    public Params(Context ctx) {
        this.ctx = ctx;
        this.body = parse(ctx);
    }

    private static JsonNode parse(Context ctx) {
        String type = ctx.contentType();
        if (type == null || !type.toLowerCase().startsWith("application/json")) return null;
        String text = ctx.body();
        if (text.isBlank()) return null;
        try {
            JsonNode node = JSON.readTree(text);
            if (!node.isObject()) throw new DepotException.Invalid("the request body must be a JSON object");
            return node;
        } catch (JacksonException e) {
            throw new DepotException.Invalid("the request body is not valid JSON");
        }
    }

    public String string(String name) {
        if (body != null && body.has(name) && !body.get(name).isNull()) {
            JsonNode v = body.get(name);
            if (v.isContainer()) throw new DepotException.Invalid(name + " is invalid");
            return v.asString();
        }
        String v = formOrQuery(name);
        return v;
    }

    /** Whether the JSON body names {@code name} with the value null (to clear it, unlike leaving it out). */
    public boolean isNull(String name) {
        return body != null && body.has(name) && body.get(name).isNull();
    }

    /** A nested JSON object of the body (GitLab's {@code *_attributes}), or null. */
    public JsonNode object(String name) {
        if (body == null || !body.has(name) || body.get(name).isNull()) return null;
        if (!body.get(name).isObject()) throw new DepotException.Invalid(name + " must be an object");
        return body.get(name);
    }

    private String formOrQuery(String name) {
        String type = ctx.contentType();
        if (type != null && type.startsWith("application/x-www-form-urlencoded")) {
            String v = ctx.formParam(name);
            if (v != null) return v;
        }
        return ctx.queryParam(name);
    }

    /**
     * Refuses (400) a query string with a malformed escape: a {@code %} not followed by two hex digits. The servlet
     * layer drops such a parameter without a word, so a filter would silently match everything (as GitLab's
     * middleware does, this is a 400 rather than a guess).
     */
    public static void requireWellFormedQuery(Context ctx) {
        String query = ctx.queryString();
        if (query == null) return;
        for (int i = query.indexOf('%'); i >= 0; i = query.indexOf('%', i + 1)) {
            if (i + 2 >= query.length() || !java.util.HexFormat.isHexDigit(query.charAt(i + 1))
                    || !java.util.HexFormat.isHexDigit(query.charAt(i + 2))) {
                throw new DepotException.Invalid("the query string is malformed: % must be followed by two hex digits");
            }
        }
    }

    public String required(String name) {
        String v = string(name);
        if (v == null || v.isBlank()) throw new DepotException.Invalid(name + " is missing");
        return v;
    }

    public Long longValue(String name) {
        String v = string(name);
        if (v == null || v.isBlank()) return null;
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new DepotException.Invalid(name + " is invalid");
        }
    }

    public Integer intValue(String name) {
        Long v = longValue(name);
        if (v != null && (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE)) throw new DepotException.Invalid(name + " is invalid");
        return v == null ? null : v.intValue();
    }

    public Boolean bool(String name) {
        String v = string(name);
        if (v == null || v.isBlank()) return null;
        return switch (v.trim().toLowerCase()) {
            case "true", "1", "yes", "t" -> true;
            case "false", "0", "no", "f" -> false;
            default -> throw new DepotException.Invalid(name + " is invalid");
        };
    }

    /** A list given as a JSON array, repeated {@code name[]} parameters, or one comma-separated value. */
    public List<String> list(String name) {
        List<String> out = new ArrayList<>();
        if (body != null && body.has(name)) {
            JsonNode v = body.get(name);
            if (v.isArray()) v.forEach(e -> out.add(e.asString()));
            else out.addAll(List.of(v.asString().split(",")));
            return out;
        }
        List<String> values = new ArrayList<>(ctx.queryParams(name + "[]"));
        values.addAll(ctx.queryParams(name));
        String type = ctx.contentType();
        if (type != null && type.startsWith("application/x-www-form-urlencoded")) {
            values.addAll(ctx.formParams(name + "[]"));
            values.addAll(ctx.formParams(name));
        }
        for (String v : values) for (String s : v.split(",")) if (!s.isBlank()) out.add(s.trim());
        return out;
    }
}
