package dev.loupe.monitor.embedding;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The median heuristic for an RBF kernel's bandwidth (Gretton et al. 2012, §8): the median Euclidean
 * distance between pairs of reference points, here over at most 20,000 random pairs.
 */
final class MedianDistance {
    private MedianDistance() {
    }

    /** The median distance between pairs among the first {@code n} points; 1 when they all coincide. */
    static double of(double[][] points, int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int pairs = Math.min(20_000, n * (n - 1) / 2);
        double[] d = new double[pairs];
        for (int p = 0; p < pairs; p++) {
            int i = rnd.nextInt(n);
            int j = rnd.nextInt(n - 1);
            if (j >= i) {
                j++;
            }
            double s = 0;
            for (int c = 0; c < points[i].length; c++) {
                double diff = points[i][c] - points[j][c];
                s += diff * diff;
            }
            d[p] = Math.sqrt(s);
        }
        Arrays.sort(d);
        double median = d[pairs / 2];
        return median > 0 ? median : 1;
    }
}
