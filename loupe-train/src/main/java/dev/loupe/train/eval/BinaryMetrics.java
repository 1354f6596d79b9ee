package dev.loupe.train.eval;

/**
 * The metrics of a defect model on a set of images, at one threshold. Undefined ratios (recall of a set
 * without defects...) are NaN, printed as "n/a" and written to JSON as null.
 *
 * @param threshold        the decision threshold: {@code score >= threshold} rejects
 * @param confusion        counts at the threshold
 * @param accuracy         (tp + tn) / n
 * @param precision        tp / (tp + fp)
 * @param recall           tp / (tp + fn), on defects
 * @param f1               harmonic mean of precision and recall
 * @param falseRejectRate  fp / (fp + tn), good parts rejected
 * @param auroc            area under the ROC curve (Mann-Whitney, midranks for ties)
 * @param averagePrecision area under the precision-recall curve, step-wise
 */
public record BinaryMetrics(double threshold, Confusion confusion, double accuracy, double precision, double recall,
                            double f1, double falseRejectRate, double auroc, double averagePrecision) {

    /** Computes every metric; {@code scores} and {@code positive} are parallel arrays. */
    public static BinaryMetrics of(double[] scores, boolean[] positive, double threshold) {
        if (scores.length != positive.length) {
            throw new IllegalArgumentException(scores.length + " scores but " + positive.length + " truths");
        }
        Confusion c = Confusion.of(scores, positive, threshold);
        return new BinaryMetrics(threshold, c, c.accuracy(), c.precision(), c.recall(), c.f1(), c.falseRejectRate(),
                RankMetrics.auroc(scores, positive), RankMetrics.averagePrecision(scores, positive));
    }

    public int count() {
        return confusion.total();
    }
}
