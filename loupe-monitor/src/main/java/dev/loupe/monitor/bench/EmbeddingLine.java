package dev.loupe.monitor.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Synthetic embeddings shaped like a CNN's pooled features, for the embedding detector's bench and tests:
 * {@link #FEATURES} features driven by four latent factors (lighting, texture, colour...) through a fixed
 * random mixing, plus feature noise, and two features that are dead (constant) on the normal line. Frames
 * may be correlated (AR(1) latent factors with coefficient {@code rho}). A {@link Change} moves the stream:
 * <ul>
 *   <li>{@code shift}: latent factor 0 moves by this many of its standard deviations (a mean shift);</li>
 *   <li>{@code wake}: the dead features light up by this many typical feature deviations (a new variant
 *       using features the reference never did: a direction outside the reference's principal axes);</li>
 *   <li>{@code spread}: latent factors scaled by this (below 1: texture lost, as under defocus).</li>
 * </ul>
 * Not thread-safe.
 */
public final class EmbeddingLine {
    public static final int FEATURES = 32;
    private static final int LATENT = 4;
    private static final double TYPICAL_SD = 2.0; // sqrt(4 latent factors x N(0,1) weights + noise)

    /** How the line changed; {@link #NONE} for the normal line. */
    public record Change(double shift, double wake, double spread) {
        public static final Change NONE = new Change(0, 0, 1);

        public static Change shift(double sigma) {
            return new Change(sigma, 0, 1);
        }
    }

    private final double[][] mixing;
    private final double rho;
    private final SplittableRandom rnd;
    private final double[] z = new double[LATENT];

    public EmbeddingLine(double rho, long seed) {
        SplittableRandom fixed = new SplittableRandom(42);
        this.mixing = new double[FEATURES][LATENT];
        for (double[] row : mixing) {
            for (int l = 0; l < LATENT; l++) {
                row[l] = DriftBench.gauss(fixed);
            }
        }
        this.rho = rho;
        this.rnd = new SplittableRandom(seed);
        for (int l = 0; l < LATENT; l++) {
            z[l] = DriftBench.gauss(rnd);
        }
    }

    /** The next frame's embedding. */
    public float[] next(Change c) {
        double innovation = Math.sqrt(1 - rho * rho);
        for (int l = 0; l < LATENT; l++) {
            z[l] = rho * z[l] + innovation * DriftBench.gauss(rnd);
        }
        float[] e = new float[FEATURES];
        for (int j = 0; j < FEATURES - 2; j++) {
            double v = 0.3 * DriftBench.gauss(rnd);
            for (int l = 0; l < LATENT; l++) {
                v += mixing[j][l] * (c.spread() * z[l] + (l == 0 ? c.shift() : 0));
            }
            e[j] = (float) (1 + v);
        }
        for (int j = FEATURES - 2; j < FEATURES; j++) {
            e[j] = c.wake() == 0 ? 0 : (float) (c.wake() * TYPICAL_SD * (1 + 0.3 * DriftBench.gauss(rnd)));
        }
        return e;
    }

    /** The next frame of the normal line, latent factor 0 moved by {@code shift} σ. */
    public float[] next(double shift) {
        return next(shift == 0 ? Change.NONE : Change.shift(shift));
    }

    public List<float[]> take(int n) {
        List<float[]> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(next(Change.NONE));
        }
        return out;
    }
}
