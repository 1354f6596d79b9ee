package dev.loupe.edge.decide;

import dev.loupe.core.decision.DecisionPolicy;

import java.util.Optional;

/**
 * When the agent stops the line.
 *
 * @param rejects             a burst of rejects ({@code rejects} of the last {@code window} parts); empty for never
 * @param inferenceFailures   this many images in a row with no model answer (server down, no fallback); 0 for never
 * @param cameraFailures      this many unreadable images in a row; 0 for never
 * @param spoolFull           stop when a record had to be dropped because the spool is full
 */
public record StopRules(Optional<DecisionPolicy.StopLineRule> rejects, int inferenceFailures, int cameraFailures,
                        boolean spoolFull) {
    public StopRules {
        if (inferenceFailures < 0 || cameraFailures < 0) {
            throw new IllegalArgumentException("failure counts must be >= 0");
        }
    }

    public static StopRules never() {
        return new StopRules(Optional.empty(), 0, 0, false);
    }
}
