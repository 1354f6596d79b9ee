package dev.loupe.monitor.bench;

import org.apache.commons.statistics.inference.KolmogorovSmirnovTest;

import java.util.Arrays;

/**
 * The usual windowed drift tests, as the bench compares them with Loupe's detectors. Each looks at a
 * window of production values against the reference and says drift or not; none has a false-alarm
 * budget over a stream.
 * <ul>
 *   <li>{@code ks}: two-sample Kolmogorov-Smirnov, drift when p &lt; 0.05;</li>
 *   <li>{@code psi}: population stability index over 10 reference-quantile bins, drift when &gt; 0.2;</li>
 *   <li>{@code popular-default}: the default rule of a popular drift tool: Wasserstein distance divided by
 *       the reference's standard deviation &gt;= 0.1 when the reference has more than 1,000 rows, else KS
 *       p &lt; 0.05.</li>
 * </ul>
 */
final class WindowedBaselines {
    private final double[] reference;
    private final double refStd;
    private final double[] psiEdges;
    private final double[] psiRef;
    private final KolmogorovSmirnovTest ks = KolmogorovSmirnovTest.withDefaults();

    WindowedBaselines(double[] reference) {
        this.reference = reference.clone();
        Arrays.sort(this.reference);
        double mean = Arrays.stream(reference).average().orElse(0);
        this.refStd = Math.sqrt(Arrays.stream(reference).map(v -> (v - mean) * (v - mean)).sum() / (reference.length - 1));
        this.psiEdges = new double[9];
        for (int i = 1; i < 10; i++) {
            psiEdges[i - 1] = this.reference[(int) ((long) i * (reference.length - 1) / 10)];
        }
        this.psiRef = shares(this.reference);
    }

    boolean ks(double[] window) {
        return ks.test(reference, window).getPValue() < 0.05;
    }

    boolean psi(double[] window) {
        double[] cur = shares(window);
        double psi = 0;
        for (int i = 0; i < cur.length; i++) {
            double a = Math.max(cur[i], 1e-4);
            double e = Math.max(psiRef[i], 1e-4);
            psi += (a - e) * Math.log(a / e);
        }
        return psi > 0.2;
    }

    boolean popularDefault(double[] window) {
        if (reference.length <= 1000) {
            return ks(window);
        }
        return wasserstein(window) / refStd >= 0.1;
    }

    private double wasserstein(double[] window) {
        double[] w = window.clone();
        Arrays.sort(w);
        // W1 between empirical distributions: integral of |F_ref - F_win| over the merged support
        int i = 0, j = 0;
        double prev = Math.min(reference[0], w[0]);
        double dist = 0;
        while (i < reference.length || j < w.length) {
            double next;
            if (j >= w.length || (i < reference.length && reference[i] <= w[j])) {
                next = reference[i];
            } else {
                next = w[j];
            }
            dist += Math.abs((double) i / reference.length - (double) j / w.length) * (next - prev);
            prev = next;
            if (j >= w.length || (i < reference.length && reference[i] <= w[j])) {
                i++;
            } else {
                j++;
            }
        }
        return dist;
    }

    private double[] shares(double[] values) {
        double[] counts = new double[10];
        for (double v : values) {
            int b = Arrays.binarySearch(psiEdges, v);
            int bin = b >= 0 ? b : -b - 1;
            counts[bin]++;
        }
        for (int i = 0; i < counts.length; i++) {
            counts[i] /= values.length;
        }
        return counts;
    }
}
