package dev.loupe.monitor.drift;

import java.util.SplittableRandom;

/**
 * Thresholds that meet a false-alarm budget, stated as the expected number of observations between
 * false alarms (the in-control average run length, ARL₀), instead of a p-value per window.
 *
 * <p>CUSUM thresholds come from Siegmund's corrected diffusion approximation of the ARL of a one-sided
 * CUSUM (Siegmund 1985, <i>Sequential Analysis</i>, ch. X; see also Montgomery, <i>Statistical Quality
 * Control</i>, §9.1): for increments with drift μ and variance 1, reference value k and threshold h,
 * {@code ARL ≈ (exp(-2Δb) + 2Δb - 1) / (2Δ²)} with {@code Δ = μ - k} and {@code b = h + 1.166}.
 * A two-sided monitor splits its budget evenly between its two sides. The threshold is found by
 * bisection on this monotone formula. Bench and tests check the result empirically.
 *
 * <p>Consecutive frames on a line are correlated (lighting flickers slowly, the same batch passes the
 * camera). A CUSUM calibrated for i.i.d. data then false-alarms far more often than budgeted. The
 * long-run variance factor {@code 1 + 2Σρ_k}, estimated by a moving-block bootstrap of a reference
 * stream in time order, rescales the scores so the i.i.d. calibration holds again.
 */
public final class Calibration {
    private Calibration() {
    }

    /** Siegmund's approximate ARL of a one-sided CUSUM with drift {@code mu}, reference k, threshold h. */
    public static double arl(double mu, double k, double h) {
        double delta = mu - k;
        double b = h + 1.166;
        if (Math.abs(delta) < 1e-9) {
            return b * b;
        }
        return (Math.exp(-2 * delta * b) + 2 * delta * b - 1) / (2 * delta * delta);
    }

    /**
     * The threshold h of a two-sided CUSUM with reference value k whose in-control ARL is
     * {@code imagesPerFalseAlarm} (each side gets twice that).
     */
    public static double twoSidedThreshold(double k, double imagesPerFalseAlarm) {
        if (imagesPerFalseAlarm < 10) {
            throw new IllegalArgumentException("a false-alarm budget below 10 observations makes no sense");
        }
        double perSide = 2 * imagesPerFalseAlarm;
        double lo = 0, hi = 1;
        while (arl(0, k, hi) < perSide) {
            hi *= 2;
        }
        for (int i = 0; i < 100; i++) {
            double mid = (lo + hi) / 2;
            if (arl(0, k, mid) < perSide) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return hi;
    }

    /**
     * The long-run variance factor of a stream in time order, by moving-block bootstrap: the variance
     * of means of resampled blocks, relative to what independence predicts. 1 for i.i.d. data, above 1
     * when consecutive values are positively correlated. Never below 1 (a monitor is never made more
     * sensitive than the i.i.d. calibration).
     *
     * @param stream     reference values in the order they were observed (already standardised)
     * @param blockSize  block length; about n^(1/3) and longer than the correlation time
     */
    public static double longRunVarianceFactor(double[] stream, int blockSize, long seed) {
        int n = stream.length;
        if (n < 4 * blockSize) {
            throw new IllegalArgumentException("the reference stream (" + n + ") must be at least 4 blocks of " + blockSize);
        }
        double mean = 0;
        for (double v : stream) {
            mean += v;
        }
        mean /= n;
        double var = 0;
        for (double v : stream) {
            var += (v - mean) * (v - mean);
        }
        var /= (n - 1);
        if (var == 0) {
            return 1;
        }
        // Block means' variance × block length estimates the long-run variance (Künsch 1989).
        SplittableRandom rnd = new SplittableRandom(seed);
        int draws = 2000;
        double sum = 0, sumSq = 0;
        for (int d = 0; d < draws; d++) {
            int start = rnd.nextInt(n - blockSize + 1);
            double m = 0;
            for (int i = 0; i < blockSize; i++) {
                m += stream[start + i];
            }
            m /= blockSize;
            sum += m;
            sumSq += m * m;
        }
        double bm = sum / draws;
        double blockMeanVar = sumSq / draws - bm * bm;
        return Math.max(1.0, blockMeanVar * blockSize / var);
    }

    /** A block length for the bootstrap: n^(1/3), at least 5. */
    public static int defaultBlockSize(int n) {
        return Math.max(5, (int) Math.round(Math.cbrt(n)));
    }
}
