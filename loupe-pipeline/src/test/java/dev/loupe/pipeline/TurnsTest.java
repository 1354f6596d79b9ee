package dev.loupe.pipeline;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** Heavy pipeline steps take turns within a process, and only within it. */
class TurnsTest {
    private static final Duration POLL = Duration.ofMillis(5);

    @Test
    void take_whileAnotherRunHasTheTurn_waitsUntilItIsReleased() throws Exception {
        Turns turns = Turns.of("process-" + UUID.randomUUID());
        assertThat(turns.take(POLL, () -> false)).isTrue();
        AtomicBoolean asked = new AtomicBoolean();

        CompletableFuture<Boolean> second = CompletableFuture.supplyAsync(() -> {
            try {
                return turns.take(POLL, () -> {
                    asked.set(true); // it polled at least once without the turn
                    return false;
                });
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        while (!asked.get()) {
            Thread.onSpinWait();
        }
        assertThat(second).isNotDone();
        turns.release();

        assertThat(second.get(30, TimeUnit.SECONDS)).isTrue();
        turns.release();
    }

    @Test
    void take_abortRequestedWhileWaiting_returnsFalseWithoutTheTurn() throws Exception {
        Turns turns = Turns.of("process-" + UUID.randomUUID());
        assertThat(turns.take(POLL, () -> false)).isTrue();

        assertThat(turns.take(POLL, () -> true)).isFalse();
        turns.release();
        // the aborted wait took nothing: the turn is free again
        assertThat(turns.take(POLL, () -> {
            throw new AssertionError("a free turn is taken without polling");
        })).isTrue();
        turns.release();
    }

    @Test
    void of_anotherProcessesOwner_hasTurnsOfItsOwn() throws Exception {
        String owner = "process-" + UUID.randomUUID();
        assertThat(Turns.of(owner)).isSameAs(Turns.of(owner));
        Turns mine = Turns.of(owner);
        assertThat(mine.take(POLL, () -> false)).isTrue();

        assertThat(Turns.of("other-" + owner).take(POLL, () -> {
            throw new AssertionError("another process's turn is free");
        })).isTrue();
        mine.release();
    }
}
