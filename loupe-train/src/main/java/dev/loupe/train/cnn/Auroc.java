package dev.loupe.train.cnn;

import java.util.Arrays;
import java.util.Comparator;

/** Area under the ROC curve, for early stopping. */
final class Auroc {
    private Auroc() {
    }

    /**
     * The Mann-Whitney U statistic over midranks: the probability that a random defect (label 1)
     * scores above a random ok image, ties counting one half. NaN when a class is absent.
     */
    static double of(float[] scores, int[] labels) {
        int n = scores.length;
        Integer[] order = new Integer[n];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparingDouble(i -> scores[i]));
        double rankSum = 0;
        long positives = 0;
        for (int i = 0; i < n; ) {
            int j = i;
            while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            double midRank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                if (labels[order[k]] == 1) {
                    rankSum += midRank;
                    positives++;
                }
            }
            i = j + 1;
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        return (rankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }
}
