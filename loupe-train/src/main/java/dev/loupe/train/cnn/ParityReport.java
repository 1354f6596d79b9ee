package dev.loupe.train.cnn;

/**
 * How closely ONNX Runtime reproduces the training framework's outputs on the same images.
 *
 * @param samples          images compared
 * @param maxScoreDiff     largest absolute difference of {@code score}
 * @param maxEmbeddingDiff largest difference of an {@code embedding} element, relative to
 *                         {@code max(1, |expected|)} (features are unbounded, scores are not)
 */
public record ParityReport(int samples, double maxScoreDiff, double maxEmbeddingDiff) {

    /** Whether both differences are at most {@code tolerance}. */
    public boolean within(double tolerance) {
        return maxScoreDiff <= tolerance && maxEmbeddingDiff <= tolerance;
    }
}
