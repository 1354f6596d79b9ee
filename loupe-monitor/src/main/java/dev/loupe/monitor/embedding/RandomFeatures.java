package dev.loupe.monitor.embedding;

import java.util.SplittableRandom;

/**
 * Random Fourier features of an RBF kernel (Rahimi &amp; Recht 2007, "Random features for large-scale
 * kernel machines"): {@code φ(x) = √(2/F) cos(Wx + b)} with W's rows drawn from N(0, I/σ²) and b uniform on
 * [0, 2π), so that {@code φ(x)·φ(y) ≈ exp(−‖x−y‖²/(2σ²))}. Immutable and thread-safe.
 */
final class RandomFeatures {
    private final double[][] w;
    private final double[] b;
    private final double norm;

    RandomFeatures(int dimensions, int features, double bandwidth, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        this.w = new double[features][dimensions];
        this.b = new double[features];
        for (int f = 0; f < features; f++) {
            for (int d = 0; d < dimensions; d++) {
                w[f][d] = gauss(rnd) / bandwidth;
            }
            b[f] = 2 * Math.PI * rnd.nextDouble();
        }
        this.norm = Math.sqrt(2.0 / features);
    }

    int features() {
        return b.length;
    }

    double[] apply(double[] x) {
        double[] out = new double[b.length];
        for (int f = 0; f < b.length; f++) {
            double[] wf = w[f];
            double s = b[f];
            for (int d = 0; d < x.length; d++) {
                s += wf[d] * x[d];
            }
            out[f] = norm * Math.cos(s);
        }
        return out;
    }

    static double gauss(SplittableRandom rnd) {
        double u = 1 - rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rnd.nextDouble());
    }
}
