package dev.loupe.train.eval;

import java.util.Arrays;

/**
 * Per-image latency of classification (decode + preprocess + inference, one image at a time).
 *
 * @param medianMillis the median (mean of the two middle values for an even count)
 * @param p99Millis    the 99th percentile, nearest rank: the {@code ceil(0.99 n)}-th smallest
 */
public record Latency(int count, double medianMillis, double p99Millis) {

    public static Latency ofNanos(long[] nanos) {
        if (nanos.length == 0) {
            return new Latency(0, Double.NaN, Double.NaN);
        }
        long[] s = nanos.clone();
        Arrays.sort(s);
        int n = s.length;
        double median = n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2.0;
        long p99 = s[(int) Math.ceil(0.99 * n) - 1];
        return new Latency(n, median / 1e6, p99 / 1e6);
    }
}
