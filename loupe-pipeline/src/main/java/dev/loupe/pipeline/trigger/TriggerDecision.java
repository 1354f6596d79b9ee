package dev.loupe.pipeline.trigger;

import java.util.Objects;

/** Whether a model's continuous-training run is due now, and why (or why not). */
public sealed interface TriggerDecision {

    /** A line for humans: the reason a run is due, or why none is. */
    String reason();

    /**
     * A run is due.
     *
     * @param trigger what started it, as recorded on the run: {@code drift}, {@code new-labels}, {@code schedule}
     * @param reason  the trigger's detail, e.g. {@code drift alert drift(brightness) firing since T}; other
     *                triggers that were due at the same time follow after {@code "; also "}
     */
    record Due(String trigger, String reason) implements TriggerDecision {
        public Due {
            Objects.requireNonNull(trigger, "trigger");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** No run is due: every trigger's state, or the run already active. */
    record NotDue(String reason) implements TriggerDecision {
        public NotDue {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
