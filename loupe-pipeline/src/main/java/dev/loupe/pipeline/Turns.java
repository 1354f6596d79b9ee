package dev.loupe.pipeline;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A process's turns at the pipeline's heavy steps ({@link PipelineRunner#HEAVY_STEPS}): runs of different models
 * may execute at once, but one trains or evaluates at a time, first come first served. Keyed by the pipeline's
 * owner name, which names one process (a context copied for one run keeps it; two contexts standing for two
 * processes in a test have two). Thread-safe.
 */
final class Turns {
    private static final Map<String, Turns> BY_OWNER = new ConcurrentHashMap<>();

    private final Semaphore turn = new Semaphore(1, true);

    private Turns() {
    }

    /** The turns of the process named {@code owner}. */
    static Turns of(String owner) {
        return BY_OWNER.computeIfAbsent(owner, o -> new Turns());
    }

    /**
     * Waits for the turn, asking {@code abort} every {@code poll}; the caller {@link #release}s a turn it got.
     *
     * @return false when {@code abort} said so first (no turn taken)
     */
    boolean take(Duration poll, BooleanSupplier abort) throws InterruptedException {
        while (!turn.tryAcquire(Math.max(1, poll.toMillis()), TimeUnit.MILLISECONDS)) {
            if (abort.getAsBoolean()) {
                return false;
            }
        }
        return true;
    }

    void release() {
        turn.release();
    }
}
