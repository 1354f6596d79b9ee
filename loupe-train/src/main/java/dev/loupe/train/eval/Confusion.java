package dev.loupe.train.eval;

/**
 * The confusion matrix of a binary decision: positive = the defect label.
 *
 * @param tp defects rejected   @param fn defects passed (missed)
 * @param fp good parts rejected (false rejects)   @param tn good parts passed
 */
public record Confusion(int tp, int fp, int tn, int fn) {

    /** Counts decisions {@code score >= threshold} against the truth. */
    public static Confusion of(double[] scores, boolean[] positive, double threshold) {
        int tp = 0, fp = 0, tn = 0, fn = 0;
        for (int i = 0; i < scores.length; i++) {
            boolean predicted = scores[i] >= threshold;
            if (positive[i]) {
                if (predicted) tp++; else fn++;
            } else {
                if (predicted) fp++; else tn++;
            }
        }
        return new Confusion(tp, fp, tn, fn);
    }

    public int positives() {
        return tp + fn;
    }

    public int negatives() {
        return fp + tn;
    }

    public int total() {
        return tp + fp + tn + fn;
    }

    /** (tp + tn) / total; NaN when empty. */
    public double accuracy() {
        return ratio(tp + tn, total());
    }

    /** tp / (tp + fp): of the parts rejected, the share that were defects; NaN when nothing was rejected. */
    public double precision() {
        return ratio(tp, tp + fp);
    }

    /** tp / (tp + fn): the share of defects caught; NaN without defects. */
    public double recall() {
        return ratio(tp, tp + fn);
    }

    /** The harmonic mean of precision and recall; NaN when either is undefined, 0 when both are 0. */
    public double f1() {
        double p = precision();
        double r = recall();
        if (Double.isNaN(p) || Double.isNaN(r)) {
            return Double.NaN;
        }
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    /** fp / (fp + tn): the share of good parts rejected; NaN without good parts. */
    public double falseRejectRate() {
        return ratio(fp, fp + tn);
    }

    private static double ratio(int num, int den) {
        return den == 0 ? Double.NaN : (double) num / den;
    }
}
