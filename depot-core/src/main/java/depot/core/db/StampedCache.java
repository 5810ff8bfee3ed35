package depot.core.db;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * Values read from the database, each kept with the {@link ChangeCounters counter} it was read under and served only
 * while the counter is the same. An entry is loaded after its counter was read, so it is never older than the counter
 * says. By default only present values are kept: a miss (an unknown token, a path that names nothing) asks the
 * database again, so guessing cannot churn the cache. At {@code capacity} entries the cache starts again empty; a
 * cache of values whose size varies (rows with their metadata) also starts again when their weight, summed as they
 * are kept, would pass its bound ({@link #weighed}), and never keeps a value heavier than a tenth of it. Inside a
 * transaction it reads through ({@link ChangeCounters#UNCACHED}). Thread-safe.
 */
public final class StampedCache<K, V> {
    private record Entry<V>(long stamp, V value) {}

    private final LongSupplier counter;
    private final int capacity;
    private final boolean keepMisses;
    private final ToLongFunction<V> weigher;
    private final long maxWeight;
    private final AtomicLong weight = new AtomicLong();
    private final ConcurrentHashMap<K, Entry<V>> entries = new ConcurrentHashMap<>();

    public StampedCache(LongSupplier counter, int capacity) {
        this(counter, capacity, false);
    }

    /** {@code keepMisses}: also keep empty {@link Optional}s (for keys no caller chooses, such as settings). */
    public StampedCache(LongSupplier counter, int capacity, boolean keepMisses) {
        this(counter, capacity, keepMisses, v -> 0, Long.MAX_VALUE);
    }

    private StampedCache(LongSupplier counter, int capacity, boolean keepMisses, ToLongFunction<V> weigher,
                         long maxWeight) {
        this.counter = counter;
        this.capacity = capacity;
        this.keepMisses = keepMisses;
        this.weigher = weigher;
        this.maxWeight = maxWeight;
    }

    /** A cache bounded also by the summed {@code weigher} of its values (about their bytes): {@code maxWeight}. */
    public static <K, V> StampedCache<K, V> weighed(LongSupplier counter, int capacity, ToLongFunction<V> weigher,
                                                    long maxWeight) {
        return new StampedCache<>(counter, capacity, false, weigher, maxWeight);
    }

    public V get(K key, Supplier<V> load) {
        long now = counter.getAsLong();
        if (now == ChangeCounters.UNCACHED) return load.get();
        Entry<V> e = entries.get(key);
        if (e != null && e.stamp == now) return e.value;
        V value = load.get();
        if (!keepMisses && value instanceof Optional<?> o && o.isEmpty()) return value;
        long w = weigher.applyAsLong(value);
        if (w > maxWeight / 10) return value;
        if (entries.size() >= capacity || weight.addAndGet(w) > maxWeight) {
            entries.clear();
            weight.set(w);
        }
        entries.put(key, new Entry<>(now, value));
        return value;
    }
}
