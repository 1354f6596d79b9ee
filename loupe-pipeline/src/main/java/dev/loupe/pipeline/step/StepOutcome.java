package dev.loupe.pipeline.step;

import dev.loupe.core.pipeline.PipelineState;

/** What a step ended with: go on to the next step, or end the run. */
public sealed interface StepOutcome {

    /** The step's output, stored as JSON on its {@code pipeline_step} row. */
    Object output();

    /** One line for people. */
    String message();

    record Continue(Object output, String message) implements StepOutcome {
    }

    record Finish(PipelineState.Done state, Object output, String message) implements StepOutcome {
    }
}
