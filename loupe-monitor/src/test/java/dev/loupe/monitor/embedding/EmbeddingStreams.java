package dev.loupe.monitor.embedding;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Synthetic embeddings shaped like a CNN's pooled features: {@code D} features driven by a few latent
 * factors (lighting, texture, colour...) through a fixed random mixing, plus feature noise and two dead
 * (constant) features. A change moves latent factor 0 by {@code shift} of its standard deviation; frames
 * may be correlated (AR(1) latent factors with coefficient {@code rho}).
 */
public final class EmbeddingStreams {
    public static final int FEATURES = 32;
    private static final int LATENT = 4;

    private final double[][] mixing;
    private final double rho;
    private final SplittableRandom rnd;
    private final double[] z = new double[LATENT];

    public EmbeddingStreams(double rho, long seed) {
        SplittableRandom fixed = new SplittableRandom(42);
        this.mixing = new double[FEATURES][LATENT];
        for (double[] row : mixing) {
            for (int l = 0; l < LATENT; l++) {
                row[l] = RandomFeatures.gauss(fixed);
            }
        }
        this.rho = rho;
        this.rnd = new SplittableRandom(seed);
        for (int l = 0; l < LATENT; l++) {
            z[l] = RandomFeatures.gauss(rnd);
        }
    }

    /** The next frame's embedding, latent factor 0 moved by {@code shift} σ. */
    public float[] next(double shift) {
        double innovation = Math.sqrt(1 - rho * rho);
        for (int l = 0; l < LATENT; l++) {
            z[l] = rho * z[l] + innovation * RandomFeatures.gauss(rnd);
        }
        float[] e = new float[FEATURES];
        for (int j = 0; j < FEATURES - 2; j++) {
            double v = 0.3 * RandomFeatures.gauss(rnd);
            for (int l = 0; l < LATENT; l++) {
                v += mixing[j][l] * (z[l] + (l == 0 ? shift : 0));
            }
            e[j] = (float) (1 + v);
        }
        return e;
    }

    public List<float[]> take(int n) {
        List<float[]> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(next(0));
        }
        return out;
    }
}
