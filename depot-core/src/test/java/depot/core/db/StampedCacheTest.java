package depot.core.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** What a stamped cache keeps, and for how long. */
class StampedCacheTest {
    private final AtomicLong counter = new AtomicLong(1);
    private final AtomicInteger loads = new AtomicInteger();

    private String load(String value) {
        loads.incrementAndGet();
        return value;
    }

    @Test
    void a_value_is_kept_while_the_counter_stands_and_loaded_again_once_it_moves() {
        StampedCache<String, String> cache = new StampedCache<>(counter::get, 10);
        assertThat(cache.get("k", () -> load("one"))).isEqualTo("one");
        assertThat(cache.get("k", () -> load("other"))).isEqualTo("one");
        counter.incrementAndGet();
        assertThat(cache.get("k", () -> load("two"))).isEqualTo("two");
        assertThat(loads).hasValue(2);
    }

    @Test
    void a_weighed_cache_starts_again_when_its_values_would_pass_their_bound_and_never_keeps_a_heavy_one() {
        StampedCache<String, String> cache = StampedCache.weighed(counter::get, 1_000, String::length, 1_000);
        String heavy = "h".repeat(101); // over a tenth of the bound
        cache.get("heavy", () -> load(heavy));
        cache.get("heavy", () -> load(heavy));
        assertThat(loads).as("a value over a tenth of the bound is loaded every time").hasValue(2);

        loads.set(0);
        for (int i = 0; i < 10; i++) cache.get("v" + i, () -> load("x".repeat(100))); // 1,000: at the bound
        for (int i = 0; i < 10; i++) cache.get("v" + i, () -> load("x".repeat(100)));
        assertThat(loads).as("ten values that fill the bound are all kept").hasValue(10);

        cache.get("v10", () -> load("x".repeat(100))); // passes it: the cache starts again with this one
        cache.get("v10", () -> load("x".repeat(100)));
        cache.get("v0", () -> load("x".repeat(100)));
        assertThat(loads).as("the eleventh is kept, the first was let go").hasValue(12);
    }

    @Test
    void at_capacity_the_cache_starts_again() {
        StampedCache<Integer, String> cache = new StampedCache<>(counter::get, 3);
        for (int i = 0; i < 3; i++) {
            int n = i;
            cache.get(n, () -> load("v" + n));
        }
        cache.get(3, () -> load("v3"));
        cache.get(3, () -> load("v3"));
        cache.get(0, () -> load("v0"));
        assertThat(loads).hasValue(5);
    }
}
