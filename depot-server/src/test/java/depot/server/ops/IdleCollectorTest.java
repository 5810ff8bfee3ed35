package depot.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

class IdleCollectorTest {

    private static long collections() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
    }

    @Test
    void a_quiet_spell_after_requests_gets_one_collection_and_a_quiet_server_none() throws Exception {
        try (IdleCollector idle = new IdleCollector(200)) {
            // never served: nothing to give back
            long before = collections();
            Thread.sleep(700);
            long whileNeverServed = collections() - before;

            // served, then quiet
            idle.requestServed();
            long beforeQuiet = collections();
            Thread.sleep(700);
            long afterQuiet = collections() - beforeQuiet;

            // quiet on: no second collection for the same spell
            long beforeMore = collections();
            Thread.sleep(700);
            long more = collections() - beforeMore;

            assertThat(whileNeverServed).isZero();
            assertThat(afterQuiet).isGreaterThanOrEqualTo(1);
            assertThat(more).isZero();
        }
    }
}
