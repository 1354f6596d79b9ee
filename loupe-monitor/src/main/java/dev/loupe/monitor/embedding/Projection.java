package dev.loupe.monitor.embedding;

import java.util.Arrays;
import java.util.List;

/**
 * Reduces a model's embedding (D features, e.g. the CNN's 128 pooled features) to a few coordinates in
 * which "normal" is a unit cloud: the scores on the top principal components of the reference, each
 * divided by its standard deviation, plus two coordinates: how far out the image lies along those
 * components, and what they leave out.
 *
 * <p>How: each feature is standardised by the reference mean and standard deviation (features constant
 * in the reference, e.g. dead ReLU channels, take no part in the axes but count in the residual); the
 * principal axes are the leading eigenvectors of the correlation matrix (cyclic Jacobi, Golub &amp; Van
 * Loan §8.5); a score is divided by the square root of its eigenvalue (whitening). The last coordinate is the norm of the residual after the top
 * components (the Q or SPE statistic of PCA process monitoring, Jackson &amp; Mudholkar 1979),
 * standardised by its reference mean and deviation: a change orthogonal to the leading axes (a new
 * product variant lighting up features the reference never used) shows up there. One more coordinate is
 * the norm of the whitened scores (√ of Hotelling's T², the other half of PCA monitoring), standardised
 * the same way: a change of spread (texture lost under defocus) becomes a shift of its mean, which a
 * window of 100 sees far sooner than the change of variance itself.
 *
 * <p>Immutable. {@link #project} is thread-safe.
 *
 * @param mean         reference mean of each feature (D)
 * @param scale        1 / reference standard deviation of each feature (D); for a feature constant in the
 *                     reference, 1 / the median deviation of the others
 * @param axes         unit principal axes in standardised feature space, one row of D per component
 * @param sd           the standard deviation along each axis (square root of its eigenvalue)
 * @param radiusMean   reference mean of the whitened scores' norm (√T²)
 * @param radiusSd     its reference standard deviation
 * @param residualMean reference mean of the residual norm
 * @param residualSd   reference standard deviation of the residual norm (1 when there is no residual)
 */
