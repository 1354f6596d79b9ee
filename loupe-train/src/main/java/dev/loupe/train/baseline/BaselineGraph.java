package dev.loupe.train.baseline;

import dev.loupe.train.onnx.OnnxGraph;

import java.util.List;

import static dev.loupe.train.onnx.OnnxGraph.integer;
import static dev.loupe.train.onnx.OnnxGraph.ints;

/**
 * The rule-based baseline as an ONNX graph, so it is scored by the same {@code ImageClassifier} path
 * as every other model. Input {@code image}: FP32 [N, 1, H, W], luma in [0, 1].
 *
 * <p>Three features, output as {@code embedding} [N, 3]:
 * <ol>
 *   <li>{@code deviation}: the largest mean |pixel - local background| over t x t tiles, the background
 *       being a k x k box blur (convolution with {@code delta - box/k^2}, no padding so borders don't
 *       count): a scratch, pit or stain stands out from its surroundings;</li>
 *   <li>{@code edge}: the largest mean squared 4-neighbour Laplacian over t x t tiles (local edge energy);</li>
 *   <li>{@code brightness}: the mean luma, so the score can discount lighting.</li>
 * </ol>
 * {@code score} [N, 1] = Sigmoid(w . log(features + eps) + b), a logistic regression fitted on the
 * training split, hence a calibrated probability of a defect.
 */
final class BaselineGraph {

    static final float EPS = 1e-6f;
    static final List<String> FEATURES = List.of("deviation", "edge", "brightness");

    private BaselineGraph() {
    }

    static byte[] build(int width, int height, int kernel, int tile, double[] weights, double bias) {
        float[] dev = new float[kernel * kernel];
        java.util.Arrays.fill(dev, -1f / (kernel * kernel));
        dev[(kernel / 2) * kernel + kernel / 2] += 1f;
        float[] lap = {0, 1, 0, 1, -4, 1, 0, 1, 0};
        float[] w = new float[weights.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) weights[i];
        }
        return new OnnxGraph("loupe-baseline")
                .input("image", -1, 1, height, width)
                .initializer("dev_kernel", dev, 1, 1, kernel, kernel)
                .initializer("lap_kernel", lap, 1, 1, 3, 3)
                .initializer("eps", new float[]{EPS}, 1)
                .initializer("w", w, w.length, 1)
                .initializer("b", new float[]{(float) bias}, 1)
                .node("Conv", List.of("image", "dev_kernel"), "dev", ints("kernel_shape", kernel, kernel))
                .node("Abs", List.of("dev"), "abs_dev")
                .node("AveragePool", List.of("abs_dev"), "dev_tiles", ints("kernel_shape", tile, tile), ints("strides", 1, 1))
                .node("GlobalMaxPool", List.of("dev_tiles"), "f_dev")
                .node("Conv", List.of("image", "lap_kernel"), "lap", ints("kernel_shape", 3, 3))
                .node("Mul", List.of("lap", "lap"), "lap_sq")
                .node("AveragePool", List.of("lap_sq"), "lap_tiles", ints("kernel_shape", tile, tile), ints("strides", 1, 1))
                .node("GlobalMaxPool", List.of("lap_tiles"), "f_lap")
                .node("GlobalAveragePool", List.of("image"), "f_mean")
                .node("Concat", List.of("f_dev", "f_lap", "f_mean"), "features", integer("axis", 1))
                .node("Flatten", List.of("features"), "embedding", integer("axis", 1))
                .node("Add", List.of("embedding", "eps"), "features_eps")
                .node("Log", List.of("features_eps"), "log_features")
                .node("Gemm", List.of("log_features", "w", "b"), "logit")
                .node("Sigmoid", List.of("logit"), "score")
                .output("score", -1, 1)
                .output("embedding", -1, FEATURES.size())
                .toBytes("loupe-baseline");
    }
}
