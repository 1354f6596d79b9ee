package dev.loupe.data.labels;

/**
 * Cohen's kappa between two annotators, on the items both labelled.
 *
 * <p>Cohen, J. (1960). A coefficient of agreement for nominal scales. Educational and Psychological
 * Measurement 20(1), 37-46: with n items both labelled, n_kk the items both called k, and n_k. / n_.k each
 * annotator's count of label k,
 * <pre>
 *   p_o = sum_k n_kk / n                      observed agreement
 *   p_e = sum_k (n_k. / n) (n_.k / n)         agreement expected by chance from the marginals
 *   kappa = (p_o - p_e) / (1 - p_e)
 * </pre>
 * Undefined when no item is labelled by both ({@link Agreement.Reason#NO_OVERLAP}), and when both
 * annotators use one and the same label throughout: then p_o = p_e = 1 and kappa is 0/0
 * ({@link Agreement.Reason#SINGLE_LABEL}). (p_e = 1 forces p_o = 1, so that is the only 0/0 case.)
 */
public final class CohenKappa {
    private CohenKappa() {
    }

    public static Agreement between(LabelTable table, int a, int b) {
        int k = table.labelCount();
        double[] rowA = new double[k];
        double[] rowB = new double[k];
        int n = 0;
        int agree = 0;
        for (int i = 0; i < table.itemCount(); i++) {
            int ca = table.code(i, a);
            int cb = table.code(i, b);
            if (ca == LabelTable.MISSING || cb == LabelTable.MISSING) {
                continue;
            }
            n++;
            rowA[ca]++;
            rowB[cb]++;
            if (ca == cb) {
                agree++;
            }
        }
        if (n == 0) {
            return new Agreement.Undefined(Agreement.Reason.NO_OVERLAP, 0);
        }
        double expected = 0;
        for (int c = 0; c < k; c++) {
            expected += (rowA[c] / n) * (rowB[c] / n);
        }
        return Agreement.of((double) agree / n, expected, n);
    }
}
