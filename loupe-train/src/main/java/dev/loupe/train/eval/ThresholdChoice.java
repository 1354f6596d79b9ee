package dev.loupe.train.eval;

import java.util.Arrays;

/**
 * The threshold that meets a target recall, and what it costs in false rejects.
 *
 * @param targetRecall    the recall asked for (the project's {@code targets.recall})
 * @param threshold       the highest threshold whose recall is at least the target
 * @param recall          the recall at that threshold
 * @param falseRejectRate the share of good parts rejected at that threshold
 */
public record ThresholdChoice(double targetRecall, double threshold, double recall, double falseRejectRate) {

    /**
     * Chooses the highest threshold that catches at least {@code ceil(target * P)} of the P defects (at
     * least one): the score of the k-th highest-scoring defect. The highest such threshold rejects the
     * fewest good parts. Throws when there are no defects to measure recall on.
     */
    public static ThresholdChoice forRecall(double[] scores, boolean[] positive, double targetRecall) {
        if (!(targetRecall >= 0 && targetRecall <= 1)) {
            throw new IllegalArgumentException("target recall must be in [0, 1], got " + targetRecall);
        }
        double[] pos = new double[scores.length];
        int p = 0;
        for (int i = 0; i < scores.length; i++) {
            if (positive[i]) {
                pos[p++] = scores[i];
            }
        }
        if (p == 0) {
            throw new IllegalArgumentException("no defects to measure recall on");
        }
        double[] sorted = Arrays.copyOf(pos, p);
        Arrays.sort(sorted);
        int k = Math.max(1, (int) Math.ceil(targetRecall * p - 1e-9));
        double threshold = sorted[p - k];
        Confusion c = Confusion.of(scores, positive, threshold);
        return new ThresholdChoice(targetRecall, threshold, c.recall(), c.falseRejectRate());
    }
}