public record Projection(double[] mean, double[] scale, double[][] axes, double[] sd, double radiusMean,
                         double radiusSd, double residualMean, double residualSd) {

    public Projection {
        if (mean.length != scale.length || axes.length != sd.length || axes.length == 0) {
            throw new IllegalArgumentException("projection: " + mean.length + " means, " + scale.length
                    + " scales, " + axes.length + " axes, " + sd.length + " deviations");
        }
        for (double[] a : axes) {
            if (a.length != mean.length) {
                throw new IllegalArgumentException("projection axis of " + a.length + " features, embedding has " + mean.length);
            }
        }
    }

    /** Embedding features in (D). */
    public int features() {
        return mean.length;
    }

    /** Coordinates out: the whitened principal scores, the radius and the residual coordinate. */
    public int dimensions() {
        return axes.length + 2;
    }

    /**
     * Fits on reference embeddings.
     *
     * @param components principal components kept (fewer when the reference has fewer useful ones)
     */
    public static Projection fit(List<float[]> embeddings, int components) {
        int n = embeddings.size();
        if (n < 10) {
            throw new IllegalArgumentException("an embedding projection needs at least 10 embeddings, got " + n);
        }
        int d = embeddings.getFirst().length;
        double[] mean = new double[d];
        double[] scale = new double[d];
        for (float[] e : embeddings) {
            if (e.length != d) {
                throw new IllegalArgumentException("embeddings differ in length: " + d + " and " + e.length);
            }
            for (int j = 0; j < d; j++) {
                mean[j] += e[j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= n;
        }
        for (float[] e : embeddings) {
            for (int j = 0; j < d; j++) {
                scale[j] += (e[j] - mean[j]) * (e[j] - mean[j]);
            }
        }
        boolean[] constant = new boolean[d];
        double[] spreads = new double[d];
        int varying = 0;
        for (int j = 0; j < d; j++) {
            double sdj = Math.sqrt(scale[j] / (n - 1));
            constant[j] = !(sdj > 1e-9 * (1 + Math.abs(mean[j])));
            scale[j] = constant[j] ? 0 : 1 / sdj;
            if (!constant[j]) {
                spreads[varying++] = sdj;
            }
        }
        double[][] corr = new double[d][d];
        double[] z = new double[d];
        for (float[] e : embeddings) {
            standardise(e, mean, scale, z);
            for (int a = 0; a < d; a++) {
                if (z[a] == 0) {
                    continue;
                }
                for (int b = a; b < d; b++) {
                    corr[a][b] += z[a] * z[b];
                }
            }
        }
        for (int a = 0; a < d; a++) {
            for (int b = a; b < d; b++) {
                corr[a][b] /= (n - 1);
                corr[b][a] = corr[a][b];
            }
        }
        SymmetricEigen eigen = SymmetricEigen.of(corr);
        double top = Math.max(eigen.values()[0], 1e-12);
        int k = 0;
        while (k < Math.min(components, d) && eigen.values()[k] > 1e-6 * top) {
            k++;
        }
        if (k == 0) {
            throw new IllegalArgumentException("the reference embeddings are constant: nothing to project");
        }
        double[][] axes = new double[k][];
        double[] sd = new double[k];
        for (int c = 0; c < k; c++) {
            axes[c] = eigen.vector(c);
            sd[c] = Math.sqrt(eigen.values()[c]);
        }
        // A feature constant in the reference (a dead ReLU channel) has no axis, but its waking up is news:
        // it counts in the residual, in units of a typical feature's spread.
        java.util.Arrays.sort(spreads, 0, varying);
        double typical = varying == 0 ? 1 : spreads[varying / 2];
        for (int j = 0; j < d; j++) {
            if (constant[j]) {
                scale[j] = 1 / typical;
            }
        }
        Projection raw = new Projection(mean, scale, axes, sd, 0, 1, 0, 1);
        double[] radius = new double[n];
        double[] residual = new double[n];
        for (int i = 0; i < n; i++) {
            double[] x = raw.project(embeddings.get(i));
            radius[i] = x[k];
            residual[i] = x[k + 1];
        }
        return new Projection(mean, scale, axes, sd, meanOf(radius), sdOf(radius), meanOf(residual), sdOf(residual));
    }

    private static double meanOf(double[] v) {
        double m = 0;
        for (double x : v) {
            m += x / v.length;
        }
        return m;
    }

    /** The standard deviation, 1 when there is none (a coordinate constant on the reference stays 0). */
    private static double sdOf(double[] v) {
        double m = meanOf(v);
        double s = 0;
        for (double x : v) {
            s += (x - m) * (x - m);
        }
        double sd = Math.sqrt(s / (v.length - 1));
        return sd > 1e-9 ? sd : 1;
    }

    /** The embedding's coordinates: {@link #dimensions()} values, about N(0, 1) each on the reference. */
    public double[] project(float[] embedding) {
        if (embedding.length != mean.length) {
            throw new IllegalArgumentException("embedding of " + embedding.length + " features, the reference has "
                    + mean.length);
        }
        double[] z = new double[mean.length];
        standardise(embedding, mean, scale, z);
        double[] out = new double[dimensions()];
        double norm2 = dot(z, z);
        double explained = 0;
        double whitened = 0;
        for (int c = 0; c < axes.length; c++) {
            double s = dot(axes[c], z);
            explained += s * s;
            out[c] = s / sd[c];
            whitened += out[c] * out[c];
        }
        out[axes.length] = (Math.sqrt(whitened) - radiusMean) / radiusSd;
        out[axes.length + 1] = (Math.sqrt(Math.max(0, norm2 - explained)) - residualMean) / residualSd;
        return out;
    }

    private static void standardise(float[] e, double[] mean, double[] scale, double[] out) {
        for (int j = 0; j < out.length; j++) {
            out[j] = (e[j] - mean[j]) * scale[j];
        }
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Projection p && Arrays.equals(mean, p.mean) && Arrays.equals(scale, p.scale)
                && Arrays.deepEquals(axes, p.axes) && Arrays.equals(sd, p.sd) && radiusMean == p.radiusMean
                && radiusSd == p.radiusSd && residualMean == p.residualMean && residualSd == p.residualSd;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(mean) * 31 + Arrays.deepHashCode(axes);
    }

    @Override
    public String toString() {
        return "Projection[" + mean.length + " features -> " + dimensions() + " coordinates]";
    }
}
