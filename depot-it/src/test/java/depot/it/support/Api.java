package depot.it.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** A small HTTP client for tests: one credential header (or none), JSON in and out. */
public class Api {
    public static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;
    private final String header;
    private final String value;

    public Api(String base, String header, String value) {
        this.base = base;
        this.header = header;
        this.value = value;
    }

    public record Response(int status, String body, java.net.http.HttpHeaders headers) {
        public JsonNode json() { return JSON.readTree(body); }

        public String header(String name) { return headers.firstValue(name).orElse(null); }
    }

    public HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : base + path))
                .timeout(Duration.ofMinutes(5));
        if (header != null) b.header(header, value);
        return b;
    }

    public Response send(HttpRequest.Builder b) {
        try {
            HttpRequest request = b.build();
            HttpResponse<String> r;
            try {
                r = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                // a pooled connection the server had closed (Jetty closes after rejecting a malformed URI)
                if (!String.valueOf(e.getMessage()).contains("received no bytes")) throw e;
                r = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            }
            return new Response(r.statusCode(), r.body(), r.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpResponse<InputStream> stream(HttpRequest.Builder b) {
        try {
            return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Response get(String path) { return send(request(path).GET()); }

    public Response head(String path) {
        return send(request(path).method("HEAD", HttpRequest.BodyPublishers.noBody()));
    }

    public Response delete(String path) { return send(request(path).DELETE()); }

    /** A form post, as browsers and OAuth2 clients send it: {@code form} is already URL-encoded ("a=1&b=2"). */
    public Response postForm(String path, String form) {
        return send(request(path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    public Response post(String path, Object body) { return sendJson("POST", path, body); }

    public Response put(String path, Object body) { return sendJson("PUT", path, body); }

    public Response patch(String path, Object body) { return sendJson("PATCH", path, body); }

    public Response sendJson(String method, String path, Object body) {
        String text = body instanceof String s ? s : JSON.writeValueAsString(body);
        return send(request(path).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(text)));
    }

    public Response putBytes(String path, byte[] bytes) {
        return send(request(path).PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)));
    }

    public Response putFile(String path, Path file) {
        try {
            return send(request(path).PUT(HttpRequest.BodyPublishers.ofFile(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
