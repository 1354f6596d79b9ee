package dev.loupe.monitor.estimate;

import java.util.Arrays;

/**
 * Maps a model's score to the probability that the item is positive, learnt on labelled reference data
 * by isotonic regression (pool-adjacent-violators; Zadrozny &amp; Elkan 2002): a non-decreasing step
 * function, no assumption on the score's shape. Between fitted steps the probability is interpolated
 * linearly; outside them it is the end value. Immutable and thread-safe.
 */
public final class IsotonicCalibration {
    private final double[] x;
    private final double[] p;

    private IsotonicCalibration(double[] x, double[] p) {
        this.x = x;
        this.p = p;
    }

    /** Fits on scores and their true labels (at least 20, with both labels present). */
    public static IsotonicCalibration fit(double[] scores, boolean[] positives) {
        int n = scores.length;
        if (n != positives.length || n < 20) {
            throw new IllegalArgumentException("calibration needs at least 20 scores with a label each (got "
                    + n + " scores, " + positives.length + " labels)");
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
        // blocks: mean score, mean label, weight; merged while a block's label mean exceeds the next's
        double[] bx = new double[n], by = new double[n], bw = new double[n];
        int m = 0;
        for (int k = 0; k < n; k++) {
            int i = order[k];
            bx[m] = scores[i];
            by[m] = positives[i] ? 1 : 0;
            bw[m] = 1;
            m++;
            while (m > 1 && by[m - 2] >= by[m - 1]) {
                double w = bw[m - 2] + bw[m - 1];
                bx[m - 2] = (bx[m - 2] * bw[m - 2] + bx[m - 1] * bw[m - 1]) / w;
                by[m - 2] = (by[m - 2] * bw[m - 2] + by[m - 1] * bw[m - 1]) / w;
                bw[m - 2] = w;
                m--;
            }
        }
        return new IsotonicCalibration(Arrays.copyOf(bx, m), Arrays.copyOf(by, m));
    }

    /** The calibrated probability that an item with this score is positive. */
    public double probability(double score) {
        if (score <= x[0]) {
            return p[0];
        }
        if (score >= x[x.length - 1]) {
            return p[p.length - 1];
        }
        int i = Arrays.binarySearch(x, score);
        if (i >= 0) {
            return p[i];
        }
        int hi = -i - 1;
        int lo = hi - 1;
        double t = (score - x[lo]) / (x[hi] - x[lo]);
        return p[lo] + t * (p[hi] - p[lo]);
    }
}
