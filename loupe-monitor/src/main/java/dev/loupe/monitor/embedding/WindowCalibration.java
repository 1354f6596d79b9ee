package dev.loupe.monitor.embedding;

import dev.loupe.monitor.drift.Calibration;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The threshold of a windowed MMD for a false-alarm probability per test: moving-block bootstrap windows
 * of held-out reference points, then an exponential tail fitted above their 99th percentile (see
 * {@link EmbeddingMonitor} for why).
 */
final class WindowCalibration {
    static final int WINDOWS = 100_000;
    static final double TAIL = 0.01;

    private WindowCalibration() {
    }

    /**
     * @param alpha false-alarm probability allowed per evaluated window
     */
    static double threshold(RandomFeatures phi, double[] referenceMean, EmbeddingReference reference, int window,
                            double alpha, long seed) {
        double[] stats = bootstrap(phi, referenceMean, reference, window, seed);
        Arrays.sort(stats);
        int n = stats.length;
        if (alpha >= TAIL) {
            return stats[Math.min(n - 1, (int) Math.ceil((1 - alpha) * n))];
        }
        int u = (int) Math.floor((1 - TAIL) * n);
        double excess = 0;
        for (int i = u + 1; i < n; i++) {
            excess += stats[i] - stats[u];
        }
        double beta = excess / (n - u - 1);
        return stats[u] + beta * Math.log(TAIL / alpha);
    }

    /** MMD² of {@link #WINDOWS} bootstrap windows against the reference mean. */
    static double[] bootstrap(RandomFeatures phi, double[] referenceMean, EmbeddingReference reference, int window,
                              long seed) {
        int from = reference.fitted();
        int held = reference.size() - from;
        int f = phi.features();
        // prefix[i] = Σ φ(x_j) over the first i held-out points, so a block's sum costs O(f)
        double[][] prefix = new double[held + 1][f];
        for (int i = 0; i < held; i++) {
            double[] v = phi.apply(reference.points()[from + i]);
            for (int j = 0; j < f; j++) {
                prefix[i + 1][j] = prefix[i][j] + v[j];
            }
        }
        int block = Math.min(window / 2, Math.max(Calibration.defaultBlockSize(held), 10));
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] sum = new double[f];
        double[] out = new double[WINDOWS];
        for (int w = 0; w < WINDOWS; w++) {
            Arrays.fill(sum, 0);
            int filled = 0;
            while (filled < window) {
                int len = Math.min(block, window - filled);
                int start = rnd.nextInt(held - len + 1);
                double[] hi = prefix[start + len];
                double[] lo = prefix[start];
                for (int j = 0; j < f; j++) {
                    sum[j] += hi[j] - lo[j];
                }
                filled += len;
            }
            double s = 0;
            for (int j = 0; j < f; j++) {
                double d = sum[j] / window - referenceMean[j];
                s += d * d;
            }
            out[w] = s;
        }
        return out;
    }
}
