package dev.loupe.train.baseline;

import dev.loupe.train.onnx.OnnxGraph;

import java.util.List;

import static dev.loupe.train.onnx.OnnxGraph.integer;
import static dev.loupe.train.onnx.OnnxGraph.ints;

/**
 * The rule-based baseline as an ONNX graph, so it is scored by the same {@code ImageClassifier} path
 * as every other model. Input {@code image}: FP32 [N, 3, H, W], RGB in [0, 1].
 *
 * <p>Every statistic is taken only inside the product's region ({@link ProductRegion}), so the product's
 * outline against the belt, the belt's seams and the camera bump never count. Five features, output as
 * {@code embedding} [N, 5]:
 * <ol>
 *   <li>{@code fine}: the largest mean |luma - local background| over {@code tile}-sided tiles, divided
 *       by its mean over the region (the frame's own noise floor, so lighting level, gradient and sensor
 *       noise cancel): a scratch or a pit cluster stands out from its surroundings. The background is a
 *       {@code kernel}-sided box blur, which follows a lighting gradient.</li>
 *   <li>{@code blob}: the same over {@code blob}-sided tiles: a dent or a large blotch.</li>
 *   <li>{@code broad}: the same over {@code blob}-sided tiles against a wider, {@code broad_kernel}-sided
 *       background (and its own floor): a shallow dent or a faint blotch, too soft for the small
 *       background, which follows it.</li>
 *   <li>{@code colour}: the largest distance of the local chroma (box-blurred) from the product's mean
 *       chroma, over its mean: a yellow-brown stain, which luma alone barely shows. Chroma here is each
 *       channel's darkness {@code 1.02 - c} over the mean darkness of the three: glare mixes the surface
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
    /** Added to a largest tile mean and to its floor before dividing, so a flawless surface gives 1. */
    static final float FLOOR_EPS = 1e-3f;
    static final List<String> FEATURES = List.of("fine", "blob", "broad", "colour", "noise");

    private BaselineGraph() {
    }

    static byte[] build(BaselineSizes s, double[] weights, double bias) {
        int k = s.kernel();
        int kb = s.broadKernel();
        float[] w = new float[weights.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) weights[i];
        }
        OnnxGraph g = new OnnxGraph("loupe-baseline")
                .input("image", -1, 3, s.height(), s.width())
                .initializer("eps", new float[]{EPS}, 1)
                .initializer("floor_eps", new float[]{FLOOR_EPS}, 1)
                .initializer("just_above_one", new float[]{1.02f}, 1)
                .initializer("w", w, w.length, 1)
                .initializer("b", new float[]{(float) bias}, 1);
        Channels.declare(g);
        Channels.declarePlane(g, "plane", s.height(), s.width());
        ProductRegion.append(g, s);
        g.reduceSum("region", "region_sum", true, 2, 3)
                .node("Add", List.of("region_sum", "one"), "area");
        Channels.sum(g, "image", "luma_weights", "plane", "luma");
        deviation(g, "luma", k, "deviation");
        deviation(g, "luma", kb, "broad_deviation");
        regionMean(g, "deviation", "noise_floor");
        regionMean(g, "broad_deviation", "broad_floor");
        tileContrast(g, "deviation", "noise_floor", s.tile(), "f_fine");
        tileContrast(g, "deviation", "noise_floor", s.blob(), "f_blob");
        tileContrast(g, "broad_deviation", "broad_floor", s.blob(), "f_broad");
        g.node("Sub", List.of("just_above_one", "image"), "darkness");
        Channels.sum(g, "darkness", "channel_thirds", "plane", "mean_darkness");
        g.node("Div", List.of("darkness", "mean_darkness"), "chroma")
                .node("AveragePool", List.of("chroma"), "chroma_local", ints("kernel_shape", k, k),
                        ints("pads", k / 2, k / 2, k / 2, k / 2), ints("strides", 1, 1));
        regionMean(g, "chroma", "product_chroma");
        g.node("Sub", List.of("chroma_local", "product_chroma"), "chroma_shift")
                .node("Abs", List.of("chroma_shift"), "chroma_shift_abs");
        Channels.sum(g, "chroma_shift_abs", "channel_ones", "plane", "colour_deviation");
        regionMean(g, "colour_deviation", "colour_floor");
        tileContrast(g, "colour_deviation", "colour_floor", s.tile(), "f_colour");
        return g.node("Concat", List.of("f_fine", "f_blob", "f_broad", "f_colour", "noise_floor"), "features", integer("axis", 1))
                .node("Flatten", List.of("features"), "embedding", integer("axis", 1))
                .node("Add", List.of("embedding", "eps"), "features_eps")
                .node("Log", List.of("features_eps"), "log_features")
                .node("Gemm", List.of("log_features", "w", "b"), BaselineTrainer.LOGIT)
                .node("Sigmoid", List.of(BaselineTrainer.LOGIT), "score")
                .output("score", -1, 1)
                .output("embedding", -1, FEATURES.size())
                .toBytes("loupe-baseline");
    }

    /** {@code out} = |{@code map} - its k x k box mean|: the local deviation from the background. */
    private static void deviation(OnnxGraph g, String map, int k, String out) {
        g.node("AveragePool", List.of(map), out + "_background", ints("kernel_shape", k, k),
                        ints("pads", k / 2, k / 2, k / 2, k / 2), ints("strides", 1, 1))
                .node("Sub", List.of(map, out + "_background"), out + "_signed")
                .node("Abs", List.of(out + "_signed"), out);
    }

    /** {@code out} [N, C, 1, 1]: the mean of {@code map} over the region. */
    private static void regionMean(OnnxGraph g, String map, String out) {
        g.node("Mul", List.of(map, "region"), map + "_in_region")
                .reduceSum(map + "_in_region", out + "_sum", true, 2, 3)
                .node("Div", List.of(out + "_sum", "area"), out);
    }

    /**
     * {@code out} [N, 1, 1, 1]: the largest tile mean of {@code map} in the region, over {@code floor}, both
     * plus {@link #FLOOR_EPS}: a map that is only rounding noise (the chroma of a grey image) gives 1, not
     * a ratio of noise.
     */
    private static void tileContrast(OnnxGraph g, String map, String floor, int tile, String out) {
        g.node("AveragePool", List.of(map), out + "_tiles", ints("kernel_shape", tile, tile),
                        ints("pads", tile / 2, tile / 2, tile / 2, tile / 2), ints("strides", 1, 1))
                .node("Mul", List.of(out + "_tiles", "region"), out + "_in_region")
                .node("ReduceMax", List.of(out + "_in_region"), out + "_max", ints("axes", 2, 3), integer("keepdims", 1))
                .node("Add", List.of(out + "_max", "floor_eps"), out + "_max_eps")
                .node("Add", List.of(floor, "floor_eps"), out + "_floor")
                .node("Div", List.of(out + "_max_eps", out + "_floor"), out);
    }
}
