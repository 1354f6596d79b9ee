package dev.loupe.serve.bench;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class LoadTest {

    @Test
    void measure_chainedClient_countsEveryCompletedCallOnce() throws Exception {
        ExecutorService loop = Executors.newSingleThreadExecutor();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger mostInFlight = new AtomicInteger();
        AtomicInteger started = new AtomicInteger();
        try {
            Load.Measurement m = Load.measure(2, Duration.ofMillis(150), client -> (Load.Chained) (i, done) -> {
                started.incrementAndGet();
                mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                loop.execute(() -> {
                    inFlight.decrementAndGet();
                    done.complete(2, null); // two images per call
                });
            });

            long calls = m.latencyNanos().length;
            assertThat(calls).isPositive().isEqualTo(started.get());
            assertThat(m.imagesPerSecond()).isPositive();
            assertThat(m.errors()).isZero();
            assertThat(mostInFlight.get()).isLessThanOrEqualTo(2); // one call in flight per client
        } finally {
            loop.shutdownNow();
        }
    }

    @Test
    void measure_chainedClientCompletingInsideStart_loopsWithoutGrowingTheStack() throws Exception {
        Load.Measurement m = Load.measure(1, Duration.ofMillis(100), client -> (Load.Chained) (i, done) -> done.complete(1, null));

        assertThat(m.latencyNanos().length).isGreaterThan(10_000); // far deeper than any stack would go
        assertThat(m.errors()).isZero();
    }

    @Test
    void measure_chainedClientWhoseCallsFail_countsErrorsNotImages() throws Exception {
        Load.Measurement m = Load.measure(1, Duration.ofMillis(50), client -> (Load.Chained) (i, done) ->
                done.complete(0, new IllegalStateException("UNAVAILABLE")));

        assertThat(m.errors()).isPositive();
        assertThat(m.latencyNanos()).isEmpty();
        assertThat(m.imagesPerSecond()).isZero();
    }
}
