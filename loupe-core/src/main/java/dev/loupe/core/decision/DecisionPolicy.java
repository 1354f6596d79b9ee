package dev.loupe.core.decision;

import dev.loupe.core.model.ModelDescriptor;
import dev.loupe.core.model.ModelDescriptor.ReviewBand;

import java.util.Optional;

/**
 * How a defect score becomes a {@link Decision}: scores inside the review band go to a person
 * (partial automation: the model decides only where it is sure), otherwise a score at or above the
 * threshold rejects the part and a lower one passes it. The stop-line rule, when set, says when a run
 * of rejects should stop the line ({@link StopLine} applies it).
 *
 * @param threshold  defect score at or above which a part is rejected, in [0, 1]
 * @param reviewBand scores sent to review, empty for full automation
 * @param stopLine   when rejects stop the line, empty for never
 */
public record DecisionPolicy(double threshold, Optional<ReviewBand> reviewBand, Optional<StopLineRule> stopLine) {

    public DecisionPolicy {
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("threshold must be between 0 and 1, got " + threshold);
        }
        if (reviewBand.isPresent() && !(threshold >= reviewBand.get().low() && threshold <= reviewBand.get().high())) {
            throw new IllegalArgumentException("the review band [" + reviewBand.get().low() + ", " + reviewBand.get().high()
                    + "] must contain the threshold " + threshold);
        }
    }

    /** A policy with a threshold only: every part passes or is rejected. */
    public static DecisionPolicy threshold(double threshold) {
        return new DecisionPolicy(threshold, Optional.empty(), Optional.empty());
    }

    /** The policy a model package brings: its threshold and review band, no stop-line rule. */
    public static DecisionPolicy of(ModelDescriptor descriptor) {
        return new DecisionPolicy(descriptor.threshold(), descriptor.reviewBand(), Optional.empty());
    }

    /** The decision for one defect score. */
    public Decision decide(double score) {
        if (reviewBand.isPresent() && reviewBand.get().contains(score)) {
            return Decision.REVIEW;
        }
        return score >= threshold ? Decision.REJECT : Decision.PASS;
    }

    /**
     * Stop the line when {@code rejects} of the last {@code window} parts were rejected (a burst of
     * defects usually means the process, not the parts, went wrong).
     */
    public record StopLineRule(int rejects, int window) {
        public StopLineRule {
            if (rejects < 1 || window < rejects) {
                throw new IllegalArgumentException("stop_line needs 1 <= rejects <= window, got rejects " + rejects + " in a window of " + window);
            }
        }
    }
}
