package dev.loupe.monitor.estimate;

import dev.loupe.monitor.reference.Reference;

import java.util.Arrays;
import java.util.Optional;

/**
 * Confidence-based performance estimation (CBPE, as in NannyML): with scores calibrated on labelled
 * reference data, each current prediction's calibrated probability {@code p} is the expected value of
 * its true label, so over a window the expected confusion matrix is
 * {@code TP = Σ_{predicted +} p}, {@code FP = Σ_{predicted +} (1 − p)}, {@code FN = Σ_{predicted −} p},
 * {@code TN = Σ_{predicted −} (1 − p)}, and precision, recall, accuracy follow.
 *
 * <p>Limits: see {@link PerformanceEstimate#LIMITS}. It tracks how covariate shift moves the model's
 * scores into less certain regions; it is blind to a change in what the right label is.
 *
 * <p>Keeps the last {@code window} predictions. Not thread-safe.
 */
public final class PerformanceEstimator {
    private final IsotonicCalibration calibration;
    private final double threshold;
    private final double[] probability;
    private final boolean[] predictedPositive;
    private int size;
    private int next;

    public PerformanceEstimator(IsotonicCalibration calibration, double threshold, int window) {
        if (window < 1) {
            throw new IllegalArgumentException("window must be positive");
        }
        this.calibration = calibration;
        this.threshold = threshold;
        this.probability = new double[window];
        this.predictedPositive = new boolean[window];
    }

    /**
     * An estimator calibrated on the reference's scores and labels; empty when the reference cannot
     * calibrate one (fewer than 20 labelled scores, or only one class among them).
     */
    public static Optional<PerformanceEstimator> forReference(Reference ref, int window) {
        if (ref.scores().length != ref.positives().length) {
            return Optional.empty();
        }
        // a NaN score says nothing about calibration (and would sort above every score, spoiling the top block)
        int n = 0;
        double[] scores = new double[ref.scores().length];
        boolean[] positives = new boolean[scores.length];
        boolean pos = false, neg = false;
        for (int i = 0; i < scores.length; i++) {
            if (!Double.isNaN(ref.scores()[i])) {
                scores[n] = ref.scores()[i];
                positives[n] = ref.positives()[i];
                pos |= positives[n];
                neg |= !positives[n];
                n++;
            }
        }
        if (!(pos && neg) || n < 20) {
            return Optional.empty();
        }
        return Optional.of(new PerformanceEstimator(IsotonicCalibration.fit(Arrays.copyOf(scores, n), Arrays.copyOf(positives, n)),
                ref.threshold(), window));
    }

    /** Adds a prediction's score to the window; a NaN score (no probability, no decision) is not added. */
    public void observe(double score) {
        if (Double.isNaN(score)) {
            return;
        }
        probability[next] = calibration.probability(score);
        predictedPositive[next] = score >= threshold;
        next = (next + 1) % probability.length;
        size = Math.min(size + 1, probability.length);
    }

    /** The estimate over the window; NaN figures when the window is empty. */
    public PerformanceEstimate estimate() {
        double tp = 0, fp = 0, fn = 0, tn = 0;
        for (int i = 0; i < size; i++) {
            double p = probability[i];
            if (predictedPositive[i]) {
                tp += p;
                fp += 1 - p;
            } else {
                fn += p;
                tn += 1 - p;
            }
        }
        double precision = tp + fp > 0 ? tp / (tp + fp) : Double.NaN;
        double recall = tp + fn > 0 ? tp / (tp + fn) : Double.NaN;
        double accuracy = size > 0 ? (tp + tn) / size : Double.NaN;
        return new PerformanceEstimate(size, precision, recall, accuracy, tp + fn);
    }
}
