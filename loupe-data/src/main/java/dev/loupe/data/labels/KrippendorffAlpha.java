package dev.loupe.data.labels;

/**
 * Krippendorff's alpha for nominal labels; any number of annotators, labels may be missing.
 *
 * <p>Krippendorff, K. (2011). Computing Krippendorff's alpha-reliability. Annenberg School for
 * Communication, University of Pennsylvania (section C, nominal data with missing values). Items with fewer
 * than two labels are not pairable and are left out. With m_u labels on item u, the coincidence matrix,
 * its marginals and n, the number of pairable labels, are
 * <pre>
 *   o_ck  = sum_u (number of ordered pairs of labels (c, k) from different annotators on u) / (m_u - 1)
 *   n_c   = sum_k o_ck          n = sum_c n_c
 *   D_o   = sum_{c != k} o_ck / n                         observed disagreement
 *   D_e   = sum_{c != k} n_c n_k / (n (n - 1))            expected disagreement
 *   alpha = 1 - D_o / D_e
 * </pre>
 * Returned as agreement: observed = 1 - D_o, expected = 1 - D_e, so alpha = (observed - expected) /
 * (1 - expected). Undefined when no item has two labels and when every label is the same (D_e = 0).
 */
public final class KrippendorffAlpha {
    private KrippendorffAlpha() {
    }

    public static Agreement nominal(LabelTable table) {
        int k = table.labelCount();
        double[][] o = new double[k][k];
        int items = 0;
        for (int u = 0; u < table.itemCount(); u++) {
            int m = table.ratings(u);
            if (m < 2) {
                continue;
            }
            items++;
            int[] votes = table.votes(u);
            for (int c = 0; c < k; c++) {
                for (int d = 0; d < k; d++) {
                    double pairs = c == d ? (double) votes[c] * (votes[c] - 1) : (double) votes[c] * votes[d];
                    o[c][d] += pairs / (m - 1);
                }
            }
        }
        if (items == 0) {
            return new Agreement.Undefined(Agreement.Reason.NO_OVERLAP, 0);
        }
        double[] nc = new double[k];
        double n = 0;
        double offDiagonal = 0;
        for (int c = 0; c < k; c++) {
            for (int d = 0; d < k; d++) {
                nc[c] += o[c][d];
                if (c != d) {
                    offDiagonal += o[c][d];
                }
            }
            n += nc[c];
        }
        double expectedPairs = 0;
        for (int c = 0; c < k; c++) {
            for (int d = 0; d < k; d++) {
                if (c != d) {
                    expectedPairs += nc[c] * nc[d];
                }
            }
        }
        double observedDisagreement = offDiagonal / n;
        double expectedDisagreement = expectedPairs / (n * (n - 1));
        return Agreement.of(1 - observedDisagreement, 1 - expectedDisagreement, items);
    }
}
