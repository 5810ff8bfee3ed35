package depot.core.access;

import depot.core.error.DepotException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Slows down password and token guessing, as GitLab's Rack::Attack rule does: an address that fails to
 * authenticate {@code maxFailures} times within {@code windowMillis} is refused (429, with Retry-After) for
 * {@code banMillis}, whatever credential it then presents. Successes do not reset the count. Thread-safe; memory
 * stays bounded by dropping stale addresses when the table grows.
 */
public final class AuthThrottle {
    private static final int PRUNE_AT = 10_000;
    private final int maxFailures;
    private final long windowMillis;
    private final long banMillis;
    private final LongSupplier clock;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    private static final class Entry {
        long windowStart;
        int failures;
        long bannedUntil;
    }

    /** {@code maxFailures} of 0 switches the throttle off. */
    public AuthThrottle(int maxFailures, long windowMillis, long banMillis, LongSupplier clock) {
        this.maxFailures = maxFailures;
        this.windowMillis = windowMillis;
        this.banMillis = banMillis;
        this.clock = clock;
    }

    public static AuthThrottle off() { return new AuthThrottle(0, 0, 0, System::currentTimeMillis); }

    /** Throws {@link DepotException.TooManyRequests} while the address is refused. */
    public void check(String address) {
        if (maxFailures <= 0) return;
        Entry e = entries.get(address);
        if (e == null) return;
        long wait;
        synchronized (e) {
            wait = e.bannedUntil - clock.getAsLong();
        }
        if (wait > 0) {
            throw new DepotException.TooManyRequests("429 Too Many Requests: too many failed sign-in attempts from "
                    + address + "; try again in " + (wait + 999) / 1000 + " seconds", (wait + 999) / 1000);
        }
    }

    /** Counts one failed authentication from the address. */
    public void failed(String address) {
        if (maxFailures <= 0) return;
        long now = clock.getAsLong();
        if (entries.size() >= PRUNE_AT) prune(now);
        Entry e = entries.computeIfAbsent(address, a -> new Entry());
        synchronized (e) {
            if (now - e.windowStart > windowMillis) {
                e.windowStart = now;
                e.failures = 0;
            }
            if (++e.failures >= maxFailures) e.bannedUntil = now + banMillis;
        }
    }

    private void prune(long now) {
        entries.entrySet().removeIf(en -> {
            synchronized (en.getValue()) {
                return en.getValue().bannedUntil < now && now - en.getValue().windowStart > windowMillis;
            }
        });
    }
}
