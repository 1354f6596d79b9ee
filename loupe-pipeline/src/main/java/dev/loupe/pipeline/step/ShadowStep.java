package dev.loupe.pipeline.step;

import dev.loupe.core.registry.ModelVersion;

import java.time.Duration;

/**
 * Shadow: the challenger scores {@code retraining.rollout.shadow_requests} live images beside the
 * champion, whose answers alone are used; then its figures are judged. A re-run after a crash first
 * rolls back whatever roll-out the crashed attempt left, then starts the shadow again.
 */
public final class ShadowStep implements Step {

    @Override
    public StepOutcome run(RunContext rc) throws InterruptedException {
        RegisterStep.Registered reg = rc.output("registering", RegisterStep.Registered.class);
        ModelVersion champion = rc.version(reg.championVersion());
        ModelVersion challenger = rc.version(reg.version());
        if (rc.attempt() > 1) {
            rc.ctx().rollout().rollback(rc.model());
        }
        int needed = rc.ctx().retraining().rollout().shadowRequests();
        rc.ctx().rollout().startShadow(champion, challenger);
        return LivePhase.watch(rc, "shadow", f -> f.challenger().requests() >= needed, Duration.ZERO);
    }
}
