package dev.loupe.train.eval;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Threshold-free metrics of a score: AUROC and average precision. Pure functions over parallel arrays
 * of scores and truths (true = positive, the defect).
 */
public final class RankMetrics {
    private RankMetrics() {
    }

    /**
     * Area under the ROC curve, as the Mann-Whitney U statistic over midranks: the probability that a
     * random defect scores above a random good part, ties counting one half.
     * {@code AUROC = (sum of the positives' midranks - P(P+1)/2) / (P N)}. NaN when either class is absent.
     */
    public static double auroc(double[] scores, boolean[] positive) {
        int n = scores.length;
        Integer[] order = ascending(scores);
        double[] rank = new double[n];
        for (int i = 0; i < n; ) {
            int j = i;
            while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            double mid = (i + j) / 2.0 + 1; // ranks are 1-based; tied scores share the mean of their ranks
            for (int k = i; k <= j; k++) {
                rank[order[k]] = mid;
            }
            i = j + 1;
        }
        long pos = 0;
        double rankSum = 0;
        for (int i = 0; i < n; i++) {
            if (positive[i]) {
                pos++;
                rankSum += rank[i];
            }
        }
        long neg = n - pos;
        if (pos == 0 || neg == 0) {
            return Double.NaN;
        }
        return (rankSum - pos * (pos + 1) / 2.0) / ((double) pos * neg);
    }

    /**
     * Average precision: the precision-recall curve summarised as {@code sum over thresholds of
     * (R_k - R_{k-1}) P_k}, thresholds being the distinct scores from high to low (tied scores enter
     * together, as in scikit-learn's {@code average_precision_score}). NaN without positives.
     */
    public static double averagePrecision(double[] scores, boolean[] positive) {
        int n = scores.length;
        Integer[] order = ascending(scores);
        long totalPos = 0;
        for (boolean p : positive) {
            if (p) totalPos++;
        }
        if (totalPos == 0) {
            return Double.NaN;
        }
        double ap = 0;
        long tp = 0, seen = 0;
        double prevRecall = 0;
        for (int i = n - 1; i >= 0; ) {
            int j = i;
            while (j - 1 >= 0 && scores[order[j - 1]] == scores[order[i]]) {
                j--;
            }
            for (int k = j; k <= i; k++) {
                seen++;
                if (positive[order[k]]) tp++;
            }
            double recall = (double) tp / totalPos;
            double precision = (double) tp / seen;
            ap += (recall - prevRecall) * precision;
            prevRecall = recall;
            i = j - 1;
        }
        return ap;
    }

    private static Integer[] ascending(double[] scores) {
        Integer[] order = new Integer[scores.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparingDouble(i -> scores[i]));
        return order;
    }
}
