package dev.loupe.core.pipeline;

import java.util.List;
import java.util.Locale;

/**
 * Where a continuous-training run is. The active states are the steps, in order; a run ends in one of
 * the {@link Done} outcomes, each with a reason a person can read.
 *
 * <p>Persisted as {@link #name()} (and the outcome's reason); {@link #parse} reads it back.
 */
public sealed interface PipelineState {

    /** The persisted name: {@code ASSEMBLING} ... {@code PROMOTING}, or {@code PROMOTED}, {@code GATE_FAILED}... */
    default String name() {
        return getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
    }

    /** Whether the run has ended. */
    default boolean done() {
        return this instanceof Done;
    }

    /** A step the pipeline executes. */
    sealed interface Active extends PipelineState {
        /** The step's name in lower case ({@code training}), as {@code pipeline_step} rows spell it. */
        default String step() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Builds the new dataset version: the champion's data plus newly labelled production images. */
    record Assembling() implements Active {
    }

    /** Validates the new dataset version. */
    record Validating() implements Active {
    }

    /** Trains the challenger. */
    record Training() implements Active {
    }

    /** Evaluates challenger and champion on the same test images. */
    record Evaluating() implements Active {
    }

    /** Checks the evaluation against the champion and the project's targets. */
    record Gating() implements Active {
    }

    /** Registers the challenger and points the {@code challenger} alias at it. */
    record Registering() implements Active {
    }

    /** The challenger scores live images beside the champion; its answers are not used. */
    record Shadow() implements Active {
    }

    /** The challenger answers a share of live requests. */
    record Canary() implements Active {
    }

    /** Moves the {@code champion} alias to the challenger. */
    record Promoting() implements Active {
    }

    /** The run has ended. */
    sealed interface Done extends PipelineState {
        String reason();
    }

    /** The challenger is the new champion. */
    record Promoted(String reason) implements Done {
    }

    /** The challenger did not pass the gate; the champion is untouched. */
    record GateFailed(String reason) implements Done {
    }

    /** The challenger was worse live and was rolled back; the champion is untouched. */
    record RolledBack(String reason) implements Done {
    }

    /** Stopped by a person or by a crash that could not be resumed. */
    record Aborted(String reason) implements Done {
    }

    /** A step failed (no champion, invalid data, training error...). */
    record Failed(String reason) implements Done {
    }

    /** The steps in the order they run. */
    List<Active> STEPS = List.of(new Assembling(), new Validating(), new Training(), new Evaluating(), new Gating(),
            new Registering(), new Shadow(), new Canary(), new Promoting());

    /** The step after this one; {@code null} after the last. */
    static Active next(Active step) {
        int i = STEPS.indexOf(step);
        return i + 1 < STEPS.size() ? STEPS.get(i + 1) : null;
    }

    /**
     * Reads a persisted state.
     *
     * @param reason the outcome's reason for a done state, ignored otherwise
     * @throws IllegalArgumentException for an unknown name
     */
    static PipelineState parse(String name, String reason) {
        for (Active a : STEPS) {
            if (a.name().equals(name)) {
                return a;
            }
        }
        String r = reason == null ? "" : reason;
        return switch (name) {
            case "PROMOTED" -> new Promoted(r);
            case "GATE_FAILED" -> new GateFailed(r);
            case "ROLLED_BACK" -> new RolledBack(r);
            case "ABORTED" -> new Aborted(r);
            case "FAILED" -> new Failed(r);
            default -> throw new IllegalArgumentException("unknown pipeline state '" + name + "'");
        };
    }
}
