package dev.loupe.core.decision;

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
        if (reviewBand.isPresent() && !reviewBand.get().containsOrBounds(threshold)) {
            throw new IllegalArgumentException("the review band " + reviewBand.get() + " must contain the threshold " + threshold);
        }
    }

    /** A policy with a threshold only: every part passes or is rejected. */
    public static DecisionPolicy threshold(double threshold) {
        return new DecisionPolicy(threshold, Optional.empty(), Optional.empty());
    }

    /** The decision for one defect score. */
    public Decision decide(double score) {
        if (reviewBand.isPresent() && reviewBand.get().contains(score)) {
            return Decision.REVIEW;
        }
        return score >= threshold ? Decision.REJECT : Decision.PASS;
    }

    /**
     * Scores in {@code [low, high)} go to review.
     */
    public record ReviewBand(double low, double high) {
        public ReviewBand {
            if (!(low >= 0 && high <= 1 && low < high)) {
                throw new IllegalArgumentException("review band must be [low, high] with 0 <= low < high <= 1, got [" + low + ", " + high + "]");
            }
        }

        public boolean contains(double score) {
            return score >= low && score < high;
        }

        boolean containsOrBounds(double t) {
            return t >= low && t <= high;
        }

        @Override
        public String toString() {
            return "[" + low + ", " + high + "]";
        }
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
