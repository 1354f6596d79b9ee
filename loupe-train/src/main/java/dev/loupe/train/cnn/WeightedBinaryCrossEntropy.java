package dev.loupe.train.cnn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;

/**
 * Binary cross-entropy on logits with a weight per sample, the mean over the batch. Labels are
 * {@code [targets (N), weights (N)]}; predictions are {@code [logits (N,1), ...]}.
 */
final class WeightedBinaryCrossEntropy extends Loss {

    /*
     * The numerically stable form: bce(z, y) = max(z, 0) - z y + log(1 + exp(-|z|)), which never
     * exponentiates a large positive number. Class weights N / (2 N_class) make each class contribute
     * half of the loss however rare defects are ("balanced" weighting, as scikit-learn's).
     */

    WeightedBinaryCrossEntropy() {
        super("weighted_bce");
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray z = predictions.get(0).reshape(-1);
        NDArray y = labels.get(0);
        NDArray w = labels.get(1);
        NDArray loss = z.maximum(0).sub(z.mul(y)).add(z.abs().neg().exp().add(1).log());
        return loss.mul(w).mean();
    }

    /** The same loss in Java, for validation logits. */
    static double of(float[] logits, int[] labels, double[] classWeights) {
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            double z = logits[i];
            double l = Math.max(z, 0) - z * labels[i] + Math.log1p(Math.exp(-Math.abs(z)));
            sum += classWeights[labels[i]] * l;
        }
        return sum / logits.length;
    }

    /** Balanced class weights {@code [w_ok, w_defect]} for the given labels. */
    static double[] balancedWeights(int[] labels) {
        int defects = 0;
        for (int label : labels) {
            defects += label;
        }
        int ok = labels.length - defects;
        return new double[] {labels.length / (2.0 * ok), labels.length / (2.0 * defects)};
    }
}
