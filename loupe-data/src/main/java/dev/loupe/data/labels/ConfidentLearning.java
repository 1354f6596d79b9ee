package dev.loupe.data.labels;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Suspected label errors from out-of-fold predicted probabilities, by confident learning. The trainer
 * calls it with each item's predicted class probabilities from a model that did not train on that item
 * (k-fold cross-validation) and the item's given label.
 *
 * <p>Northcutt, C. G., Jiang, L. and Chuang, I. L. (2021). Confident Learning: Estimating Uncertainty in
 * Dataset Labels. Journal of Artificial Intelligence Research 70, 1373-1411. With p_j(x) the predicted
 * probability of class j for item x and y~(x) its given label:
 * <pre>
 *   t_j     = mean of p_j(x) over the items given label j          per-class threshold (mean self-confidence)
 *   C[i][j] = number of items given label i whose confident class is j, where the confident class of x
 *             is argmax of p_l(x) over the classes l with p_l(x) >= t_l (no class: x is not counted)
 * </pre>
 * C is the confident joint; the items counted off its diagonal (given i, confidently j != i) are the
 * suspects, ranked by normalised margin p_given(x) - max_{k != given} p_k(x), most negative (most
 * confidently wrong) first. A class nobody was given has no threshold (NaN) and is never confident.
 */
public final class ConfidentLearning {
    private ConfidentLearning() {
    }

    /**
     * A suspected label error.
     *
     * @param index     the item's index in the input arrays
     * @param given     the given label's class index
     * @param suggested the confident class
     * @param margin    p_given - max over other classes, in [-1, 1]; lower is more suspect
     */
    public record Suspect(int index, int given, int suggested, double margin) {
    }

    /**
     * @param thresholds     t_j per class
     * @param confidentJoint C[given][confident]
     * @param suspects       off-diagonal items, most suspect first
     */
    public record Result(double[] thresholds, int[][] confidentJoint, List<Suspect> suspects) {
        public Result {
            suspects = List.copyOf(suspects);
        }
    }

    /**
     * @param probabilities [item][class] out-of-fold probabilities, each in [0, 1]
     * @param given         [item] the given class index
     * @throws IllegalArgumentException on mismatched lengths, a class index out of range or a probability
     *                                  outside [0, 1]
     */
    public static Result find(double[][] probabilities, int[] given) {
        if (probabilities.length != given.length) {
            throw new IllegalArgumentException(probabilities.length + " probability rows for " + given.length + " labels");
        }
        int k = probabilities.length == 0 ? 0 : probabilities[0].length;
        double[] sums = new double[k];
        int[] counts = new int[k];
        for (int x = 0; x < given.length; x++) {
            double[] p = probabilities[x];
            if (p.length != k) {
                throw new IllegalArgumentException("row " + x + " has " + p.length + " classes, expected " + k);
            }
            for (double v : p) {
                if (!(v >= 0 && v <= 1)) {
                    throw new IllegalArgumentException("row " + x + " has a probability outside [0, 1]: " + v);
                }
            }
            if (given[x] < 0 || given[x] >= k) {
                throw new IllegalArgumentException("row " + x + " has given class " + given[x] + ", expected 0.." + (k - 1));
            }
            sums[given[x]] += p[given[x]];
            counts[given[x]]++;
        }
        double[] thresholds = new double[k];
        for (int j = 0; j < k; j++) {
            thresholds[j] = counts[j] == 0 ? Double.NaN : sums[j] / counts[j];
        }
        int[][] joint = new int[k][k];
        List<Suspect> suspects = new ArrayList<>();
        for (int x = 0; x < given.length; x++) {
            double[] p = probabilities[x];
            int confident = -1;
            for (int j = 0; j < k; j++) {
                if (p[j] >= thresholds[j] && (confident < 0 || p[j] > p[confident])) {
                    confident = j;
                }
            }
            if (confident < 0) {
                continue;
            }
            joint[given[x]][confident]++;
            if (confident != given[x]) {
                double other = 0;
                for (int j = 0; j < k; j++) {
                    if (j != given[x]) {
                        other = Math.max(other, p[j]);
                    }
                }
                suspects.add(new Suspect(x, given[x], confident, p[given[x]] - other));
            }
        }
        suspects.sort(Comparator.comparingDouble(Suspect::margin).thenComparingInt(Suspect::index));
        return new Result(thresholds, joint, suspects);
    }
}
