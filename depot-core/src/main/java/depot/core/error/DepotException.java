package depot.core.error;

/**
 * The errors core code throws. One mapper in depot-http picks the HTTP status; each format renders the body
 * its client understands. The hierarchy is sealed so that mapping is exhaustive.
 */
public abstract sealed class DepotException extends RuntimeException
        permits DepotException.NotFound, DepotException.Conflict, DepotException.Invalid,
                DepotException.Unauthenticated, DepotException.Forbidden, DepotException.TooLarge,
                DepotException.TooManyRequests, DepotException.Unavailable, DepotException.InsufficientStorage,
                DepotException.BadGateway {

    protected DepotException(String message) {
        super(message, null, false, false);
    }

    /** The thing does not exist, or the caller may not know that it exists. */
    public static final class NotFound extends DepotException {
        public NotFound(String message) { super(message); }
    }

    /** The request clashes with existing state (a duplicate, a name taken). */
    public static final class Conflict extends DepotException {
        public Conflict(String message) { super(message); }
    }

    /** The request is malformed: bad names, bad metadata, bad checksums. */
    public static final class Invalid extends DepotException {
        public Invalid(String message) { super(message); }
    }

    /** No credentials, or credentials that are wrong, expired or revoked. */
    public static final class Unauthenticated extends DepotException {
        public Unauthenticated(String message) { super(message); }
    }

    /** The caller is known and may see the thing, but may not do this to it. */
    public static final class Forbidden extends DepotException {
        public Forbidden(String message) { super(message); }
    }

    /** A body over the configured size limit. */
    public static final class TooLarge extends DepotException {
        private final long limit;
        public TooLarge(long limit) {
            super("request body exceeds the limit of " + limit + " bytes");
            this.limit = limit;
        }
        public long limit() { return limit; }
    }

    /** Too many failed sign-ins from one address: it must wait before trying again. */
    public static final class TooManyRequests extends DepotException {
        private final long retryAfterSeconds;
        public TooManyRequests(String message, long retryAfterSeconds) {
            super(message);
            this.retryAfterSeconds = retryAfterSeconds;
        }
        public long retryAfterSeconds() { return retryAfterSeconds; }
    }

    /** Something Depot needs (the database) cannot be reached just now; the request may be retried. */
    public static final class Unavailable extends DepotException {
        public Unavailable(String message) { super(message); }
    }

    /** The blob store is full: nothing was stored. */
    public static final class InsufficientStorage extends DepotException {
        public InsufficientStorage(String message) { super(message); }
    }

    /** A registry Depot reads through failed (unreachable, an error, bytes that do not match their digest). */
    public static final class BadGateway extends DepotException {
        public BadGateway(String message) { super(message); }
    }
}
