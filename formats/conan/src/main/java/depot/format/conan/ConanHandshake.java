package depot.format.conan;

import depot.core.access.Credentials;
import depot.core.access.Principal;
import depot.core.error.DepotException;
import depot.http.FormatRequest;
import depot.http.HttpAuth;

/** What a Conan client asks a remote before it reads or uploads: {@code ping}, and the login with its token. */
final class ConanHandshake {

    void ping(FormatRequest req) {
        req.ctx().header("X-Conan-Server-Capabilities", "revisions").status(200).result("");
    }

    /**
     * Conan sends Basic credentials once and keeps the answer as its bearer token. The answer is the access token
     * given as the password (personal, deploy or job token), which Depot checks on every later request; a
     * password is refused, as GitLab does for package clients.
     */
    void authenticate(FormatRequest req) {
        Principal p = req.principal();
        Credentials c = HttpAuth.credentials(req.ctx());
        if (p == Principal.ANONYMOUS || c == null) {
            throw new DepotException.Unauthenticated("401 Unauthorized: send a username and an access token");
        }
        String secret = c.secret() == null ? "" : c.secret().trim();
        // any token Depot issued (also one without a dpat- prefix, as DEPOT_INITIAL_ROOT_TOKEN may make it), never a password
        boolean token = p instanceof Principal.DeployTokenPrincipal || p instanceof Principal.JobPrincipal
                || (p instanceof Principal.UserPrincipal u && u.tokenId() != null);
        if (!token) {
            throw new DepotException.Unauthenticated(
                    "401 Unauthorized: Conan needs a personal access token, deploy token or job token as password");
        }
        req.ctx().contentType("text/plain; charset=utf-8").result(secret);
    }

    void checkCredentials(FormatRequest req) {
        Principal p = req.principal();
        if (p == Principal.ANONYMOUS) throw new DepotException.Unauthenticated("401 Unauthorized");
        req.ctx().contentType("text/plain; charset=utf-8").result(p.user() != null ? p.user().username() : "ok");
    }
}
