package dev.loupe.pipeline.step;

import dev.loupe.core.registry.ModelRegistry;
import dev.loupe.core.registry.ModelVersion;

import java.util.Map;
import java.util.Optional;

/**
 * Registers the challenger as the model's next version (tagged with the run's id, so a re-run finds it
 * instead of registering it twice) and points the {@code challenger} alias at it.
 */
public final class RegisterStep implements Step {

    /** What the step produced. */
    public record Registered(int version, int championVersion) {
    }

    @Override
    public StepOutcome run(RunContext rc) {
        TrainStep.Trained trained = rc.output("training", TrainStep.Trained.class);
        EvaluateStep.Evaluated evaluated = rc.output("evaluating", EvaluateStep.Evaluated.class);
        ModelRegistry registry = rc.ctx().metadata().registry();
        Optional<ModelVersion> earlier = registry.versions(rc.model()).stream()
                .filter(v -> rc.run().id().equals(v.tags().get(RunContext.RUN_TAG))).findFirst();
        ModelVersion v = earlier.orElseGet(() -> registry.createVersion(RunContext.ACTOR, rc.model(),
                "blob:sha256:" + trained.sha256(), trained.trackingRunId(), "retrained by " + rc.why(),
                Map.of(RunContext.RUN_TAG, rc.run().id())));
        if (!v.aliases().contains(RunContext.CHALLENGER)) {
            registry.setAlias(RunContext.ACTOR, rc.model(), RunContext.CHALLENGER, v.version(), "gate passed in " + rc.why());
        }
        return new StepOutcome.Continue(new Registered(v.version(), evaluated.championVersion()),
                v.ref() + " registered as challenger");
    }
}
