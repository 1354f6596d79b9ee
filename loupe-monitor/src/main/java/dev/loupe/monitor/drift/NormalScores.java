package dev.loupe.monitor.drift;

import org.apache.commons.statistics.distribution.NormalDistribution;

import java.util.Arrays;

/**
 * Maps a statistic to a standard-normal score through the reference's empirical distribution:
 * {@code z = Φ⁻¹(F_ref(x))}. Per-image statistics are skewed and bounded (sharpness, saturation);
 * after this transform they are N(0, 1) under no drift whatever their shape, so one CUSUM calibration
 * fits every statistic. The empirical CDF is interpolated between reference points and kept inside
 * [1/(n+1), n/(n+1)], so a value beyond the reference maps to a finite, largest score. A NaN has no
 * rank: NaNs in the reference are left out of it, and {@link #cdf} refuses one (a binary search would
 * read it as below every reference value: the lowest score).
 *
 * <p>Immutable and thread-safe.
 */
public final class NormalScores {
    private static final NormalDistribution STANDARD = NormalDistribution.of(0, 1);

    private final double[] sorted;

    public NormalScores(double[] reference) {
        this.sorted = Arrays.stream(reference).filter(v -> !Double.isNaN(v)).sorted().toArray();
        if (sorted.length < 20) {
            throw new IllegalArgumentException("a reference needs at least 20 values that are not NaN, got " + sorted.length);
        }
        if (sorted[0] == sorted[sorted.length - 1]) {
            throw new IllegalArgumentException("the reference is constant (" + sorted[0] + "): nothing to compare against");
        }
    }

    public int size() {
        return sorted.length;
    }

    /** The smoothed empirical CDF of the reference at x, in [1/(n+1), n/(n+1)]. */
    public double cdf(double x) {
        if (Double.isNaN(x)) {
            throw new IllegalArgumentException("NaN has no rank in the reference");
        }
        int n = sorted.length;
        int lo = lowerBound(x);   // first index with sorted[i] >= x
        int hi = upperBound(x);   // first index with sorted[i] > x
        double rank;
        if (lo != hi) {
            rank = (lo + hi) / 2.0 + 0.5; // ties: mid-rank
        } else if (lo == 0) {
            rank = 1;
        } else if (lo == n) {
            rank = n;
        } else {
            double a = sorted[lo - 1];
            double b = sorted[lo];
            rank = lo + (x - a) / (b - a); // interpolate between neighbouring reference points
        }
        return Math.min(n, Math.max(1, rank)) / (n + 1.0);
    }

    /** The standard-normal score of x. */
    public double z(double x) {
        return STANDARD.inverseCumulativeProbability(cdf(x));
    }

    /** The reference median, for reporting effect sizes in the statistic's own units. */
    public double median() {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** A robust reference spread: the interquartile range divided by 1.349 (σ for a normal). */
    public double robustSigma() {
        int n = sorted.length;
        return (sorted[(int) (0.75 * (n - 1))] - sorted[(int) (0.25 * (n - 1))]) / 1.349;
    }

    private int lowerBound(double x) {
        int lo = 0, hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private int upperBound(double x) {
        int lo = 0, hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
