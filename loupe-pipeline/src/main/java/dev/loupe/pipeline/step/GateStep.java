package dev.loupe.pipeline.step;

import dev.loupe.core.pipeline.PipelineState;
import dev.loupe.pipeline.gate.Gate;
import dev.loupe.pipeline.gate.GateDecision;

import java.util.List;

/**
 * Applies the {@link Gate}. A failed gate ends the run as {@link PipelineState.GateFailed} with every
 * failed check as its reason; nothing is registered and the champion is not touched.
 */
public final class GateStep implements Step {

    /** What the step produced. */
    public record Gated(boolean passed, List<String> checks) {
    }

    @Override
    public StepOutcome run(RunContext rc) {
        EvaluateStep.Evaluated evaluated = rc.output("evaluating", EvaluateStep.Evaluated.class);
        GateDecision d = new Gate(rc.ctx().gate(), rc.ctx().project()).decide(evaluated.comparison());
        return switch (d) {
            case GateDecision.Passed p -> new StepOutcome.Continue(new Gated(true, p.checks()),
                    "gate passed: " + p.checks().size() + " checks");
            case GateDecision.Failed f -> new StepOutcome.Finish(new PipelineState.GateFailed(String.join("; ", f.reasons())),
                    new Gated(false, f.checks()), "gate failed");
        };
    }
}
