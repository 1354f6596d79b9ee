package dev.loupe.train.eval;

import dev.loupe.core.dataset.Sample;

/**
 * One evaluated image.
 *
 * @param sample       the dataset sample
 * @param positive     whether its label is the positive (defect) label
 * @param score        the model's score
 * @param latencyNanos decode + preprocess + inference time for this image alone
 */
public record ScoredSample(Sample sample, boolean positive, double score, long latencyNanos) {

    /** Whether the decision at {@code threshold} disagrees with the label. */
    public boolean wrongAt(double threshold) {
        return positive != (score >= threshold);
    }

    /** How wrong the score is: 1 - score for a defect, score for a good part. */
    public double error() {
        return positive ? 1 - score : score;
    }

    /** The scores, in order. */
    public static double[] scores(java.util.List<ScoredSample> s) {
        return s.stream().mapToDouble(ScoredSample::score).toArray();
    }

    /** Whether each is truly positive, in order. */
    public static boolean[] truths(java.util.List<ScoredSample> s) {
        boolean[] t = new boolean[s.size()];
        for (int i = 0; i < t.length; i++) {
            t[i] = s.get(i).positive();
        }
        return t;
    }
}
