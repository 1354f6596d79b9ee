package dev.loupe.serve.infer;

import dev.loupe.core.inference.InferenceException;
import dev.loupe.serve.ServeException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The queue's contract: at most {@code threads} inferences at once, on the caller's own thread for
 * {@code call}; at most {@code capacity} more waiting, beyond which work is refused at once; a
 * non-blocking {@code submit} that runs in place only when a turn is free and nobody waits.
 */
class InferenceQueueTest {

    @Test
    void call_runsOnTheCallersThread_andTranslatesAClientError() {
        try (InferenceQueue queue = new InferenceQueue(2, 4, Duration.ofSeconds(1))) {
            Thread caller = Thread.currentThread();
            assertThat(queue.call(() -> Thread.currentThread() == caller)).isTrue();
            assertThatThrownBy(() -> queue.call(() -> {
                throw new InferenceException("wrong shape", true);
            })).isInstanceOfSatisfying(ServeException.class, e -> {
                assertThat(e.kind()).isEqualTo(ServeException.Kind.BAD_REQUEST);
                assertThat(e.getMessage()).isEqualTo("wrong shape");
            });
            assertThat(queue.running()).isZero();
            assertThat(queue.waiting()).isZero();
        }
    }

    @Test
    void saturated_runsAtMostThreads_queuesUpToCapacity_andRefusesTheRestAtOnce() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        AtomicInteger concurrent = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        try (InferenceQueue queue = new InferenceQueue(2, 3, Duration.ofSeconds(1))) {
            List<Thread> callers = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                callers.add(Thread.ofVirtual().start(() -> queue.call(() -> {
                    most.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
                    await(gate);
                    concurrent.decrementAndGet();
                    return null;
                })));
            }
            awaitCondition(() -> queue.running() == 2 && queue.waiting() == 3);

            assertThatThrownBy(() -> queue.call(() -> "sixth")).isInstanceOfSatisfying(ServeException.class, e -> {
                assertThat(e.kind()).isEqualTo(ServeException.Kind.OVERLOADED);
                assertThat(e.getMessage()).contains("at capacity (2 inferences running, 3 waiting)");
            });
            assertThatThrownBy(() -> queue.submit(() -> "seventh")).isInstanceOf(ServeException.class);

            gate.countDown();
            for (Thread t : callers) {
                t.join(Duration.ofSeconds(10));
            }
            assertThat(most.get()).isEqualTo(2);
            assertThat(queue.call(() -> "after")).isEqualTo("after");
        }
    }

    @Test
    void submit_runsInPlaceWhenATurnIsFree_elseOnAQueueThreadOnceOneIs() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        try (InferenceQueue queue = new InferenceQueue(1, 2, Duration.ofSeconds(1))) {
            Thread caller = Thread.currentThread();
            CompletableFuture<Boolean> inPlace = queue.submit(() -> Thread.currentThread() == caller);
            assertThat(inPlace).isCompletedWithValue(true);

            Thread holder = Thread.ofVirtual().start(() -> queue.call(() -> {
                await(gate);
                return null;
            }));
            awaitCondition(() -> queue.running() == 1);
            CompletableFuture<String> later = queue.submit(() -> Thread.currentThread().getName());
            assertThat(later).isNotDone();
            assertThat(queue.waiting()).isEqualTo(1);

            gate.countDown();
            assertThat(later.get(10, TimeUnit.SECONDS)).startsWith("loupe-infer-");
            holder.join(Duration.ofSeconds(10));

            CompletableFuture<Object> failed = queue.submit(() -> {
                throw new InferenceException("runtime broke", false);
            });
            assertThatThrownBy(failed::get).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOfSatisfying(ServeException.class, e -> assertThat(e.kind()).isEqualTo(ServeException.Kind.INTERNAL));
        }
    }

    @Test
    void closed_refusesNewWork_asShuttingDown() {
        InferenceQueue queue = new InferenceQueue(1, 1, Duration.ofSeconds(1));
        queue.close();
        assertThatThrownBy(() -> queue.call(() -> "late")).isInstanceOfSatisfying(ServeException.class, e -> {
            assertThat(e.kind()).isEqualTo(ServeException.Kind.OVERLOADED);
            assertThat(e.getMessage()).contains("shutting down");
        });
    }

    private static void await(CountDownLatch gate) {
        try {
            if (!gate.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never opened the gate");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitCondition(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 10 s").isLessThan(deadline);
            LockSupport.parkNanos(1_000_000);
        }
    }
}
