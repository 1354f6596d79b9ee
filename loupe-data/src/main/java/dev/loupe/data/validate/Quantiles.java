package dev.loupe.data.validate;

import java.util.Arrays;

/** A summary of a distribution: count, mean and quantiles (linear interpolation between order statistics). */
public record Quantiles(int n, double mean, double min, double p05, double p25, double p50, double p75,
                        double p95, double max) {

    /** The summary of the values; all zeros when there are none. */
    public static Quantiles of(double[] values) {
        if (values.length == 0) {
            return new Quantiles(0, 0, 0, 0, 0, 0, 0, 0, 0);
        }
        double[] v = values.clone();
        Arrays.sort(v);
        double mean = Arrays.stream(v).sum() / v.length;
        return new Quantiles(v.length, mean, v[0], at(v, 0.05), at(v, 0.25), at(v, 0.5), at(v, 0.75), at(v, 0.95),
                v[v.length - 1]);
    }

    static double at(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}
