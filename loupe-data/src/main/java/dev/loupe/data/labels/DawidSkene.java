package dev.loupe.data.labels;

/**
 * Consensus labels by the Dawid-Skene EM algorithm: each annotator has a confusion matrix, the true label
 * is latent, and EM finds the labels and matrices that best explain the table. An annotator who is usually
 * right counts for more than one who is not, and one biased towards a label (says {@code ok} on defects)
 * has that bias discounted, which a plain majority vote cannot do.
 *
 * <p>Dawid, A. P. and Skene, A. M. (1979). Maximum likelihood estimation of observer error-rates using the
 * EM algorithm. Applied Statistics 28(1), 20-28. With T_ik the probability that item i has true label k:
 * <pre>
 *   start:  T_ik = share of item i's labels that are k            (soft majority vote)
 *   M-step: prior_k     = (sum_i T_ik + 1) / (N + K)
 *           pi_a[k][l]  = (sum_i T_ik [a said l on i] + s_kl) / (sum_l' ...)   s = 1 on the diagonal, 0.1 off it
 *   E-step: T_ik  proportional to  prior_k * prod_{a labelled i} pi_a[k][label_a(i)]
 * </pre>
 * until no posterior moves by more than 1e-6 (or 500 iterations). The small pseudo-counts s (a Dirichlet
 * prior that annotators are better than chance) keep every probability above zero, so one vote never
 * vetoes a label outright, and keep tiny tables from collapsing to degenerate fits. Computed in log space.
 * Deterministic: the same table gives the same consensus.
 */
public final class DawidSkene {

    static final int MAX_ITERATIONS = 500;
    static final double TOLERANCE = 1e-6;
    private static final double DIAGONAL_PSEUDO_COUNT = 1.0;
    private static final double OFF_DIAGONAL_PSEUDO_COUNT = 0.1;

    private DawidSkene() {
    }

    public static Consensus fit(LabelTable table) {
        int n = table.itemCount();
        int k = table.labelCount();
        int annotators = table.annotatorCount();
        double[][] t = new double[n][k];
        for (int i = 0; i < n; i++) {
            int[] votes = table.votes(i);
            int total = table.ratings(i);
            for (int c = 0; c < k; c++) {
                t[i][c] = (double) votes[c] / total;
            }
        }
        double[] priors = new double[k];
        double[][][] pi = new double[annotators][k][k];
        int iteration = 0;
        boolean converged = false;
        while (iteration < MAX_ITERATIONS && !converged) {
            iteration++;
            maximise(table, t, priors, pi);
            double moved = 0;
            for (int i = 0; i < n; i++) {
                double[] next = expect(table, i, priors, pi);
                for (int c = 0; c < k; c++) {
                    moved = Math.max(moved, Math.abs(next[c] - t[i][c]));
                }
                t[i] = next;
            }
            converged = moved < TOLERANCE;
        }
        maximise(table, t, priors, pi);
        return new Consensus(table, t, priors, pi, iteration, converged);
    }

    private static void maximise(LabelTable table, double[][] t, double[] priors, double[][][] pi) {
        int n = table.itemCount();
        int k = priors.length;
        for (int c = 0; c < k; c++) {
            double s = 1;
            for (int i = 0; i < n; i++) {
                s += t[i][c];
            }
            priors[c] = s / (n + k);
        }
        for (int a = 0; a < pi.length; a++) {
            for (int c = 0; c < k; c++) {
                for (int l = 0; l < k; l++) {
                    pi[a][c][l] = c == l ? DIAGONAL_PSEUDO_COUNT : OFF_DIAGONAL_PSEUDO_COUNT;
                }
            }
            for (int i = 0; i < n; i++) {
                int l = table.code(i, a);
                if (l == LabelTable.MISSING) {
                    continue;
                }
                for (int c = 0; c < k; c++) {
                    pi[a][c][l] += t[i][c];
                }
            }
            for (int c = 0; c < k; c++) {
                double row = 0;
                for (int l = 0; l < k; l++) {
                    row += pi[a][c][l];
                }
                for (int l = 0; l < k; l++) {
                    pi[a][c][l] /= row;
                }
            }
        }
    }

    private static double[] expect(LabelTable table, int item, double[] priors, double[][][] pi) {
        int k = priors.length;
        double[] log = new double[k];
        for (int c = 0; c < k; c++) {
            log[c] = Math.log(priors[c]);
        }
        for (int a = 0; a < pi.length; a++) {
            int l = table.code(item, a);
            if (l == LabelTable.MISSING) {
                continue;
            }
            for (int c = 0; c < k; c++) {
                log[c] += Math.log(pi[a][c][l]);
            }
        }
        return normalise(log);
    }

    /** exp and normalise a vector of log-probabilities, stably. */
    static double[] normalise(double[] log) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : log) {
            max = Math.max(max, v);
        }
        double sum = 0;
        double[] p = new double[log.length];
        for (int c = 0; c < log.length; c++) {
            p[c] = Math.exp(log[c] - max);
            sum += p[c];
        }
        for (int c = 0; c < log.length; c++) {
            p[c] /= sum;
        }
        return p;
    }
}
