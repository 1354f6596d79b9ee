package dev.loupe.pipeline.step;

import dev.loupe.core.project.RetrainingSection;
import dev.loupe.core.registry.ModelVersion;

/**
 * Canary: the challenger answers {@code canary_share} of live requests until it has answered
 * {@code canary_requests} and {@code canary_duration} has passed; then its figures are judged against
 * the champion's and it is rolled back automatically when worse. A re-run after a crash first rolls
 * back (traffic returns to the champion), then starts the canary again from nothing.
 */
public final class CanaryStep implements Step {

    @Override
    public StepOutcome run(RunContext rc) throws InterruptedException {
        RegisterStep.Registered reg = rc.output("registering", RegisterStep.Registered.class);
        ModelVersion champion = rc.version(reg.championVersion());
        ModelVersion challenger = rc.version(reg.version());
        if (rc.attempt() > 1) {
            rc.ctx().rollout().rollback(rc.model());
        }
        RetrainingSection.RolloutPolicy p = rc.ctx().retraining().rollout();
        rc.ctx().rollout().startCanary(champion, challenger, p.canaryShare());
        return LivePhase.watch(rc, "canary", f -> f.challenger().requests() >= p.canaryRequests(), p.canaryDuration());
    }
}
