package dev.loupe.train.baseline;

/**
 * Logistic regression fitted by Newton's method (iteratively reweighted least squares) with an L2
 * penalty on the weights (not the bias), on standardised features. Small d only (a dense (d+1)^2
 * Hessian is solved by Gaussian elimination). Deterministic.
 *
 * @param weights per-feature weights on the raw (unstandardised) features
 * @param bias    the intercept on the raw features
 */
public record LogisticRegression(double[] weights, double bias) {

    /** P(positive | x). */
    public double probability(double[] x) {
        double z = bias;
        for (int j = 0; j < x.length; j++) {
            z += weights[j] * x[j];
        }
        return 1 / (1 + Math.exp(-z));
    }

    /**
     * @param x  n rows of d features
     * @param y  n truths
     * @param l2 penalty strength on the standardised weights (mean loss + l2/2 |w|^2)
     */
    public static LogisticRegression fit(double[][] x, boolean[] y, double l2) {
        int n = x.length;
        int d = x[0].length;
        double[] mean = new double[d];
        double[] sd = new double[d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) mean[j] += row[j] / n;
        }
        for (double[] row : x) {
            for (int j = 0; j < d; j++) sd[j] += (row[j] - mean[j]) * (row[j] - mean[j]) / n;
        }
        for (int j = 0; j < d; j++) {
            sd[j] = sd[j] > 1e-12 ? Math.sqrt(sd[j]) : 1;
        }
        double[][] z = new double[n][d + 1];
        for (int i = 0; i < n; i++) {
            z[i][0] = 1;
            for (int j = 0; j < d; j++) z[i][j + 1] = (x[i][j] - mean[j]) / sd[j];
        }
        double[] beta = new double[d + 1];
        for (int iter = 0; iter < 100; iter++) {
            double[] grad = new double[d + 1];
            double[][] hess = new double[d + 1][d + 1];
            for (int i = 0; i < n; i++) {
                double eta = 0;
                for (int j = 0; j <= d; j++) eta += beta[j] * z[i][j];
                double p = 1 / (1 + Math.exp(-eta));
                double r = (p - (y[i] ? 1 : 0)) / n;
                double w = p * (1 - p) / n;
                for (int j = 0; j <= d; j++) {
                    grad[j] += r * z[i][j];
                    for (int k = 0; k <= d; k++) hess[j][k] += w * z[i][j] * z[i][k];
                }
            }
            for (int j = 1; j <= d; j++) {
                grad[j] += l2 * beta[j];
                hess[j][j] += l2;
            }
            hess[0][0] += 1e-9;
            double[] step = solve(hess, grad);
            double size = 0;
            for (int j = 0; j <= d; j++) {
                beta[j] -= step[j];
                size = Math.max(size, Math.abs(step[j]));
            }
            if (size < 1e-10) {
                break;
            }
        }
        double[] weights = new double[d];
        double bias = beta[0];
        for (int j = 0; j < d; j++) {
            weights[j] = beta[j + 1] / sd[j];
            bias -= beta[j + 1] * mean[j] / sd[j];
        }
        return new LogisticRegression(weights, bias);
    }

    private static double[] solve(double[][] a, double[] b) {
        int n = b.length;
        double[][] m = new double[n][n + 1];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], 0, m[i], 0, n);
            m[i][n] = b[i];
        }
        for (int c = 0; c < n; c++) {
            int pivot = c;
            for (int r = c + 1; r < n; r++) {
                if (Math.abs(m[r][c]) > Math.abs(m[pivot][c])) pivot = r;
            }
            double[] t = m[c];
            m[c] = m[pivot];
            m[pivot] = t;
            for (int r = 0; r < n; r++) {
                if (r != c) {
                    double f = m[r][c] / m[c][c];
                    for (int k = c; k <= n; k++) m[r][k] -= f * m[c][k];
                }
            }
        }
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = m[i][n] / m[i][i];
        return x;
    }
}
