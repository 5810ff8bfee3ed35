package depot.core.db;

/** The current time in epoch millis; a seam so tests can move time (token expiry, gc grace). */
@FunctionalInterface
public interface Clock {
    long now();

    Clock SYSTEM = System::currentTimeMillis;
}
