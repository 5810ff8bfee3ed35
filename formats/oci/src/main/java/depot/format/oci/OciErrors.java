package depot.format.oci;

import depot.core.error.DepotException;
import depot.http.ErrorStyle;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The distribution spec's error codes. A handler throws the core exception whose status fits, with the code as
 * the message's first word; {@link #STYLE} writes {@code {"errors":[{"code","message","detail"}]}} and, on a 401,
 * the Bearer challenge that sends Docker clients to the token service.
 */
final class OciErrors {
    static final String CHALLENGE_ATTRIBUTE = "depot.oci.challenge";
    private static final Set<String> CODES = Set.of("BLOB_UNKNOWN", "BLOB_UPLOAD_INVALID", "BLOB_UPLOAD_UNKNOWN",
            "DIGEST_INVALID", "MANIFEST_BLOB_UNKNOWN", "MANIFEST_INVALID", "MANIFEST_UNKNOWN", "NAME_INVALID",
            "NAME_UNKNOWN", "SIZE_INVALID", "UNAUTHORIZED", "DENIED", "UNSUPPORTED", "TOOMANYREQUESTS");

    private OciErrors() {}

    static DepotException blobUnknown(String digest) {
        return new DepotException.NotFound("BLOB_UNKNOWN blob unknown to registry: " + digest);
    }

    static DepotException uploadUnknown() {
        return new DepotException.NotFound("BLOB_UPLOAD_UNKNOWN blob upload unknown to registry");
    }

    static DepotException uploadInvalid(String why) {
        return new DepotException.Invalid("BLOB_UPLOAD_INVALID blob upload invalid: " + why);
    }

    static DepotException digestInvalid(String why) {
        return new DepotException.Invalid("DIGEST_INVALID provided digest did not match uploaded content: " + why);
    }

    static DepotException manifestUnknown(String reference) {
        return new DepotException.NotFound("MANIFEST_UNKNOWN manifest unknown to registry: " + reference);
    }

    static DepotException manifestInvalid(String why) {
        return new DepotException.Invalid("MANIFEST_INVALID manifest invalid: " + why);
    }

    static DepotException manifestBlobUnknown(String digest) {
        return new DepotException.Invalid("MANIFEST_BLOB_UNKNOWN manifest references a blob unknown to registry: "
                + digest);
    }

    static DepotException nameInvalid(String name) {
        return new DepotException.Invalid("NAME_INVALID invalid repository name: " + name);
    }

    static DepotException nameUnknown(String name) {
        return new DepotException.NotFound("NAME_UNKNOWN repository name not known to registry: " + name);
    }

    static DepotException unsupported(String what) {
        return new DepotException.Invalid("UNSUPPORTED the operation is unsupported: " + what);
    }

    /** Writes one error in the distribution spec's shape; a message without a known code gets one from the status. */
    static final ErrorStyle STYLE = (ctx, status, message) -> {
        String code = codeOf(message);
        String text = message;
        if (code != null) {
            text = message.substring(code.length()).trim();
        } else {
            code = switch (status) {
                case 401 -> "UNAUTHORIZED";
                case 403 -> "DENIED";
                case 404 -> "NAME_UNKNOWN";
                case 413 -> "SIZE_INVALID";
                case 429 -> "TOOMANYREQUESTS";
                default -> status >= 500 ? "UNKNOWN" : "UNSUPPORTED";
            };
        }
        if (status == 401) challenge(ctx);
        ctx.header("Docker-Distribution-API-Version", "registry/2.0");
        ctx.status(status).json(Map.of("errors", List.of(Map.of("code", code, "message", text, "detail", Map.of()))));
    };

    /** The header that tells a Docker client where to get a token, and for which scope when one is known. */
    static void challenge(Context ctx) {
        String challenge = ctx.attribute(CHALLENGE_ATTRIBUTE);
        if (challenge != null) ctx.header("WWW-Authenticate", challenge);
    }

    private static String codeOf(String message) {
        if (message == null) return null;
        int space = message.indexOf(' ');
        String first = space < 0 ? message : message.substring(0, space);
        return CODES.contains(first) ? first : null;
    }
}
