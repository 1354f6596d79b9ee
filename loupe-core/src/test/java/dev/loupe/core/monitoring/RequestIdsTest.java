package dev.loupe.core.monitoring;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class RequestIdsTest {

    @Test
    void next_isAVersion7UuidCarryingItsMillisecond() {
        long at = 1_795_000_000_123L;
        UUID id = UUID.fromString(RequestIds.next(at));

        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(at);
    }

    @Test
    void next_laterMillisecond_sortsAfterAsAString() {
        for (int i = 0; i < 1_000; i++) {
            String earlier = RequestIds.next(1_795_000_000_000L + i);
            String later = RequestIds.next(1_795_000_000_001L + i);
            assertThat(later).isGreaterThan(earlier);
        }
    }

    @Test
    void next_sameMillisecond_neverRepeats() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            assertThat(seen.add(RequestIds.next(1_795_000_000_000L))).isTrue();
        }
    }

    @Test
    void next_manyThreadsAcrossPoolRefills_neverRepeats() throws Exception {
        int threads = 4;
        int each = 10 * RequestIds.POOL_BYTES; // every thread crosses many refills of the random pool
        Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.List<Thread> started = new java.util.ArrayList<>();
        for (int t = 0; t < threads; t++) {
            started.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < each; i++) {
                    seen.add(RequestIds.next(1_795_000_000_000L));
                }
            }));
        }
        for (Thread t : started) {
            t.join();
        }
        assertThat(seen).hasSize(threads * each);
    }
}
