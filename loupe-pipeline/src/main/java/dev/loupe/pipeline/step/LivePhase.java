package dev.loupe.pipeline.step;

import dev.loupe.core.pipeline.PipelineState;
import dev.loupe.core.rollout.LiveFigures;
import dev.loupe.core.rollout.Rollout;
import dev.loupe.pipeline.rollout.LiveJudge;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;

/**
 * Watches a roll-out phase until it has seen enough traffic, then judges it: a challenger that did worse
 * is rolled back and the run ends as {@link PipelineState.RolledBack}; too little traffic within the
 * timeout, or an abort request, rolls back too. Polls the roll-out's figures every {@code poll}.
 */
final class LivePhase {
    private LivePhase() {
    }

    /** What a phase produced. */
    record Watched(String phase, String summary, LiveFigures figures) {
    }

    static StepOutcome watch(RunContext rc, String phase, Predicate<LiveFigures> enough, Duration minimum)
            throws InterruptedException {
        Rollout rollout = rc.ctx().rollout();
        Instant start = rc.ctx().clock().instant();
        Instant deadline = start.plus(rc.ctx().retraining().rollout().timeout());
        LiveJudge judge = new LiveJudge(rc.ctx().retraining().rollout(), rc.ctx().project(), rc.ctx().gate());
        while (true) {
            LiveFigures f = rollout.liveFigures(rc.model());
            Instant now = rc.ctx().clock().instant();
            if (rc.abortRequested().getAsBoolean()) {
                rollout.rollback(rc.model());
                return new StepOutcome.Finish(new PipelineState.Aborted("abort requested during " + phase
                        + "; rolled back to the champion"), new Watched(phase, judge.judge(f).summary(), f), "aborted");
            }
            if (enough.test(f) && !now.isBefore(start.plus(minimum))) {
                LiveJudge.Verdict v = judge.judge(f);
                if (v.worse()) {
                    rollout.rollback(rc.model());
                    return new StepOutcome.Finish(new PipelineState.RolledBack("challenger worse in " + phase + ": "
                            + String.join("; ", v.reasons())), new Watched(phase, v.summary(), f), v.summary());
                }
                return new StepOutcome.Continue(new Watched(phase, v.summary(), f), v.summary());
            }
            if (now.isAfter(deadline)) {
                rollout.rollback(rc.model());
                return new StepOutcome.Finish(new PipelineState.RolledBack(phase + " saw too little traffic within "
                        + rc.ctx().retraining().rollout().timeout() + " (" + f.challenger().requests() + " requests)"),
                        new Watched(phase, judge.judge(f).summary(), f), "timed out");
            }
            Thread.sleep(rc.ctx().poll().toMillis());
        }
    }
}
