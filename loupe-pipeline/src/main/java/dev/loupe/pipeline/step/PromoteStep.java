package dev.loupe.pipeline.step;

import dev.loupe.core.pipeline.PipelineState;
import dev.loupe.core.registry.ModelRegistry;
import dev.loupe.core.registry.ModelVersion;

import java.util.Optional;

/**
 * Promotes the challenger: the roll-out sends it every request, the {@code champion} alias moves to it
 * (the registry's audit log records the pipeline as actor and the run, trigger and live figures as the
 * reason), and the {@code challenger} alias is removed. Each part is skipped when already done.
 */
public final class PromoteStep implements Step {

    @Override
    public StepOutcome run(RunContext rc) {
        RegisterStep.Registered reg = rc.output("registering", RegisterStep.Registered.class);
        LivePhase.Watched canary = rc.output("canary", LivePhase.Watched.class);
        ModelRegistry registry = rc.ctx().metadata().registry();
        rc.ctx().rollout().promote(rc.model(), reg.version());
        Optional<ModelVersion> current = rc.champion();
        String reason = rc.why() + ": gate passed; " + canary.summary();
        if (current.isEmpty() || current.get().version() != reg.version()) {
            registry.setAlias(RunContext.ACTOR, rc.model(), RunContext.CHAMPION, reg.version(), reason);
        }
        if (registry.versionByAlias(rc.model(), RunContext.CHALLENGER).map(v -> v.version() == reg.version()).orElse(false)) {
            registry.deleteAlias(RunContext.ACTOR, rc.model(), RunContext.CHALLENGER);
        }
        String ref = rc.model() + "/" + reg.version();
        return new StepOutcome.Finish(new PipelineState.Promoted(ref + " is the champion (was " + rc.model() + "/"
                + reg.championVersion() + ")"), null, ref + " promoted");
    }
}
