package depot.http;

/** A format's request handler; it runs after authentication and the permission check of its mount. */
@FunctionalInterface
public interface FormatHandler {
    void handle(FormatRequest request) throws Exception;
}
