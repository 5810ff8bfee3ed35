package depot.format.npm;

import depot.core.access.Principal;
import depot.core.error.DepotException;
import depot.http.FormatRequest;
import depot.http.Uploads;
import java.io.IOException;
import java.util.Map;

/** What the npm CLI asks besides packages: {@code npm whoami}, and the audit {@code npm install} sends. */
final class NpmCliEndpoints {

    void whoami(FormatRequest req) {
        Principal p = req.principal();
        if (p instanceof Principal.Anonymous) throw new DepotException.Unauthenticated("401 Unauthorized");
        req.ctx().json(Map.of("username", p.name()));
    }

    void audit(FormatRequest req) throws IOException {
        // Depot keeps no advisory database: an empty report lets `npm install` and `npm audit` finish
        Uploads.body(req.ctx()).skip(Long.MAX_VALUE);
        req.ctx().json(Map.of());
    }
}
