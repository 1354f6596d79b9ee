package dev.loupe.monitor.embedding;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Eigenvalues and eigenvectors of a real symmetric matrix by the cyclic Jacobi method (Golub &amp; Van
 * Loan, <i>Matrix Computations</i>, §8.5): rotations zero the off-diagonal entries one pair at a time
 * until they are negligible. O(d³) per sweep and a handful of sweeps: fine for an embedding's d ≤ a few
 * hundred, done once per reference.
 *
 * @param values  eigenvalues, largest first
 * @param vectors column {@code c} is the unit eigenvector of {@code values[c]}
 */
record SymmetricEigen(double[] values, double[][] vectors) {

    static SymmetricEigen of(double[][] symmetric) {
        int d = symmetric.length;
        double[][] a = new double[d][];
        for (int i = 0; i < d; i++) {
            a[i] = symmetric[i].clone();
        }
        double[][] v = new double[d][d];
        for (int i = 0; i < d; i++) {
            v[i][i] = 1;
        }
        for (int sweep = 0; sweep < 60; sweep++) {
            double off = 0, diag = 0;
            for (int p = 0; p < d; p++) {
                diag += a[p][p] * a[p][p];
                for (int q = p + 1; q < d; q++) {
                    off += a[p][q] * a[p][q];
                }
            }
            if (off <= 1e-22 * Math.max(diag, 1e-300)) {
                break;
            }
            for (int p = 0; p < d; p++) {
                for (int q = p + 1; q < d; q++) {
                    if (Math.abs(a[p][q]) > 1e-300) {
                        rotate(a, v, p, q);
                    }
                }
            }
        }
        Integer[] order = IntStream.range(0, d).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> a[i][i]).reversed());
        double[] values = new double[d];
        double[][] vectors = new double[d][d];
        for (int c = 0; c < d; c++) {
            values[c] = a[order[c]][order[c]];
            for (int r = 0; r < d; r++) {
                vectors[r][c] = v[r][order[c]];
            }
        }
        return new SymmetricEigen(values, vectors);
    }

    /** Eigenvector {@code c} as a row. */
    double[] vector(int c) {
        double[] out = new double[vectors.length];
        for (int r = 0; r < out.length; r++) {
            out[r] = vectors[r][c];
        }
        return out;
    }

    /** One Jacobi rotation zeroing a[p][q] (Golub &amp; Van Loan, Algorithm 8.5.1 and 8.5.2). */
    private static void rotate(double[][] a, double[][] v, int p, int q) {
        double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
        double t = Math.signum(theta == 0 ? 1 : theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        double c = 1 / Math.sqrt(t * t + 1);
        double s = t * c;
        int d = a.length;
        for (int k = 0; k < d; k++) {
            double akp = a[k][p], akq = a[k][q];
            a[k][p] = c * akp - s * akq;
            a[k][q] = s * akp + c * akq;
        }
        for (int k = 0; k < d; k++) {
            double apk = a[p][k], aqk = a[q][k];
            a[p][k] = c * apk - s * aqk;
            a[q][k] = s * apk + c * aqk;
        }
        for (int k = 0; k < d; k++) {
            double vkp = v[k][p], vkq = v[k][q];
            v[k][p] = c * vkp - s * vkq;
            v[k][q] = s * vkp + c * vkq;
        }
    }
}
