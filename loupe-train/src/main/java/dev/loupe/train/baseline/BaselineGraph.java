package dev.loupe.train.baseline;

import dev.loupe.train.onnx.OnnxGraph;

import java.util.Arrays;
import java.util.List;

import static dev.loupe.train.onnx.OnnxGraph.integer;
import static dev.loupe.train.onnx.OnnxGraph.ints;

/**
 * The rule-based baseline as an ONNX graph, so it is scored by the same {@code ImageClassifier} path
 * as every other model. Input {@code image}: FP32 [N, 3, H, W], RGB in [0, 1].
 *
 * <p>Every statistic is taken only inside the product's region ({@link ProductRegion}), so the product's
 * outline against the belt, the belt's seams and the camera bump never count. Four features, output as
 * {@code embedding} [N, 4]:
 * <ol>
 *   <li>{@code fine}: the largest mean |luma - local background| over {@code tile}-sided tiles, divided
 *       by its mean over the region (the frame's own noise floor, so lighting level, gradient and sensor
 *       noise cancel): a scratch or a pit cluster stands out from its surroundings. The background is a
 *       {@code kernel}-sided box blur, which follows a lighting gradient.</li>
 *   <li>{@code blob}: the same over {@code blob}-sided tiles: a dent or a large blotch.</li>
 *   <li>{@code colour}: the largest distance of the local chroma (box-blurred) from the product's mean
 *       chroma, over its mean: a yellow-brown stain, which luma alone barely shows. Chroma here is
 *       {@code log(1.02 - c)} per channel minus its mean over the channels: glare mixes the surface
 *       towards white, {@code c' = c + g (1 - c)}, which multiplies {@code 1 - c} by the same
 *       {@code 1 - g} in every channel, so this chroma does not see glare (RGB minus luma does, on a
 *       coloured cover).</li>
 *   <li>{@code noise}: the noise floor itself, so the score can discount noisy or blurred frames.</li>
 * </ol>
 * {@code score} [N, 1] = Sigmoid(w . log(features + eps) + b), a logistic regression fitted on the
 * training split, hence a calibrated probability of a defect.
 */
final class BaselineGraph {

    static final float EPS = 1e-6f;
    /** Added to a floor before dividing by it, so a flawless synthetic surface does not divide by zero. */
    static final float FLOOR_EPS = 1e-3f;
    static final List<String> FEATURES = List.of("fine", "blob", "colour", "noise");

    private BaselineGraph() {
    }

    static byte[] build(BaselineSizes s, double[] weights, double bias) {
        int k = s.kernel();
        float[] highPass = new float[k * k];
        Arrays.fill(highPass, -1f / (k * k));
        highPass[(k / 2) * k + k / 2] += 1f;
        float[] w = new float[weights.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) weights[i];
        }
        OnnxGraph g = new OnnxGraph("loupe-baseline")
                .input("image", -1, 3, s.height(), s.width())
                .initializer("luma_kernel", new float[]{0.299f, 0.587f, 0.114f}, 1, 3, 1, 1)
                .initializer("high_pass", highPass, 1, 1, k, k)
                .initializer("eps", new float[]{EPS}, 1)
                .initializer("floor_eps", new float[]{FLOOR_EPS}, 1)
                .initializer("just_above_one", new float[]{1.02f}, 1)
                .initializer("w", w, w.length, 1)
                .initializer("b", new float[]{(float) bias}, 1);
        ProductRegion.append(g, s);
        g.node("ReduceSum", List.of("region"), "region_sum", ints("axes", 2, 3), integer("keepdims", 1))
                .node("Add", List.of("region_sum", "one"), "area")
                .node("Conv", List.of("image", "luma_kernel"), "luma")
                .node("Conv", List.of("luma", "high_pass"), "luma_detail", ints("kernel_shape", k, k),
                        ints("pads", k / 2, k / 2, k / 2, k / 2))
                .node("Abs", List.of("luma_detail"), "deviation");
        regionMean(g, "deviation", "noise_floor");
        tileContrast(g, "deviation", "noise_floor", s.tile(), "f_fine");
        tileContrast(g, "deviation", "noise_floor", s.blob(), "f_blob");
        g.node("Sub", List.of("just_above_one", "image"), "darkness")
                .node("Log", List.of("darkness"), "log_darkness")
                .node("ReduceMean", List.of("log_darkness"), "log_darkness_mean", ints("axes", 1), integer("keepdims", 1))
                .node("Sub", List.of("log_darkness", "log_darkness_mean"), "chroma")
                .node("AveragePool", List.of("chroma"), "chroma_local", ints("kernel_shape", k, k),
                        ints("pads", k / 2, k / 2, k / 2, k / 2), ints("strides", 1, 1));
        regionMean(g, "chroma", "product_chroma");
        g.node("Sub", List.of("chroma_local", "product_chroma"), "chroma_shift")
                .node("Abs", List.of("chroma_shift"), "chroma_shift_abs")
                .node("ReduceSum", List.of("chroma_shift_abs"), "colour_deviation", ints("axes", 1), integer("keepdims", 1));
        regionMean(g, "colour_deviation", "colour_floor");
        tileContrast(g, "colour_deviation", "colour_floor", s.tile(), "f_colour");
        return g.node("Concat", List.of("f_fine", "f_blob", "f_colour", "noise_floor"), "features", integer("axis", 1))
                .node("Flatten", List.of("features"), "embedding", integer("axis", 1))
                .node("Add", List.of("embedding", "eps"), "features_eps")
                .node("Log", List.of("features_eps"), "log_features")
                .node("Gemm", List.of("log_features", "w", "b"), "logit")
                .node("Sigmoid", List.of("logit"), "score")
                .output("score", -1, 1)
                .output("embedding", -1, FEATURES.size())
                .toBytes("loupe-baseline");
    }

    /** {@code out} [N, C, 1, 1]: the mean of {@code map} over the region. */
    private static void regionMean(OnnxGraph g, String map, String out) {
        g.node("Mul", List.of(map, "region"), map + "_in_region")
                .node("ReduceSum", List.of(map + "_in_region"), out + "_sum", ints("axes", 2, 3), integer("keepdims", 1))
                .node("Div", List.of(out + "_sum", "area"), out);
    }

    /** {@code out} [N, 1, 1, 1]: the largest tile mean of {@code map} in the region, over {@code floor}. */
    private static void tileContrast(OnnxGraph g, String map, String floor, int tile, String out) {
        g.node("AveragePool", List.of(map), out + "_tiles", ints("kernel_shape", tile, tile),
                        ints("pads", tile / 2, tile / 2, tile / 2, tile / 2), ints("strides", 1, 1))
                .node("Mul", List.of(out + "_tiles", "region"), out + "_in_region")
                .node("ReduceMax", List.of(out + "_in_region"), out + "_max", ints("axes", 2, 3), integer("keepdims", 1))
                .node("Add", List.of(floor, "floor_eps"), out + "_floor")
                .node("Div", List.of(out + "_max", out + "_floor"), out);
    }
}
