package dev.loupe.data.labels;

/**
 * Fleiss' kappa over all annotators.
 *
 * <p>Fleiss, J. L. (1971). Measuring nominal scale agreement among many raters. Psychological Bulletin
 * 76(5), 378-382: with N items, n_i ratings of item i, n_ij of them giving label j,
 * <pre>
 *   P_i  = sum_j n_ij (n_ij - 1) / (n_i (n_i - 1))     agreeing pairs of ratings on item i
 *   P    = (1/N) sum_i P_i                             observed agreement
 *   p_j  = sum_i n_ij / sum_i n_i                      share of all ratings giving label j
 *   P_e  = sum_j p_j^2                                 chance agreement
 *   kappa = (P - P_e) / (1 - P_e)
 * </pre>
 * Fleiss defines it for a constant number of ratings per item; with some labels missing this computes the
 * same formulas with each item's own n_i over the items rated at least twice, a common extension, and
 * Krippendorff's alpha ({@link KrippendorffAlpha}) is the coefficient to read. Undefined when no item has
 * two ratings, and when every rating is the same single label (P = P_e = 1).
 */
public final class FleissKappa {
    private FleissKappa() {
    }

    public static Agreement of(LabelTable table) {
        int k = table.labelCount();
        double[] labelTotals = new double[k];
        double ratingTotal = 0;
        double sumP = 0;
        int items = 0;
        for (int i = 0; i < table.itemCount(); i++) {
            int ni = table.ratings(i);
            if (ni < 2) {
                continue;
            }
            int[] votes = table.votes(i);
            double pairs = 0;
            for (int j = 0; j < k; j++) {
                pairs += (double) votes[j] * (votes[j] - 1);
                labelTotals[j] += votes[j];
            }
            sumP += pairs / ((double) ni * (ni - 1));
            ratingTotal += ni;
            items++;
        }
        if (items == 0) {
            return new Agreement.Undefined(Agreement.Reason.NO_OVERLAP, 0);
        }
        double expected = 0;
        for (int j = 0; j < k; j++) {
            double p = labelTotals[j] / ratingTotal;
            expected += p * p;
        }
        return Agreement.of(sumP / items, expected, items);
    }
}
