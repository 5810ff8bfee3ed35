package depot.core.access;

/**
 * A credential as it arrived, before it is checked. {@code username} is set for HTTP Basic and deploy-token
 * Basic logins; {@code kind} says which header carried it.
 */
public record Credentials(Kind kind, String username, String secret) {
    public enum Kind { PRIVATE_TOKEN, DEPLOY_TOKEN, JOB_TOKEN, BASIC, BEARER }
}
