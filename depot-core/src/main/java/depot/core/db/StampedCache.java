package depot.core.db;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Values read from the database, each kept with the {@link ChangeCounters counter} it was read under and served only
 * while the counter is the same. An entry is loaded after its counter was read, so it is never older than the counter
 * says. By default only present values are kept: a miss (an unknown token, a path that names nothing) asks the
 * database again, so guessing cannot churn the cache. At {@code capacity} entries the cache starts again empty.
 * Inside a transaction it reads through ({@link ChangeCounters#UNCACHED}). Thread-safe.
 */
public final class StampedCache<K, V> {
    private record Entry<V>(long stamp, V value) {}

    private final LongSupplier counter;
    private final int capacity;
    private final boolean keepMisses;
    private final ConcurrentHashMap<K, Entry<V>> entries = new ConcurrentHashMap<>();

    public StampedCache(LongSupplier counter, int capacity) {
        this(counter, capacity, false);
    }

    /** {@code keepMisses}: also keep empty {@link Optional}s (for keys no caller chooses, such as settings). */
    public StampedCache(LongSupplier counter, int capacity, boolean keepMisses) {
        this.counter = counter;
        this.capacity = capacity;
        this.keepMisses = keepMisses;
    }

    public V get(K key, Supplier<V> load) {
        long now = counter.getAsLong();
        if (now == ChangeCounters.UNCACHED) return load.get();
        Entry<V> e = entries.get(key);
        if (e != null && e.stamp == now) return e.value;
        V value = load.get();
        if (!keepMisses && value instanceof Optional<?> o && o.isEmpty()) return value;
        if (entries.size() >= capacity) entries.clear();
        entries.put(key, new Entry<>(now, value));
        return value;
    }
}
