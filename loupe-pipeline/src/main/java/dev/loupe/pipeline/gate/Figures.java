package dev.loupe.pipeline.gate;

import dev.loupe.train.eval.BinaryMetrics;
import dev.loupe.train.eval.Evaluation;

/**
 * One model's figures on one test set, at its own threshold. Ratios undefined on the set (recall
 * without defects) are null.
 *
 * @param images           images evaluated
 * @param defects          of which defects
 * @param auroc            area under the ROC curve
 * @param averagePrecision area under the precision-recall curve
 * @param recall           on defects
 * @param falseRejectRate  good parts rejected
 * @param p99LatencyMillis per image, decode + preprocess + inference
 */
public record Figures(int images, int defects, Double auroc, Double averagePrecision, Double recall,
                      Double falseRejectRate, double p99LatencyMillis) {

    public static Figures of(Evaluation e) {
        BinaryMetrics m = e.overall();
        return new Figures(m.count(), m.confusion().positives(), orNull(m.auroc()), orNull(m.averagePrecision()),
                orNull(m.recall()), orNull(m.falseRejectRate()), e.latency().p99Millis());
    }

    /** A metric by its gate name ({@code auroc}, {@code recall}...); null when undefined. */
    public Double metric(String name) {
        return switch (name) {
            case "auroc" -> auroc;
            case "average_precision" -> averagePrecision;
            case "recall" -> recall;
            case "false_reject_rate" -> falseRejectRate;
            case "p99_latency_ms" -> p99LatencyMillis;
            default -> throw new IllegalArgumentException("no metric " + name);
        };
    }

    /** Mean of recall and 1 - false-reject rate at the model's threshold; null without defects or good parts. */
    public Double balancedAccuracy() {
        return recall == null || falseRejectRate == null ? null : (recall + 1 - falseRejectRate) / 2;
    }

    private static Double orNull(double d) {
        return Double.isNaN(d) ? null : d;
    }
}
