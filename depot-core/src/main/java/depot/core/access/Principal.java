package depot.core.access;

import depot.core.model.CiJob;
import depot.core.model.DeployToken;
import depot.core.model.User;
import java.util.Set;

/** Who is asking: the one result of authenticating any kind of credential. */
public sealed interface Principal {

    /** The user whose rights apply, or null for anonymous callers and deploy tokens. */
    User user();

    /** A name for logs and audit rows. */
    String name();

    record Anonymous() implements Principal {
        public User user() { return null; }
        public String name() { return "anonymous"; }
    }

    /** A user, through a personal access token ({@code tokenId} set, scopes narrow) or a password (all scopes). */
    record UserPrincipal(User user, Long tokenId, Set<String> scopes) implements Principal {
        public String name() { return user.username(); }
        public boolean hasAnyScope(Set<String> wanted) {
            return tokenId == null || scopes.stream().anyMatch(wanted::contains);
        }
    }

    record DeployTokenPrincipal(DeployToken token) implements Principal {
        public User user() { return null; }
        public String name() { return token.username(); }
    }

    /** A running CI job, acting for its user within its own project only. */
    record JobPrincipal(CiJob job, User user) implements Principal {
        public String name() { return user.username(); }
    }

    Principal ANONYMOUS = new Anonymous();
}
